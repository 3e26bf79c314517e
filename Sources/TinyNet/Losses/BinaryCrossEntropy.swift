/// Sigmoid binary cross-entropy on logits z with targets t ∈ [0, 1], in the
/// stable form of PyTorch's BCEWithLogitsLoss (never exp of a large positive):
///   l_ik = max(z, 0) − z·t + log(1 + e^(−|z|))
///   L = Σ_i w_i Σ_k l_ik / (K · Σ_i w_i)     (w = 1 without class weights: the mean over B·K)
///   dL/dz_ik = w_i·(σ(z_ik) − t_ik) / (K · Σ_i w_i)
/// where w_i is the weight of row i's class: t_i for one output, the hot column of a one-hot row.
public final class BinaryCrossEntropy<T: Scalar>: Loss {
    public let classWeights: [T]?
    private var gradient = ReusableBuffer<T>()  // (B, K)
    private var terms = ReusableBuffer<T>()     // (B, K): each element's loss

    public init(classWeights: [Double]? = nil) {
        self.classWeights = classWeights?.map { T($0) }
    }

    public var kind: LossKind { .bce }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient(_ z: Matrix<T>, _ target: Matrix<T>) -> (loss: Double, gradient: Matrix<T>) {
        precondition(target.rows == z.rows && target.cols == z.cols, "bce targets must have the output's shape")
        let (rows, cols) = (z.rows, z.cols)
        let dz = gradient.matrix(rows: rows, cols: cols)
        guard z.count > 0 else { return (0, dz) }
        let loss = terms.matrix(rows: rows, cols: cols)
        T.bceTerms(z.pointer, target.pointer, loss: loss.pointer, sigmoid: dz.pointer, count: z.count)  // dz holds σ(z) for now
        var total: T = 0
        var weightSum: T = 0
        for i in 0..<rows {
            let ti = target.pointer + i * cols, di = dz.pointer + i * cols
            let w = classWeights.map { $0[rowClass(ti, cols)] } ?? 1
            for k in 0..<cols { di[k] = w * (di[k] - ti[k]) }
            total += w * T.sum(loss.pointer + i * cols, count: cols)
            weightSum += w
        }
        guard weightSum > 0 else { return (0, dz) }
        let scale = 1 / (T(cols) * weightSum)
        for k in 0..<dz.count { dz.pointer[k] *= scale }
        return (Double(total * scale), dz)
    }

    /// The class of a target row: 0 or 1 for one output, else the index of its largest (hot) entry.
    private func rowClass(_ t: UnsafeMutablePointer<T>, _ cols: Int) -> Int {
        if cols == 1 { return t[0] > 0.5 ? 1 : 0 }
        var best = 0
        for k in 1..<cols where t[k] > t[best] { best = k }
        return best
    }
}
