/// A source of rows read one chunk at a time: each call returns the next chunk, nil after the last.
public typealias ChunkSource<T: Scalar> = () throws -> Dataset<T>?

/// Loss and metrics of `network` on rows that arrive in chunks (data that does not fit in memory).
/// The same numbers as `evaluate` on all the rows at once, up to rounding, except that a class-weighted
/// loss is averaged per row rather than divided by the sum of the weights.
/// With `rejectingNonFinite`, a row whose outputs are not finite throws `NonFiniteOutputError` (eval) instead
/// of making the loss NaN (a training run's validation, which goes on and says so).
/// Per-class counts and the confusion matrix (up to `Evaluation.maxConfusionClasses`) are kept only
/// `withConfusion` (eval's).
@_specialize(where T == Float)
@_specialize(where T == Double)
public func evaluate<T: Scalar>(
    _ network: Sequential<T>, loss: any Loss<T>, rejectingNonFinite: Bool = false, withConfusion: Bool = false,
    chunks: ChunkSource<T>
) throws -> Evaluation {
    var tally = EvaluationTally(withConfusion: withConfusion)
    while let chunk = try chunks() {
        for (first, piece) in chunk.evaluationPieces(outputWidth: network.outputWidth) {
            let outputs = predictOutputs(network, piece.features)
            if rejectingNonFinite, let row = outputs.firstNonFiniteRow() { throw NonFiniteOutputError(row: first + row) }
            tally.add(outputs: outputs, loss: loss.lossAndGradient(outputs, piece.targets).loss, on: piece)
        }
    }
    return tally.evaluation
}

/// The most output values one evaluation pass computes (16 MB in f32). Outputs and the loss's gradient are
/// rows × outputs each: for a label of 30 000 classes, a chunk of 8 000 rows would take 2 GB at once.
public let maxEvaluationOutputs = 1 << 22

/// Rows per evaluation pass of a network with `outputWidth` outputs: as many as keep its outputs within
/// `maxEvaluationOutputs` values, at least one.
public func rowsPerEvaluationPass(outputWidth: Int) -> Int {
    Swift.max(1, maxEvaluationOutputs / Swift.max(outputWidth, 1))
}

extension Dataset {
    /// The rows in consecutive pieces of `rowsPerEvaluationPass`, each with the index of its first row, copied
    /// one at a time as they are iterated: `self` alone (not copied) when all fit, as for every network with a
    /// narrow output.
    func evaluationPieces(outputWidth: Int) -> some Sequence<(first: Int, rows: Dataset)> {
        let rowsPerPiece = rowsPerEvaluationPass(outputWidth: outputWidth)
        return stride(from: 0, to: count, by: rowsPerPiece).lazy.map { first in
            let end = Swift.min(first + rowsPerPiece, count)
            return (first, end - first == count ? self : subset(Array(first..<end)))
        }
    }
}

/// Running sums of an evaluation, one chunk at a time.
struct EvaluationTally {
    let withConfusion: Bool
    private var rows = 0
    private var lossSum = 0.0
    // Classification: rows classified, of them correctly; per-class counts and confusion[true][predicted] when kept.
    private var classified = 0
    private var correct = 0
    private(set) var classCounts: ClassCounts?
    private var denseConfusion: [[Int]] = []
    private var tooManyClasses = false
    // Regression, over every target value: SS_res, Σ|d| and the target's running mean and variance (SS_tot).
    private var squaredErrorSum = 0.0
    private var absoluteErrorSum = 0.0
    private var targets = RunningStatistics(columns: 1)

    init(withConfusion: Bool) { self.withConfusion = withConfusion }

    mutating func add<T: Scalar>(outputs: Matrix<T>, loss: Double, on chunk: Dataset<T>) {
        rows += chunk.count
        lossSum += loss * Double(chunk.count)
        if chunk.classIndices.isEmpty {
            addRegression(predicted: outputs, target: chunk.targets, exactTargets: chunk.regressionTargets)
        } else {
            addClassification(outputs, chunk.classIndices)
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    mutating func addClassification<T: Scalar>(_ outputs: Matrix<T>, _ classIndices: [Int]) {
        classified += classIndices.count
        guard withConfusion else {
            correct += countCorrect(outputs, rows: classIndices.count) { classIndices[$0] }
            return
        }
        let classes = max(outputs.cols == 1 ? 2 : outputs.cols, (classIndices.max() ?? 0) + 1, denseConfusion.count)
        if classes > Evaluation.maxConfusionClasses { (tooManyClasses, denseConfusion) = (true, []) }
        if !tooManyClasses && denseConfusion.count < classes {
            denseConfusion = (0..<classes).map { i in
                (0..<classes).map { j in i < denseConfusion.count && j < denseConfusion.count ? denseConfusion[i][j] : 0 }
            }
        }
        if classCounts == nil { classCounts = ClassCounts(classes: classes) }
        for (i, c) in classIndices.enumerated() {
            let p = predictedClass(outputs, row: i)
            if p == c { correct += 1 }
            classCounts!.add(trueClass: c, predictedClass: p)
            if !tooManyClasses { denseConfusion[c][p] += 1 }
        }
    }

    /// The share of rows classified correctly; nil before any.
    var accuracy: Double? { classified > 0 ? Double(correct) / Double(classified) : nil }

    /// The confusion matrix, when kept and within `Evaluation.maxConfusionClasses`.
    var confusion: [[Int]]? { withConfusion && !tooManyClasses && classified > 0 ? denseConfusion : nil }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    mutating func addRegression<T: Scalar>(predicted: Matrix<T>, target: Matrix<T>, exactTargets: [Double] = []) {
        for i in 0..<target.count {
            let y = exactTargets.isEmpty ? Double(target.pointer[i]) : exactTargets[i]
            let d = Double(predicted.pointer[i]) - y
            squaredErrorSum += d * d
            absoluteErrorSum += Swift.abs(d)
            targets.add(value: y)
        }
    }

    var evaluation: Evaluation {
        var result = Evaluation(samples: rows, loss: rows == 0 ? 0 : lossSum / Double(rows))
        if classified > 0 {
            (result.accuracy, result.classCounts, result.confusion) = (accuracy, classCounts, confusion)
        } else if targets.count > 0 {
            let n = Double(targets.count)
            let totalSquares = targets.standardDeviation[0] * targets.standardDeviation[0] * n
            result.mse = squaredErrorSum / n
            result.mae = absoluteErrorSum / n
            result.r2 = rSquared(residualSquares: squaredErrorSum, totalSquares: totalSquares, count: targets.count)
        }
        return result
    }
}
