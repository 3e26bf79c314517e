/// Mean squared error over every element:
///   L = (1 / (B·K)) Σ (y − t)²,   dL/dy = 2 (y − t) / (B·K)
public final class MeanSquaredError<T: Scalar>: Loss {
    private var gradient = ReusableBuffer<T>()  // (B, K)

    public init() {}

    public var kind: LossKind { .mse }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient(_ y: Matrix<T>, _ target: Matrix<T>) -> (loss: Double, gradient: Matrix<T>) {
        precondition(target.rows == y.rows && target.cols == y.cols, "mse targets must have the output's shape")
        let dy = gradient.matrix(rows: y.rows, cols: y.cols)
        let n = y.count
        guard n > 0 else { return (0, dy) }
        let scale = 2 / T(n)
        var total: T = 0
        for k in 0..<n {
            let d = y.pointer[k] - target.pointer[k]
            total += d * d
            dy.pointer[k] = scale * d
        }
        return (Double(total / T(n)), dy)
    }
}
