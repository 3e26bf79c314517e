/// Softmax cross-entropy with integer class targets, computed stably:
///   p = softmax(z − max z),  l_i = log Σ_j e^(z_ij − m_i) − (z_iy − m_i)
///   L = Σ_i w_yi·l_i / Σ_i w_yi      (w = 1 without class weights: the mean)
///   dL/dz_ij = w_yi·(p_ij − [j = y_i]) / Σ_i w_yi
public final class SoftmaxCrossEntropy<T: Scalar>: Loss {
    public let classWeights: [T]?
    private var gradient = ReusableBuffer<T>()  // (B, C)

    public init(classWeights: [Double]? = nil) {
        self.classWeights = classWeights?.map { T($0) }
    }

    public var kind: LossKind { .softmaxCE }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient(_ z: Matrix<T>, _ target: Matrix<T>) -> (loss: Double, gradient: Matrix<T>) {
        precondition(target.rows == z.rows && target.cols == 1, "softmax_ce targets are (B, 1) class indices")
        let (rows, cols) = (z.rows, z.cols)
        let dz = gradient.matrix(rows: rows, cols: cols)
        var total: T = 0
        var weightSum: T = 0
        for i in 0..<rows {
            let y = Int(target.pointer[i])
            precondition(y >= 0 && y < cols, "class index \(y) out of range 0..<\(cols)")
            let w = classWeights?[y] ?? 1
            let zi = z.pointer + i * cols, pi = dz.pointer + i * cols
            let (m, sum) = T.softmaxNumerators(zi, pi, count: cols)
            total += w * (T.log(sum) - (zi[y] - m))
            weightSum += w
            let inv = w / sum
            for j in 0..<cols { pi[j] *= inv }
            pi[y] -= w
        }
        guard rows > 0, weightSum > 0 else { return (0, dz) }
        let scale = 1 / weightSum
        for k in 0..<dz.count { dz.pointer[k] *= scale }
        return (Double(total / weightSum), dz)
    }
}
