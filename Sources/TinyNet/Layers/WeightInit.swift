/// How a network's Linear layers start (the `init` key).
public enum Initialization: String, CaseIterable, Sendable {
    /// He normal for a Linear feeding ReLU, Xavier uniform otherwise; zero biases (the design's rule).
    case heGlorot = "he_glorot"
    /// PyTorch's `nn.Linear` default (kaiming_uniform_ with a = √5): W and b ~ U(−1/√fan_in, 1/√fan_in).
    /// Its weights are about 2.4 times smaller than He's (std 1/√(3·fan_in) against √(2/fan_in)); on some
    /// data the same run then generalizes a few points better (README). Use it to compare with PyTorch.
    case torch

    /// The draw for the Linear followed by `next` (nil: the last layer).
    public func forLinear(followedBy next: LayerSpec?) -> WeightInit {
        switch self {
        case .heGlorot: return next == .relu ? .he : .xavier
        case .torch: return .torchUniform
        }
    }
}

/// How one Linear layer's weights (and biases) are drawn; `Initialization` picks one per layer.
public enum WeightInit: Sendable {
    /// He (Kaiming) normal, for layers feeding a ReLU: W ~ N(0, 2 / fan_in); b = 0.
    case he
    /// Xavier (Glorot) uniform, otherwise: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)); b = 0.
    case xavier
    /// PyTorch's nn.Linear: W ~ U(−a, a) then b ~ U(−a, a), a = 1/√fan_in (gain √(2/(1+5)) of kaiming_uniform_).
    case torchUniform

    func sample<T: Scalar>(rows fanOut: Int, cols fanIn: Int, as: T.Type, using rng: inout SeededGenerator) -> Matrix<T> {
        let m = Matrix<T>(rows: fanOut, cols: fanIn)
        switch self {
        case .he:
            let std = (2.0 / Double(max(fanIn, 1))).squareRoot()
            for i in 0..<m.count { m.pointer[i] = T(rng.nextNormal() * std) }
        case .xavier:
            fillUniform(m, bound: (6.0 / Double(max(fanIn + fanOut, 1))).squareRoot(), using: &rng)
        case .torchUniform:
            fillUniform(m, bound: torchBound(fanIn: fanIn), using: &rng)
        }
        return m
    }

    /// The biases, drawn after the weights (PyTorch's order): zero except for `torchUniform`.
    func sampleBias<T: Scalar>(count: Int, fanIn: Int, as: T.Type, using rng: inout SeededGenerator) -> Matrix<T> {
        let b = Matrix<T>(rows: 1, cols: count)
        if self == .torchUniform { fillUniform(b, bound: torchBound(fanIn: fanIn), using: &rng) }
        return b
    }

    private func torchBound(fanIn: Int) -> Double { 1 / Double(max(fanIn, 1)).squareRoot() }

    /// U(−bound, bound) in every element.
    private func fillUniform<T: Scalar>(_ m: Matrix<T>, bound: Double, using rng: inout SeededGenerator) {
        for i in 0..<m.count { m.pointer[i] = T((2 * rng.nextUnit() - 1) * bound) }
    }
}
