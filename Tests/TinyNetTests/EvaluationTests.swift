import Testing
import TinyNet

@Suite struct EvaluationTests {
    /// R² as scikit-learn's r2_score: 1 − SS_res/SS_tot; NaN for one sample; for a constant target 1 when
    /// exact, else 0.
    @Test func rSquaredFollowsScikitLearn() {
        let target = Matrix<Double>(rows: 4, cols: 1, values: [1, 2, 3, 4])  // mean 2.5, SS_tot = 5
        let predicted = Matrix<Double>(rows: 4, cols: 1, values: [1.5, 2, 2.5, 4])  // SS_res = 0.5
        let m = regressionMetrics(predicted: predicted, target: target)
        #expect(abs(m.r2 - 0.9) < 1e-15 && abs(m.mse - 0.125) < 1e-15 && abs(m.mae - 0.25) < 1e-15)
        #expect(rSquared(residualSquares: 0, totalSquares: 0, count: 1).isNaN)
        #expect(rSquared(residualSquares: 0, totalSquares: 0, count: 3) == 1)
        #expect(rSquared(residualSquares: 2, totalSquares: 0, count: 3) == 0)
        let one = regressionMetrics(predicted: Matrix(rows: 1, cols: 1, values: [3.0]), target: Matrix(rows: 1, cols: 1, values: [2.0]))
        #expect(one.r2.isNaN && one.mse == 1)
        // A constant target whose float mean rounds (0.1 + 0.1 + 0.1 ≠ 0.3): still 0, not a huge negative R².
        let constant = Matrix<Double>(rows: 3, cols: 1, values: [0.1, 0.1, 0.1])
        #expect(regressionMetrics(predicted: Matrix(rows: 3, cols: 1, values: [0.1, 0.1, 0.2]), target: constant).r2 == 0)
        #expect(regressionMetrics(predicted: constant, target: constant).r2 == 1)
    }
}
