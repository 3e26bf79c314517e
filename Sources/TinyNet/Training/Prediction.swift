/// Running a trained network on rows: its outputs in chunks, the class they predict, class probabilities.

/// Rows per forward pass when evaluating or predicting: up to 1024, fewer for a
/// very wide network, so that no activation buffer exceeds 2^24 values.
public func evaluationChunkRows(widestLayer: Int) -> Int {
    max(1, min(1024, (1 << 24) / max(widestLayer, 1)))
}

/// A row whose outputs are not finite: its inputs overflow inside the network (or the weights are too
/// large for the dtype). eval and predict refuse it rather than score NaN or write it as a class.
public struct NonFiniteOutputError: Error, Sendable {
    /// The row's index in the chunk it was computed in.
    public var row: Int
}

extension Matrix {
    /// The first row holding a NaN or an infinity, nil when every value is finite.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func firstNonFiniteRow() -> Int? {
        for i in 0..<count where !pointer[i].isFinite { return i / Swift.max(cols, 1) }
        return nil
    }

    /// Whether every value of the first `rows` rows is finite: one pass of comparisons that vectorizes (no early
    /// exit, so that no branch stops it), for the common case; only when it fails are the rows looked at.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func allFinite(rows: Int) -> Bool {
        var beyond: UInt8 = 0
        for i in 0..<rows * cols { beyond |= pointer[i].magnitude <= T.greatestFiniteMagnitude ? 0 : 1 }  // NaN compares false
        return beyond == 0
    }
}

/// The network's outputs for every row of `x`, computed in chunks of rows
/// copied into one buffer; NaN for a row whose values overflow inside the network.
public func predictOutputs<T: Scalar>(_ network: Sequential<T>, _ x: Matrix<T>, chunk: Int? = nil) -> Matrix<T> {
    let widest = network.linears.reduce(x.cols) { max($0, $1.outFeatures) }
    let chunk = chunk ?? evaluationChunkRows(widestLayer: widest)
    let out = Matrix<T>(rows: x.rows, cols: network.outputWidth)
    let buffer = Matrix<T>(rows: min(chunk, x.rows), cols: x.cols)
    var lo = 0
    while lo < x.rows {
        let n = min(chunk, x.rows - lo)
        buffer.pointer.update(from: x.pointer + lo * x.cols, count: n * x.cols)
        let y = network.forward(buffer.prefixRows(n), training: false)
        (out.pointer + lo * out.cols).update(from: y.pointer, count: y.count)
        // A row that overflowed inside the network has no output: a hidden Linear's ±∞ (or NaN), which a later tanh
        // or sigmoid would squash to a confident ±1, makes its outputs NaN, as eval and predict refuse by its line.
        // (Every Linear: one followed by an activation may be the last.)
        for linear in network.linears {
            guard let hidden = linear.lastOutput, !hidden.allFinite(rows: n) else { continue }
            for row in 0..<n where !(0..<hidden.cols).allSatisfy({ hidden.pointer[row * hidden.cols + $0].isFinite }) {
                (out.pointer + (lo + row) * out.cols).update(repeating: .nan, count: out.cols)
            }
        }
        lo += n
    }
    return out
}

/// The class a row of outputs (logits) predicts: their argmax, the first on a tie; for a single output
/// (binary BCE) the logit's sign. eval and predict both decide by it: probabilities can tie where logits do
/// not (two sigmoids that both round to 1).
@inline(__always)
public func predictedClass<T: Scalar>(_ outputs: Matrix<T>, row i: Int) -> Int {
    let p = outputs.pointer + i * outputs.cols
    if outputs.cols == 1 { return p[0] > 0 ? 1 : 0 }
    var best = 0
    for j in 1..<outputs.cols where p[j] > p[best] { best = j }
    return best
}

/// Class probabilities from network outputs: softmax for softmax CE; for BCE
/// σ of each output (a single output z gives [σ(−z), σ(z)]: 1 − σ(z) would round a small probability
/// to 0 or to its ulps of 1); otherwise the outputs.
public func classProbabilities<T: Scalar>(_ outputs: Matrix<T>, loss: LossKind) -> Matrix<T> {
    let cols = outputs.cols == 1 && loss == .bce ? 2 : outputs.cols
    let p = Matrix<T>(rows: outputs.rows, cols: cols)
    for i in 0..<outputs.rows {
        let z = outputs.pointer + i * outputs.cols, pi = p.pointer + i * cols
        switch loss {
        case .softmaxCE:
            let sum = T.softmaxNumerators(z, pi, count: cols).sum
            for j in 0..<cols { pi[j] /= sum }
        case .bce:
            if outputs.cols == 1 {
                var negated = -z[0]
                T.sigmoidForward(z, pi + 1, count: 1)
                T.sigmoidForward(&negated, pi, count: 1)
            } else {
                T.sigmoidForward(z, pi, count: cols)
            }
        case .mse:
            pi.update(from: z, count: cols)
        }
    }
    return p
}
