import Testing
import TinyNet

@Suite struct ClassMetricsTests {
    /// A 3-class confusion matrix (rows = true class) worked by hand:
    ///   class 0: TP 5, predicted 5+1+0 = 6, actual 5+2+1 = 8 → P 5/6, R 5/8, F1 2·(5/6)(5/8)/(5/6+5/8) = 50/70
    ///   class 1: TP 3, predicted 2+3+2 = 7, actual 1+3+0 = 4 → P 3/7, R 3/4, F1 = 6/11
    ///   class 2: TP 0, predicted 1+0+0 = 1, actual 0+2+0 = 2 → P 0, R 0, F1 0
    @Test func metricsFromAConfusionMatrixMatchTheHandComputedValues() {
        let confusion = [[5, 2, 1],
                         [1, 3, 0],
                         [0, 2, 0]]
        let m = ClassMetrics.perClass(confusion)
        #expect(m.count == 3)
        #expect(abs(m[0].precision - 5.0 / 6) < 1e-12 && abs(m[0].recall - 5.0 / 8) < 1e-12)
        #expect(abs(m[0].f1 - 50.0 / 70) < 1e-12 && m[0].support == 8)
        #expect(abs(m[1].precision - 3.0 / 7) < 1e-12 && abs(m[1].recall - 3.0 / 4) < 1e-12)
        #expect(abs(m[1].f1 - 6.0 / 11) < 1e-12 && m[1].support == 4)
        #expect(m[2] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 2))
    }

    /// A class never predicted and a class with no rows get 0, not NaN (scikit-learn's zero_division=0).
    @Test func emptyRowsAndColumnsGiveZeroNotNaN() {
        let m = ClassMetrics.perClass([[4, 0], [0, 0]])
        #expect(m[0] == ClassMetrics(precision: 1, recall: 1, f1: 1, support: 4))
        #expect(m[1] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 0))
    }

    /// Counting a row predicted as a class beyond those counted so far grows the counts to hold it (a model
    /// can predict a class the evaluated rows lack), whichever of the two classes is larger.
    @Test func countsGrowToHoldAPredictedClass() {
        var counts = ClassCounts(classes: 2)
        counts.add(trueClass: 0, predictedClass: 3)
        counts.add(trueClass: 4, predictedClass: 1)
        #expect(counts.classes == 5)
        #expect(counts.actual == [1, 0, 0, 0, 1] && counts.predicted == [0, 1, 0, 1, 0] && counts.truePositives == [0, 0, 0, 0, 0])
        #expect(counts.metrics[3] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 0))
    }
}
