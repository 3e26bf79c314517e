/// Metrics of a network on labelled data.
public struct Evaluation: Sendable, Equatable {
    public var samples: Int
    public var loss: Double
    // Classification
    public var accuracy: Double?
    /// Per class TP, predicted and actual counts (eval's per-class metrics), when asked for.
    public var classCounts: ClassCounts?
    /// confusion[true][predicted], when asked for and the classes are at most `maxConfusionClasses`.
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

    /// The most classes a confusion matrix is kept for: 1000² counts are 8 MB; a label with a distinct value
    /// per row (an id, a quantity read as classes) would need gigabytes.
    public static let maxConfusionClasses = 1000
}

/// Loss and metrics of `network` on `data`; per-class counts and the confusion matrix only `withConfusion`.
/// Rows whose outputs would pass `maxEvaluationOutputs` values (thousands of classes) are scored in pieces,
/// as the streamed `evaluate` scores chunks.
public func evaluate<T: Scalar>(
    _ network: Sequential<T>, loss: any Loss<T>, on data: Dataset<T>, withConfusion: Bool = false
) -> Evaluation {
    guard data.count * network.outputWidth > maxEvaluationOutputs else {
        return evaluation(outputs: predictOutputs(network, data.features), loss: loss, on: data, withConfusion: withConfusion)
    }
    var pieces = data.evaluationPieces(outputWidth: network.outputWidth).lazy.map(\.rows).makeIterator()
    // The chunks are in memory: nothing can throw.
    return try! evaluate(network, loss: loss, withConfusion: withConfusion) { pieces.next() }
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
@_specialize(where T == Float)
@_specialize(where T == Double)
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

/// Metrics of precomputed outputs against `data`'s targets; per-class counts and the confusion matrix (up to
/// `Evaluation.maxConfusionClasses`) only `withConfusion`: a training run's validation needs the accuracy alone.
@_specialize(where T == Float)
@_specialize(where T == Double)
public func evaluation<T: Scalar>(
    outputs: Matrix<T>, loss: any Loss<T>, on data: Dataset<T>, withConfusion: Bool = false
) -> Evaluation {
    let value = data.count == 0 ? 0 : loss.lossAndGradient(outputs, data.targets).loss
    var result = Evaluation(samples: data.count, loss: value)
    if !data.classIndices.isEmpty {
        var tally = EvaluationTally(withConfusion: withConfusion)
        tally.addClassification(outputs, data.classIndices)
        (result.accuracy, result.classCounts, result.confusion) = (tally.accuracy, tally.classCounts, tally.confusion)
    } else {
        let (mse, mae, r2) = regressionMetrics(predicted: outputs, target: data.targets)
        (result.mse, result.mae, result.r2) = (mse, mae, r2)
    }
    return result
}
