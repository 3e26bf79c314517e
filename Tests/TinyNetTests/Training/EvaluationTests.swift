import Foundation
import Testing

@testable import TinyNet

@Suite struct EvaluationTests {
    /// R² as scikit-learn's r2_score: 1 − SS_res/SS_tot; NaN for one sample; for a constant target 1 when
    /// exact, else 0.
    @Test func rSquaredFollowsScikitLearn() {
        let target = Matrix<Double>(rows: 4, cols: 1, values: [1, 2, 3, 4])  // mean 2.5, SS_tot = 5
        let predicted = Matrix<Double>(rows: 4, cols: 1, values: [1.5, 2, 2.5, 4])  // SS_res = 0.5
        let m = regressionMetrics(predicted: predicted, target: target)
        #expect(abs(m.r2! - 0.9) < 1e-15 && abs(m.mse! - 0.125) < 1e-15 && abs(m.mae! - 0.25) < 1e-15)
        #expect(rSquared(residualSquares: 0, totalSquares: 0, count: 1).isNaN)
        #expect(rSquared(residualSquares: 0, totalSquares: 0, count: 3) == 1)
        #expect(rSquared(residualSquares: 2, totalSquares: 0, count: 3) == 0)
        let one = regressionMetrics(predicted: Matrix(rows: 1, cols: 1, values: [3.0]), target: Matrix(rows: 1, cols: 1, values: [2.0]))
        #expect(one.r2!.isNaN && one.mse == 1)
        // A constant target whose float mean rounds (0.1 + 0.1 + 0.1 ≠ 0.3): still 0, not a huge negative R².
        let constant = Matrix<Double>(rows: 3, cols: 1, values: [0.1, 0.1, 0.1])
        #expect(regressionMetrics(predicted: Matrix(rows: 3, cols: 1, values: [0.1, 0.1, 0.2]), target: constant).r2 == 0)
        #expect(regressionMetrics(predicted: constant, target: constant).r2 == 1)
    }

    /// In Float, targets whose spread is small next to their size (standardized with a training std that an outlier
    /// made huge) round to one value: R² is computed from the targets as given, not from that constant (which
    /// made the tally report R² = 1 for exact-looking predictions, or 0, when scikit-learn reports −2.45 here).
    @Test func floatRegressionScoresAgainstTheTargetsAsGiven() {
        let targets = (0..<10).map { 0.5 + 1e-9 * Double($0) }  // one value in Float
        let data = Dataset<Float>.regression(features: [Double](repeating: 1, count: 10), featureCount: 1, targetValues: targets)
        #expect(Set(data.targets.values).count == 1)
        let predicted = Matrix<Float>(rows: 10, cols: 1, values: [Float](repeating: 0.5, count: 10))
        let m = evaluation(outputs: predicted, loss: MeanSquaredError<Float>(), on: data)
        let mean: Double = targets.reduce(0, +) / 10
        let residuals: Double = targets.map { (0.5 - $0) * (0.5 - $0) }.reduce(0, +)
        let total: Double = targets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let expected = 1 - residuals / total
        #expect(abs(m.r2! - expected) < 1e-6 && abs(expected + 2.4545) < 1e-3, "\(m.r2!) against \(expected)")
        // A validation split's subset keeps them.
        let half = data.subset([1, 3, 5, 7, 9])
        #expect(half.regressionTargets == [1, 3, 5, 7, 9].map { targets[$0] })
    }

    /// MSE, MAE and R² of `predicted` against `target`, as eval computes them.
    private func regressionMetrics(predicted: Matrix<Double>, target: Matrix<Double>) -> Evaluation {
        var tally = EvaluationTally(withConfusion: false)
        tally.addRegression(predicted: predicted, target: target)
        return tally.evaluation
    }

