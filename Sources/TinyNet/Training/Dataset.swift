/// Inputs and targets in memory, ready for a network.
///
/// `targets` is (N, 1) class indices for softmax cross-entropy and for binary
/// BCE, else (N, K) values (one-hot rows for multi-class BCE or MSE
/// classification, target values for regression).
public struct Dataset<T: Scalar> {
    public let features: Matrix<T>  // (N, F)
    public let targets: Matrix<T>   // (N, K)
    /// For classification, the class index of every row (for accuracy); empty for regression.
    public let classIndices: [Int]
    /// For regression, the targets as given, before their conversion to T (N × K): R², MSE and MAE are
    /// computed from these, since in Float a spread of targets small next to the training target's std (a
    /// validation set without the training set's outliers) rounds away, and R² would see a constant. Empty
    /// for classification (and for a dataset built from matrices alone, whose metrics use `targets`).
    public let regressionTargets: [Double]

    public init(features: Matrix<T>, targets: Matrix<T>, classIndices: [Int] = [], regressionTargets: [Double] = []) {
        precondition(features.rows == targets.rows, "features and targets need the same number of rows")
        precondition(regressionTargets.isEmpty || regressionTargets.count == targets.count, "one exact target per target value")
        self.features = features
        self.targets = targets
        self.classIndices = classIndices
        self.regressionTargets = regressionTargets
    }

    public var count: Int { features.rows }

    /// A classification dataset: `classes` are indices into `classCount` classes,
    /// encoded for `loss` (indices for softmax CE and binary BCE, one-hot otherwise).
    public static func classification(features: [Double], featureCount: Int, classes: [Int], classCount: Int, loss: LossKind) -> Dataset {
        let n = classes.count
        let x = Matrix<T>(rows: n, cols: featureCount, converting: features)
        let width = outputWidth(task: .classification, loss: loss, classCount: classCount, targetCount: 1)
        let t = Matrix<T>(rows: n, cols: width == 1 || loss == .softmaxCE ? 1 : width)
        for (i, c) in classes.enumerated() {
            if t.cols == 1 { t.pointer[i] = T(c) } else { t.pointer[i * t.cols + c] = 1 }
        }
        return Dataset(features: x, targets: t, classIndices: classes)
    }

    /// A regression dataset with `targetValues` (N × K row-major).
    public static func regression(features: [Double], featureCount: Int, targetValues: [Double], targetCount: Int = 1) -> Dataset {
        let n = targetValues.count / max(targetCount, 1)
        return Dataset(
            features: Matrix(rows: n, cols: featureCount, converting: features),
            targets: Matrix(rows: n, cols: targetCount, converting: targetValues), regressionTargets: targetValues)
    }

    /// The rows at `indices`, copied.
    public func subset(_ indices: [Int]) -> Dataset {
        let x = Matrix<T>(rows: indices.count, cols: features.cols)
        let t = Matrix<T>(rows: indices.count, cols: targets.cols)
        for (i, r) in indices.enumerated() {
            x.setRow(i, from: features, row: r)
            t.setRow(i, from: targets, row: r)
        }
        let k = targets.cols
        return Dataset(features: x, targets: t, classIndices: classIndices.isEmpty ? [] : indices.map { classIndices[$0] },
                       regressionTargets: regressionTargets.isEmpty ? [] : indices.flatMap { regressionTargets[$0 * k..<($0 + 1) * k] })
    }
}

/// The network's output width for a task: one per class (one in all for
/// binary BCE), or one per regression target.
public func outputWidth(task: Task, loss: LossKind, classCount: Int, targetCount: Int) -> Int {
    switch task {
    case .regression: return targetCount
    case .classification: return loss == .bce && classCount == 2 ? 1 : classCount
    }
}

/// Row indices for a seeded validation split of `fraction` of the rows.
/// With `strata` (class indices) the split is stratified: each class gives the
/// same fraction (rounded), so small datasets keep every class in both parts.
public func validationSplit(rows: Int, fraction: Double, strata: [Int]?, seed: UInt64) -> (train: [Int], validation: [Int]) {
    var rng = SeededGenerator(seed: seed ^ SeededGenerator.validationSplitSeedOffset)
    var groups: [[Int]]
    if let strata {
        var byClass: [Int: [Int]] = [:]
        for (i, c) in strata.enumerated() { byClass[c, default: []].append(i) }
        groups = byClass.keys.sorted().map { byClass[$0]! }
    } else {
        groups = [Array(0..<rows)]
    }
    var train: [Int] = [], validation: [Int] = []
    for i in groups.indices {
        rng.shuffle(&groups[i])
        let take = Int((Double(groups[i].count) * fraction).rounded())
        validation += groups[i].prefix(take)
        train += groups[i].dropFirst(take)
    }
    return (train.sorted(), validation.sorted())
}
