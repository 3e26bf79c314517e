/// Where a perturbation left the ReLU inputs it moved, from harmless to uncheckable.
enum KinkContact: Int, Comparable {
    /// Every moved input stayed on its side of 0, where ReLU is linear.
    case clear
    /// Some moved input crossed 0 (or reached it): a smaller step would clear it.
    case near
    /// Some moved input was exactly 0 before the perturbation: no step clears it.
    case at

    static func < (a: KinkContact, b: KinkContact) -> Bool { a.rawValue < b.rawValue }
}

/// Looks at the inputs every ReLU layer saw in the last forward pass, whatever module fed it (a Linear,
/// a tanh, another ReLU, or the data).
struct KinkProbe {
    let relus: [ReLU<Double>]

    init(_ network: Sequential<Double>) {
        relus = network.layers.compactMap { $0 as? ReLU<Double> }
    }

    /// Each ReLU layer's inputs, layer by layer.
    func inputs() -> [[Double]] { relus.map { $0.cachedInput?.values ?? [] } }

    /// Whether the perturbation moved a ReLU input across the kink, against the inputs' values `base` before
    /// it. Only a crossing bends the loss: on either side ReLU is linear, so an input that stays on its side
    /// however close to 0 (small features, or a small input_scale, move it by far less than h) leaves the
    /// central difference exact. Inputs the perturbation did not move (those before the perturbed layer, or
    /// every one when an output-layer parameter moves) cannot bend it either.
    ///
    /// The first ReLU layer the perturbation bends decides: behind it a later ReLU's inputs move with the bend.
    /// A ReLU fed by another sees exactly 0 for each unit the first turns off (relu(relu(x)) = relu(x)), and a
    /// step that turns one on moves that 0: the first ReLU's crossing, which a smaller step clears, not an
    /// input lying at the kink.
    func contact(comparedWith base: [[Double]]) -> KinkContact {
        for (layer, before) in zip(inputs(), base) {
            var contact = KinkContact.clear
            for (v, b) in zip(layer, before) where v != b {
                if b == 0 { return .at }
                if (v > 0) != (b > 0) { contact = .near }
            }
            if contact != .clear { return contact }
        }
        return .clear
    }
}
