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

/// How many of the first `rows` output rows classify as their class, `classOfRow(i)` for row i.
@_specialize(where T == Float)
@_specialize(where T == Double)
func countCorrect<T: Scalar>(_ outputs: Matrix<T>, rows: Int, classOfRow: (Int) -> Int) -> Int {
    var correct = 0
    for i in 0..<rows where predictedClass(outputs, row: i) == classOfRow(i) { correct += 1 }
    return correct
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
    var tally = EvaluationTally(withConfusion: withConfusion)
    tally.add(outputs: outputs, loss: value, on: data)
    var result = tally.evaluation
    result.loss = value  // as computed, not value·n/n
    return result
}
