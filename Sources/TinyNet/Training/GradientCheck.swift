/// One parameter tensor's analytic gradient a against the central difference
/// n = (L(w + h) − L(w − h)) / 2h.
public struct ParameterCheck: Sendable, Equatable {
    public var name: String
    /// ‖a − n‖ / max(‖a‖ + ‖n‖, 1e-12), L2 norms over the whole tensor.
    public var relativeError: Double
    /// max |a − n| over the elements.
    public var maxAbsDifference: Double
    /// Coordinates where some ReLU input lay within h of its kink (0) on either
    /// side of the perturbation: the central difference is unreliable there.
    public var kinkCoordinates: Int
}

/// The relative error of two gradient tensors: ‖a − n‖ / max(‖a‖ + ‖n‖, 1e-12).
public func relativeError(_ a: [Double], _ n: [Double]) -> Double {
    var diff = 0.0, na = 0.0, nn = 0.0
    for i in a.indices {
        diff += (a[i] - n[i]) * (a[i] - n[i])
        na += a[i] * a[i]
        nn += n[i] * n[i]
    }
    return diff.squareRoot() / max(na.squareRoot() + nn.squareRoot(), 1e-12)
}

/// Compares every parameter's analytic gradient with central differences on
/// the batch (x, target), in Double. `skipKinks` leaves out coordinates whose
/// perturbation moves a ReLU input across (or within h of) zero.
public func gradientCheck(
    _ network: Sequential<Double>, loss: any Loss<Double>, x: Matrix<Double>, target: Matrix<Double>,
    step h: Double = 1e-5, skipKinks: Bool = true
) -> [ParameterCheck] {
    network.zeroGradients()
    let output = network.forward(x, training: true)
    _ = network.backward(loss.lossAndGradient(output, target).gradient)
    let kinkProbe = KinkProbe(network)
    let baseSigns = kinkProbe.signs()
    return network.parameters.map { p in
        let analytic = p.grad.values
        var numeric = analytic, keep = Array(repeating: true, count: p.count)
        var kinks = 0
        for i in 0..<p.count {
            let original = p.value.pointer[i]
            p.value.pointer[i] = original + h
            let plus = loss.lossAndGradient(network.forward(x, training: false), target).loss
            let nearKinkPlus = kinkProbe.nearKink(comparedWith: baseSigns, within: h)
            p.value.pointer[i] = original - h
            let minus = loss.lossAndGradient(network.forward(x, training: false), target).loss
            let nearKinkMinus = kinkProbe.nearKink(comparedWith: baseSigns, within: h)
            p.value.pointer[i] = original
            numeric[i] = (plus - minus) / (2 * h)
            if nearKinkPlus || nearKinkMinus { kinks += 1; keep[i] = !skipKinks }
        }
        let kept = analytic.indices.filter { keep[$0] }
        let a = kept.map { analytic[$0] }, n = kept.map { numeric[$0] }
        let maxAbs = zip(a, n).map { Swift.abs($0 - $1) }.max() ?? 0
        return ParameterCheck(name: p.name, relativeError: relativeError(a, n), maxAbsDifference: maxAbs, kinkCoordinates: kinks)
    }
}

/// Looks at the inputs the ReLU layers saw in the last forward pass.
struct KinkProbe {
    let inputsOfReLUs: [() -> [Double]]

    init(_ network: Sequential<Double>) {
        var probes: [() -> [Double]] = []
        for (i, layer) in network.layers.enumerated() where layer is ReLU<Double> && i > 0 {
            let previous = network.layers[i - 1]
            probes.append { (previous as? Linear<Double>)?.lastOutput?.values ?? [] }
        }
        inputsOfReLUs = probes
    }

    /// Which ReLU inputs are positive, in order.
    func signs() -> [Bool] { inputsOfReLUs.flatMap { $0().map { $0 > 0 } } }

    /// True when a ReLU input crossed its kink since `base` or lies within h of it.
    func nearKink(comparedWith base: [Bool], within h: Double) -> Bool {
        let now = inputsOfReLUs.flatMap { $0() }
        return zip(now, base).contains { v, wasPositive in Swift.abs(v) < h || (v > 0) != wasPositive }
    }
}
