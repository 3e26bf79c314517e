/// Sigmoid binary cross-entropy on logits z with targets t ∈ [0, 1], in the
/// stable form of PyTorch's BCEWithLogitsLoss (never exp of a large positive):
///   l = max(z, 0) − z·t + log(1 + e^(−|z|)),   L = mean over all B·K elements
///   dL/dz = (σ(z) − t) / (B·K)
public final class BinaryCrossEntropy<T: Scalar>: Loss {
    private var gradient = ReusableBuffer<T>()  // (B, K)

    public init() {}

    public var kind: LossKind { .bce }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient(_ z: Matrix<T>, _ target: Matrix<T>) -> (loss: Double, gradient: Matrix<T>) {
        precondition(target.rows == z.rows && target.cols == z.cols, "bce targets must have the output's shape")
        let dz = gradient.matrix(rows: z.rows, cols: z.cols)
        let n = z.count
        guard n > 0 else { return (0, dz) }
        let scale = 1 / T(n)
        var total: T = 0
        for k in 0..<n {
            let x = z.pointer[k], t = target.pointer[k]
            let e = T.exp(-Swift.abs(x))  // e^(−|z|) ∈ (0, 1]
            total += Swift.max(x, 0) - x * t + T.log1p(e)
            let p = x >= 0 ? 1 / (1 + e) : e / (1 + e)  // σ(z), two-branch form
            dz.pointer[k] = (p - t) * scale
        }
        return (Double(total / T(n)), dz)
    }
}
