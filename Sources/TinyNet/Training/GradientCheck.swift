/// One parameter tensor's analytic gradient a against the central difference
/// n = (L(w + h) − L(w − h)) / 2h.
public struct ParameterCheck: Sendable, Equatable {
    public var name: String
    /// ‖a − n‖ / max(‖a‖ + ‖n‖, 1e-12), L2 norms over the whole tensor.
    public var relativeError: Double
    /// max |a − n| over the elements.
    public var maxAbsDifference: Double
    /// ‖a‖ + ‖n‖, the relative error's denominator unless it is below `relativeErrorFloor`.
    public var normSum: Double
    /// max |n| over the elements.
    public var largestNumeric: Double
    /// Every compared analytic gradient is exactly 0.
    public var analyticIsZero: Bool
    /// Coordinates whose perturbation (+h or −h) moved some ReLU input across its kink (0): the central
    /// difference is unreliable there.
    public var kinkCoordinates: Int
    /// Of `kinkCoordinates`, those that move a ReLU input lying exactly at 0 before the perturbation.
    /// ReLU has no derivative there: the backward pass takes 0 (as PyTorch does), while the central
    /// difference takes the mean of the two sides' slopes, whatever the step. No step checks them.
    public var atKinkCoordinates: Int
    /// Coordinates sampled (all of the tensor unless a sample was asked for), skipped ones included.
    public var checkedCoordinates: Int
    /// The rounding error a central difference carries at this loss: ε·max|L(w ± h)| / h (ε = 2⁻⁵²).
    /// Each loss value is off by about ε·|L|, and the difference of two divides that by 2h.
    public var roundingLevel: Double

    /// Coordinates compared: those sampled, less those skipped for crossing a kink.
    public var comparedCoordinates: Int { checkedCoordinates - kinkCoordinates }
    /// Every coordinate moves a ReLU input lying exactly at its kink: no step can check this tensor.
    public var isNotCheckable: Bool { checkedCoordinates > 0 && atKinkCoordinates == checkedCoordinates }
    /// The largest |a − n| is within 100 times the rounding level: the difference is what rounding gives,
    /// and a smaller step makes it larger (a larger one, smaller). The margin covers the terms of the loss,
    /// which may be larger than the loss (softmax cross-entropy's logits) and round with it.
    public var differsOnlyByRounding: Bool { maxAbsDifference <= 100 * roundingLevel }
    /// The analytic gradient is exactly 0 and the numeric one within that margin of 0, not exactly 0 (a bias whose
    /// rows' gradients cancel, as balanced classes through a constant input give): the relative error of rounding
    /// noise against 0 is about 1 at any step, and a central difference cannot confirm the 0 (a backward pass that
    /// dropped a gradient that small would look the same), so the tensor fails, with that reason.
    public var isZeroWithinRounding: Bool { !isVanishing && analyticIsZero && largestNumeric <= 100 * roundingLevel }
    /// ‖a‖ + ‖n‖ is below `relativeErrorFloor` (every gradient exactly 0 included: a loss of 0, or a stationary
    /// point at these rows): the relative error is then ‖a − n‖ / 1e-12, an absolute test that no step changes, of
    /// gradients that are 0 but for the rounding of their sums (a wrong backward pass giving 0 would score alike).
    public var isVanishing: Bool { normSum < relativeErrorFloor }
}

/// The relative error's smallest denominator (DESIGN): below it, the error is a difference over 1e-12.
public let relativeErrorFloor = 1e-12

/// The relative error of two gradient tensors: ‖a − n‖ / max(‖a‖ + ‖n‖, 1e-12).
public func relativeError(_ a: [Double], _ n: [Double]) -> Double {
    var diff = 0.0, na = 0.0, nn = 0.0
    for i in a.indices {
        diff += (a[i] - n[i]) * (a[i] - n[i])
        na += a[i] * a[i]
        nn += n[i] * n[i]
    }
    return diff.squareRoot() / max(na.squareRoot() + nn.squareRoot(), relativeErrorFloor)
}

/// How far a gradient check has gone: `done` of `total` coordinates (over every tensor), the last in `parameter`.
public struct GradientCheckProgress: Sendable, Equatable {
    public var parameter: String
    public var done: Int
    public var total: Int

