/// Looks at the inputs every ReLU layer saw in the last forward pass, whatever module fed it (a Linear,
/// a tanh, another ReLU, or the data).
struct KinkProbe {
    let relus: [ReLU<Double>]

    init(_ network: Sequential<Double>) {
        relus = network.layers.compactMap { $0 as? ReLU<Double> }
    }

    /// The ReLU inputs, in order.
    func inputs() -> [Double] { relus.flatMap { $0.lastInput?.values ?? [] } }

    /// True when a ReLU input that the perturbation moved crossed its kink since `base` or lies within h
    /// of it. Inputs it did not move (those before the perturbed layer, or every one when an output-layer
    /// parameter moves) cannot bend the loss, however close to 0 they are.
    func nearKink(comparedWith base: [Double], within h: Double) -> Bool {
        zip(inputs(), base).contains { v, b in v != b && (Swift.abs(v) < h || (v > 0) != (b > 0)) }
    }
}
