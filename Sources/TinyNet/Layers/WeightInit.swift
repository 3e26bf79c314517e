/// How a Linear layer's weights are drawn.
public enum WeightInit: Sendable {
    /// He (Kaiming) normal, for layers feeding a ReLU: W ~ N(0, 2 / fan_in).
    case he
    /// Xavier (Glorot) uniform, otherwise: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)).
    case xavier

    /// He for a Linear followed by ReLU, Xavier otherwise.
    public static func forLinear(followedBy next: LayerSpec?) -> WeightInit {
        next == .relu ? .he : .xavier
    }

    func sample<T: Scalar>(rows fanOut: Int, cols fanIn: Int, as: T.Type, using rng: inout SeededGenerator) -> Matrix<T> {
        let m = Matrix<T>(rows: fanOut, cols: fanIn)
        switch self {
        case .he:
            let std = (2.0 / Double(max(fanIn, 1))).squareRoot()
            for i in 0..<m.count { m.pointer[i] = T(rng.nextNormal() * std) }
        case .xavier:
            let a = (6.0 / Double(max(fanIn + fanOut, 1))).squareRoot()
            for i in 0..<m.count { m.pointer[i] = T((2 * rng.nextUnit() - 1) * a) }
        }
        return m
    }
}