    public init(parameter: String, done: Int, total: Int) {
        (self.parameter, self.done, self.total) = (parameter, done, total)
    }
}

/// Compares every parameter's analytic gradient with central differences on
/// the batch (x, target), in Double, leaving out coordinates whose perturbation
/// moves a ReLU input across (or away from exactly) zero. With
/// `coordinates`, a tensor with more elements than that is checked on that many
/// of them, drawn without replacement from `seed` (CS231n's sparse check): two
/// forward passes per checked coordinate is what makes a full check slow, so `onProgress`
/// hears of every coordinate checked.
public func gradientCheck(
    _ network: Sequential<Double>, loss: any Loss<Double>, x: Matrix<Double>, target: Matrix<Double>,
    step h: Double = 1e-5, coordinates: Int? = nil, seed: UInt64 = 0,
    onProgress: (GradientCheckProgress) -> Void = { _ in }
) -> [ParameterCheck] {
    network.zeroGradients()
    let output = network.forward(x, training: true)
    _ = network.backward(loss.lossAndGradient(output, target).gradient)
    let kinkProbe = KinkProbe(network)
    let baseInputs = kinkProbe.inputs()
    var rng = SeededGenerator(seed: seed)
    let sampled = network.parameters.map { sampledCoordinates($0.count, limit: coordinates, using: &rng) }
    var progress = GradientCheckProgress(parameter: "", done: 0, total: sampled.reduce(0) { $0 + $1.count })
    /// The loss with coordinate i of p set to `value` (then restored), and whether that moves a ReLU input across its kink.
    func perturbedLoss(setting p: Parameter<Double>, _ i: Int, to value: Double) -> (loss: Double, contact: KinkContact) {
        let original = p.value.pointer[i]
        p.value.pointer[i] = value
        defer { p.value.pointer[i] = original }
        let perturbed = loss.lossAndGradient(network.forward(x, training: false), target).loss
        return (perturbed, kinkProbe.contact(comparedWith: baseInputs))
    }
    return zip(network.parameters, sampled).map { p, checked in
        progress.parameter = p.name
        let analytic = checked.map { p.grad.pointer[$0] }
        var numeric = analytic, keep = Array(repeating: true, count: checked.count)
        var kinks = 0, atKinks = 0, largestLoss = 0.0
        for (k, i) in checked.enumerated() {
            // Central difference: dL/dw ≈ (L(w + h) − L(w − h)) / 2h, error O(h²).
            let (plus, contactPlus) = perturbedLoss(setting: p, i, to: p.value.pointer[i] + h)
            let (minus, contactMinus) = perturbedLoss(setting: p, i, to: p.value.pointer[i] - h)
            numeric[k] = (plus - minus) / (2 * h)
            largestLoss = max(largestLoss, Swift.abs(plus), Swift.abs(minus))
            let contact = max(contactPlus, contactMinus)
            if contact != .clear { kinks += 1; keep[k] = false }
            if contact == .at { atKinks += 1 }
            progress.done += 1
            onProgress(progress)
        }
        let kept = analytic.indices.filter { keep[$0] }
        let a = kept.map { analytic[$0] }, n = kept.map { numeric[$0] }
        let maxAbs = zip(a, n).map { Swift.abs($0 - $1) }.max() ?? 0
        let normSum = a.reduce(0) { $0 + $1 * $1 }.squareRoot() + n.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return ParameterCheck(name: p.name, relativeError: relativeError(a, n), maxAbsDifference: maxAbs, normSum: normSum,
                              largestNumeric: n.map { Swift.abs($0) }.max() ?? 0, analyticIsZero: a.allSatisfy { $0 == 0 }, kinkCoordinates: kinks,
                              atKinkCoordinates: atKinks, checkedCoordinates: checked.count,
                              roundingLevel: Double.ulpOfOne * largestLoss / h)
    }
}

/// All of 0..<count in order, or `limit` of them drawn without replacement
/// (a partial Fisher–Yates shuffle), sorted.
func sampledCoordinates(_ count: Int, limit: Int?, using rng: inout SeededGenerator) -> [Int] {
    guard let limit, limit < count else { return Array(0..<count) }
    var all = Array(0..<count)
    for i in 0..<limit { all.swapAt(i, i + rng.nextIndex(below: count - i)) }
    return all[0..<limit].sorted()
}
