import Foundation
import Testing
@testable import TinyNet

@Suite struct LossGradientTests {
    func targets(for kind: LossKind, rows: Int, cols: Int) -> Matrix<Double> {
        switch kind {
        case .softmaxCE: return Matrix(rows: rows, cols: 1, values: (0..<rows).map { Double($0 % cols) })
        case .mse: return randomMatrix(rows, cols, seed: 21)
        case .bce: return Matrix(rows: rows, cols: cols, values: (0..<(rows * cols)).map { Double($0 % 2) })
        }
    }

    @Test(arguments: LossKind.allCases, [1, 6])
    func gradientMatchesCentralDifference(kind: LossKind, batch: Int) {
        let loss: any Loss<Double> = makeLoss(kind)
        let z = randomMatrix(batch, 3, seed: 20, scale: 3)
        let t = targets(for: kind, rows: batch, cols: 3)
        let analytic = loss.lossAndGradient(z, t).gradient.values
        let numeric = numericGradient(of: z) { loss.lossAndGradient(z, t).loss }
        #expect(relativeError(analytic, numeric) < 1e-6, "\(kind) batch \(batch)")
    }

    @Test func weightedCrossEntropyGradient() {
        let loss = SoftmaxCrossEntropy<Double>(classWeights: [0.5, 2, 1])
        let z = randomMatrix(5, 3, seed: 22)
        let t = targets(for: .softmaxCE, rows: 5, cols: 3)
        let analytic = loss.lossAndGradient(z, t).gradient.values
        let numeric = numericGradient(of: z) { loss.lossAndGradient(z, t).loss }
        #expect(relativeError(analytic, numeric) < 1e-6)
    }

    /// Weighted BCE, one output (class = the 0/1 target) and one-hot rows (class = the hot column).
    @Test(arguments: [1, 3])
    func weightedBinaryCrossEntropyGradient(outputs: Int) {
        let loss = BinaryCrossEntropy<Double>(classWeights: outputs == 1 ? [0.5, 2] : [0.5, 2, 1])
        let z = randomMatrix(6, outputs, seed: 23, scale: 2)
        let t = Matrix<Double>(rows: 6, cols: outputs, values: (0..<(6 * outputs)).map { k in
            outputs == 1 ? Double(k % 2) : (k / outputs % outputs == k % outputs ? 1 : 0)
        })
        let analytic = loss.lossAndGradient(z, t).gradient.values
        let numeric = numericGradient(of: z) { loss.lossAndGradient(z, t).loss }
        #expect(relativeError(analytic, numeric) < 1e-6, "\(outputs) outputs")
    }

    @Test func crossEntropyValues() {
        // Uniform logits: ln C. Huge logits must not overflow (the row max is subtracted).
        let loss = SoftmaxCrossEntropy<Double>()
        let uniform = loss.lossAndGradient(Matrix([[0, 0, 0, 0]]), Matrix([[2]])).loss
        #expect(abs(uniform - log(4.0)) < 1e-12)
        let huge = loss.lossAndGradient(Matrix([[1000, 0]]), Matrix([[1]])).loss
        #expect(abs(huge - 1000) < 1e-9)
        let f = SoftmaxCrossEntropy<Float>().lossAndGradient(Matrix([[100, -100]]), Matrix([[0]]))
        #expect(f.loss.isFinite && f.gradient.values.allSatisfy { $0.isFinite })
    }

    @Test func binaryCrossEntropyIsStable() {
        let loss = BinaryCrossEntropy<Double>()
        // l(z, t) = max(z,0) − z t + log(1 + e^−|z|): at z = 800, t = 0 it is 800.
        let (value, grad) = loss.lossAndGradient(Matrix([[800]]), Matrix([[0]]))
        #expect(abs(value - 800) < 1e-9)
        #expect(abs(grad.values[0] - 1) < 1e-12)
        let atZero = loss.lossAndGradient(Matrix([[0]]), Matrix([[1]])).loss
        #expect(abs(atZero - log(2.0)) < 1e-12)
    }

    @Test func mseValue() {
        let (value, grad) = MeanSquaredError<Double>().lossAndGradient(Matrix([[1, 2], [3, 4]]), Matrix([[0, 2], [3, 2]]))
        #expect(value == (1 + 0 + 0 + 4) / 4.0)
        #expect(grad.values == [0.5, 0, 0, 1])
    }
}

/// class_weight = "balanced": each sample's term is weighted by its class's weight.
@Suite struct ClassWeightTests {
    @Test func weightedLossMatchesAHandComputation() {
        // Two samples of class 0, one of class 1; logits chosen so the terms are simple.
        let z = Matrix<Double>([[0, 0], [log(3.0), 0], [0, 0]])
        let t = Matrix<Double>([[0], [0], [1]])
        // Per-sample CE: −log p_y = log 2, log(4/3), log 2. Balanced weights n / (C·count): 3/4, 3/2.
        let weights = [0.75, 1.5]
        let expected = (0.75 * log(2.0) + 0.75 * log(4.0 / 3) + 1.5 * log(2.0)) / (0.75 + 0.75 + 1.5)
        let weighted = SoftmaxCrossEntropy<Double>(classWeights: weights).lossAndGradient(z, t).loss
        #expect(abs(weighted - expected) < 1e-12)
        let unweighted = SoftmaxCrossEntropy<Double>().lossAndGradient(z, t).loss
        #expect(abs(unweighted - (2 * log(2.0) + log(4.0 / 3)) / 3) < 1e-12)
        #expect(weighted != unweighted)
    }

    @Test func weightedBinaryCrossEntropyMatchesAHandComputation() {
        // Logits 0 give l = log 2 whatever the target; z = log 3 with t = 1 gives log(4/3), with t = 0 log 4.
        let z = Matrix<Double>([[0], [log(3.0)], [log(3.0)]])
        let t = Matrix<Double>([[0], [0], [1]])
        let weights = [0.75, 1.5]
        let expected = (0.75 * log(2.0) + 0.75 * log(4.0) + 1.5 * log(4.0 / 3)) / (0.75 + 0.75 + 1.5)
        let weighted = BinaryCrossEntropy<Double>(classWeights: weights).lossAndGradient(z, t)
        #expect(abs(weighted.loss - expected) < 1e-12)
        // dL/dz_i = w_i (σ(z_i) − t_i) / Σ w: σ(0) = 1/2, σ(log 3) = 3/4.
        #expect(zip(weighted.gradient.values, [0.75 * 0.5 / 3, 0.75 * 0.75 / 3, 1.5 * -0.25 / 3]).allSatisfy { abs($0 - $1) < 1e-12 })
        let unweighted = BinaryCrossEntropy<Double>().lossAndGradient(z, t).loss
        #expect(abs(unweighted - (log(2.0) + log(4.0) + log(4.0 / 3)) / 3) < 1e-12)
    }
}