    /// A network whose outputs are the one-hot of the row's class, shifted: row i predicts class (i + shift) % k.
    private func shiftingNetwork(classes k: Int, rows: Int, shiftEvery: Int) -> (Sequential<Float>, Dataset<Float>) {
        let weight = Matrix<Float>(rows: k, cols: k)  // 10·I: the logits are 10 × the one-hot input
        for i in 0..<k { weight[i, i] = 10 }
        let network = Sequential<Float>([Linear(inFeatures: k, outFeatures: k, weight: weight, bias: Matrix(rows: 1, cols: k))])
        var features = [Double](repeating: 0, count: rows * k), classes: [Int] = []
        for r in 0..<rows {
            let c = r % k
            classes.append(c)
            features[r * k + (r % shiftEvery == 0 ? (c + 1) % k : c)] = 1  // every shiftEvery-th row is predicted wrong
        }
        return (network, Dataset.classification(features: features, featureCount: k, classes: classes, classCount: k, loss: .softmaxCE))
    }

    /// Validation during training asks for the accuracy alone; eval for per-class counts and the confusion
    /// matrix, which is left out beyond maxConfusionClasses (its classes² counts), the counts kept.
    @Test func confusionOnlyWhenAskedAndWithinTheLimit() {
        let (network, data) = shiftingNetwork(classes: 3, rows: 30, shiftEvery: 5)
        let plain = evaluate(network, loss: SoftmaxCrossEntropy<Float>(), on: data)
        #expect(plain.accuracy == 24.0 / 30 && plain.confusion == nil && plain.classCounts == nil)
        let full = evaluate(network, loss: SoftmaxCrossEntropy<Float>(), on: data, withConfusion: true)
        #expect(full.accuracy == plain.accuracy && full.loss == plain.loss)
        let confusion = try! #require(full.confusion)
        #expect(confusion == [[8, 2, 0], [0, 8, 2], [2, 0, 8]])
        #expect(full.classCounts?.metrics == ClassMetrics.perClass(confusion))

        let k = Evaluation.maxConfusionClasses + 1
        let (wide, many) = shiftingNetwork(classes: k, rows: 2 * k, shiftEvery: 2)
        let e = evaluate(wide, loss: SoftmaxCrossEntropy<Float>(), on: many, withConfusion: true)
        #expect(e.confusion == nil && e.accuracy == 0.5)
        let counts = try! #require(e.classCounts)
        #expect(counts.classes == k && counts.actual.allSatisfy { $0 == 2 } && counts.truePositives.allSatisfy { $0 == 1 })
        #expect(counts.predicted.allSatisfy { $0 == 2 })
    }

    /// Rows whose outputs pass maxEvaluationOutputs values are scored in pieces: the same metrics as one pass.
    @Test func wideOutputsAreScoredInPiecesWithTheSameResult() {
        let (network, data) = shiftingNetwork(classes: 2100, rows: 2100 * 2 + 7, shiftEvery: 3)
        #expect(data.count * network.outputWidth > maxEvaluationOutputs)
        let pieces = data.evaluationPieces(outputWidth: network.outputWidth)
        let firsts = pieces.map(\.first), sizes = pieces.map(\.rows.count)
        #expect(firsts == [0, 1997, 3994] && sizes.reduce(0, +) == data.count)
        let pieceWise = evaluate(network, loss: SoftmaxCrossEntropy<Float>(), on: data, withConfusion: true)
        let onePass = evaluation(outputs: predictOutputs(network, data.features), loss: SoftmaxCrossEntropy<Float>(), on: data, withConfusion: true)
        #expect(pieceWise.accuracy == onePass.accuracy && pieceWise.classCounts == onePass.classCounts)
        #expect(pieceWise.classCounts?.truePositives.reduce(0, +) == data.count - (data.count + 2) / 3)
        // Per row −log softmax: log(e¹⁰ + k − 1) − 10 when right, log(e¹⁰ + k − 1) when wrong (every third row).
        let k = 2100.0, rows = Double(data.count), wrong = Double((data.count + 2) / 3)
        let exact = Foundation.log(Foundation.exp(10) + k - 1) - 10 * (rows - wrong) / rows
        #expect(abs(pieceWise.loss - exact) < 1e-4 * exact && abs(onePass.loss - exact) < 1e-4 * exact)  // f32 sums
    }
}
