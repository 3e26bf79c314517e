/// A source of rows read one chunk at a time: each call returns the next chunk, nil after the last.
public typealias ChunkSource<T: Scalar> = () throws -> Dataset<T>?

/// Loss and metrics of `network` on rows that arrive in chunks (data that does not fit in memory).
/// The same numbers as `evaluate` on all the rows at once, up to rounding, except that a class-weighted
/// loss is averaged per row rather than divided by the sum of the weights.
/// With `rejectingNonFinite`, a row whose outputs are not finite throws `NonFiniteOutputError` (eval) instead
/// of making the loss NaN (a training run's validation, which goes on and says so).
public func evaluate<T: Scalar>(
    _ network: Sequential<T>, loss: any Loss<T>, rejectingNonFinite: Bool = false, chunks: ChunkSource<T>
) throws -> Evaluation {
    var tally = EvaluationTally()
    while let chunk = try chunks() {
        guard chunk.count > 0 else { continue }
        let outputs = predictOutputs(network, chunk.features)
        if rejectingNonFinite, let row = outputs.firstNonFiniteRow() { throw NonFiniteOutputError(row: row) }
        tally.add(outputs: outputs, loss: loss.lossAndGradient(outputs, chunk.targets).loss, on: chunk)
    }
    return tally.evaluation
}

/// Running sums of an evaluation, one chunk at a time.
struct EvaluationTally {
    private var rows = 0
    private var lossSum = 0.0
    private var confusion: [[Int]] = []
    // Regression, over every target value (as `regressionMetrics`).
    private var squaredErrorSum = 0.0
    private var absoluteErrorSum = 0.0
    private var targets = RunningStatistics(columns: 1)

    mutating func add<T: Scalar>(outputs: Matrix<T>, loss: Double, on chunk: Dataset<T>) {
        rows += chunk.count
        lossSum += loss * Double(chunk.count)
        if chunk.classIndices.isEmpty {
            addRegression(predicted: outputs, target: chunk.targets)
        } else {
            addClassification(outputs, chunk.classIndices)
        }
    }

    private mutating func addClassification<T: Scalar>(_ outputs: Matrix<T>, _ classIndices: [Int]) {
        let classes = max(outputs.cols == 1 ? 2 : outputs.cols, (classIndices.max() ?? 0) + 1, confusion.count)
        if confusion.count < classes {
            confusion = (0..<classes).map { i in
                (0..<classes).map { j in i < confusion.count && j < confusion.count ? confusion[i][j] : 0 }
            }
        }
        for (i, c) in classIndices.enumerated() {
            confusion[c][predictedClass(outputs, row: i)] += 1
        }
    }

    private mutating func addRegression<T: Scalar>(predicted: Matrix<T>, target: Matrix<T>) {
        for i in 0..<target.count {
            let y = Double(target.pointer[i])
            let d = Double(predicted.pointer[i]) - y
            squaredErrorSum += d * d
            absoluteErrorSum += Swift.abs(d)
            targets.add(value: y)
        }
    }

    var evaluation: Evaluation {
        var result = Evaluation(samples: rows, loss: rows == 0 ? 0 : lossSum / Double(rows))
        if !confusion.isEmpty {
            let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
            result.confusion = confusion
            result.accuracy = Double(correct) / Double(max(rows, 1))
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
