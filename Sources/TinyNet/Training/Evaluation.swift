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

/// Loss and metrics of `network` on `data`.
public func evaluate<T: Scalar>(_ network: Sequential<T>, loss: any Loss<T>, on data: Dataset<T>) -> Evaluation {
    evaluation(outputs: predictOutputs(network, data.features), loss: loss, on: data)
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
