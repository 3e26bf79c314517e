/// Precision, recall and F1 of one class, as scikit-learn's `classification_report` gives them.
public struct ClassMetrics: Sendable, Equatable {
    /// TP / (TP + FP): of the rows predicted as this class, the share that are (0 when none is predicted).
    public var precision: Double
    /// TP / (TP + FN): of the rows of this class, the share predicted as it (0 when the class has no row).
    public var recall: Double
    /// 2·P·R / (P + R), the harmonic mean of precision and recall (0 when both are 0).
    public var f1: Double
    /// Rows of this class.
    public var support: Int

    public init(precision: Double, recall: Double, f1: Double, support: Int) {
        (self.precision, self.recall, self.f1, self.support) = (precision, recall, f1, support)
    }

    /// Every class's metrics from a confusion matrix, `confusion[true][predicted]`: TP is the diagonal cell,
    /// TP + FP its column's sum, TP + FN its row's sum.
    public static func perClass(_ confusion: [[Int]]) -> [ClassMetrics] {
        ClassCounts(confusion: confusion).metrics
    }
}

/// Per class, the counts its metrics need — TP, TP + FP (rows predicted as it) and TP + FN (rows of it) —
/// in memory linear in the classes, where a confusion matrix takes their square.
public struct ClassCounts: Sendable, Equatable {
    public private(set) var truePositives: [Int]
    public private(set) var predicted: [Int]
    public private(set) var actual: [Int]

    public init(classes: Int) {
        (truePositives, predicted, actual) = ([Int](repeating: 0, count: classes), [Int](repeating: 0, count: classes), [Int](repeating: 0, count: classes))
    }

    public init(confusion: [[Int]]) {
        self.init(classes: confusion.count)
        for (t, row) in confusion.enumerated() {
            for (p, count) in row.enumerated() { add(trueClass: t, predictedClass: p, count: count) }
        }
    }

    public var classes: Int { actual.count }

    /// Counts `count` rows of class `trueClass` predicted as `predictedClass`, growing to hold both.
    public mutating func add(trueClass: Int, predictedClass: Int, count: Int = 1) {
        let needed = max(trueClass, predictedClass) + 1
        if needed > classes {
            let more = [Int](repeating: 0, count: needed - classes)
            (truePositives, predicted, actual) = (truePositives + more, predicted + more, actual + more)
        }
        actual[trueClass] += count
        predicted[predictedClass] += count
        if trueClass == predictedClass { truePositives[trueClass] += count }
    }

    public var metrics: [ClassMetrics] {
        (0..<classes).map { c in
            let (tp, predicted, actual) = (Double(truePositives[c]), Double(self.predicted[c]), Double(self.actual[c]))
            let precision = predicted > 0 ? tp / predicted : 0
            let recall = actual > 0 ? tp / actual : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassMetrics(precision: precision, recall: recall, f1: f1, support: Int(actual))
        }
    }
}
