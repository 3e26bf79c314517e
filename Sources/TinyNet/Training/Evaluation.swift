/// Metrics of a network on labelled data.
public struct Evaluation: Sendable, Equatable {
    public var samples: Int
    public var loss: Double
    // Classification
    public var accuracy: Double?
    /// confusion[true][predicted]
    public var confusion: [[Int]]?
    // Regression
    public var mse: Double?
    public var mae: Double?
    public var r2: Double?

    public init(samples: Int, loss: Double, accuracy: Double? = nil, confusion: [[Int]]? = nil,
                mse: Double? = nil, mae: Double? = nil, r2: Double? = nil) {
        (self.samples, self.loss, self.accuracy, self.confusion) = (samples, loss, accuracy, confusion)
        (self.mse, self.mae, self.r2) = (mse, mae, r2)
    }
}

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
    public func firstNonFiniteRow() -> Int? {
        for i in 0..<count where !pointer[i].isFinite { return i / Swift.max(cols, 1) }
        return nil
    }
}

/// The network's outputs for every row of `x`, computed in chunks of rows
/// copied into one buffer.
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
        lo += n
    }
    return out
}

/// Loss and metrics of `network` on `data`.
public func evaluate<T: Scalar>(_ network: Sequential<T>, loss: any Loss<T>, on data: Dataset<T>) -> Evaluation {
    evaluation(outputs: predictOutputs(network, data.features), loss: loss, on: data)
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

/// How many of `rows` the batch outputs classify correctly.
@_specialize(where T == Float)
@_specialize(where T == Double)
func countCorrect<T: Scalar>(_ outputs: Matrix<T>, _ classes: [Int], rows: ArraySlice<Int>) -> Int {
    var correct = 0
    for (i, r) in rows.enumerated() where predictedClass(outputs, row: i) == classes[r] { correct += 1 }
    return correct
}

/// Mean squared error, mean absolute error and R² = 1 − SS_res / SS_tot over all targets.
public func regressionMetrics<T: Scalar>(predicted: Matrix<T>, target: Matrix<T>) -> (mse: Double, mae: Double, r2: Double) {
    let n = target.count
    guard n > 0 else { return (0, 0, 0) }
    var mean = 0.0
    var (lowest, highest) = (Double.infinity, -Double.infinity)
    for i in 0..<n {
        let y = Double(target.pointer[i])
        (mean, lowest, highest) = (mean + y, Swift.min(lowest, y), Swift.max(highest, y))
    }
    mean /= Double(n)
    var ssRes = 0.0, ssTot = 0.0, absSum = 0.0
    for i in 0..<n {
        let y = Double(target.pointer[i]), d = Double(predicted.pointer[i]) - y
        ssRes += d * d
        absSum += Swift.abs(d)
        ssTot += (y - mean) * (y - mean)
    }
    // A constant target has SS_tot = 0 exactly, though Σy/n may round away from the constant (0.1 × 3).
    if lowest == highest { ssTot = 0 }
    return (ssRes / Double(n), absSum / Double(n), rSquared(residualSquares: ssRes, totalSquares: ssTot, count: n))
}

/// R² = 1 − SS_res / SS_tot, as scikit-learn's `r2_score`: undefined (NaN) for fewer than two samples; for a
/// constant target (SS_tot = 0), 1 when every prediction is exact, else 0.
public func rSquared(residualSquares: Double, totalSquares: Double, count: Int) -> Double {
    guard count >= 2 else { return .nan }
    guard totalSquares > 0 else { return residualSquares == 0 ? 1 : 0 }
    return 1 - residualSquares / totalSquares
}

/// Metrics of precomputed outputs against `data`'s targets.
public func evaluation<T: Scalar>(outputs: Matrix<T>, loss: any Loss<T>, on data: Dataset<T>) -> Evaluation {
    let value = data.count == 0 ? 0 : loss.lossAndGradient(outputs, data.targets).loss
    var result = Evaluation(samples: data.count, loss: value)
    if !data.classIndices.isEmpty {
        let classes = max(outputs.cols == 1 ? 2 : outputs.cols, (data.classIndices.max() ?? 0) + 1)
        var confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for i in 0..<data.count {
            confusion[data.classIndices[i]][predictedClass(outputs, row: i)] += 1
        }
        result.confusion = confusion
        result.accuracy = Double((0..<classes).reduce(0) { $0 + confusion[$1][$1] }) / Double(max(data.count, 1))
    } else {
        let (mse, mae, r2) = regressionMetrics(predicted: outputs, target: data.targets)
        (result.mse, result.mae, result.r2) = (mse, mae, r2)
    }
    return result
}

/// Class probabilities from network outputs: softmax for softmax CE; for BCE
/// σ of each output (a single output gives [1 − σ, σ]); otherwise the outputs.
public func classProbabilities<T: Scalar>(_ outputs: Matrix<T>, loss: LossKind) -> Matrix<T> {
    let cols = outputs.cols == 1 && loss == .bce ? 2 : outputs.cols
    let p = Matrix<T>(rows: outputs.rows, cols: cols)
    for i in 0..<outputs.rows {
        let z = outputs.pointer + i * outputs.cols, pi = p.pointer + i * cols
        switch loss {
        case .softmaxCE:
            var m = z[0]
            for j in 1..<outputs.cols where z[j] > m { m = z[j] }
            var sum: T = 0
            for j in 0..<cols { pi[j] = T.exp(z[j] - m); sum += pi[j] }
            for j in 0..<cols { pi[j] /= sum }
        case .bce:
            if outputs.cols == 1 {
                T.sigmoidForward(z, pi + 1, count: 1)
                pi[0] = 1 - pi[1]
            } else {
                T.sigmoidForward(z, pi, count: cols)
            }
        case .mse:
            pi.update(from: z, count: cols)
        }
    }
    return p
}
