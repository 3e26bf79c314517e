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
        confusion.indices.map { c in
            let truePositives = Double(confusion[c][c])
            let predicted = Double(confusion.reduce(0) { $0 + $1[c] })
            let actual = Double(confusion[c].reduce(0, +))
            let precision = predicted > 0 ? truePositives / predicted : 0
            let recall = actual > 0 ? truePositives / actual : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassMetrics(precision: precision, recall: recall, f1: f1, support: Int(actual))
        }
    }
}
