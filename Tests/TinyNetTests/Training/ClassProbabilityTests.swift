import Foundation
import Testing
@testable import TinyNet

/// `classProbabilities`, what predict writes as p_<class>: softmax for softmax CE, σ per output for BCE, and for
/// one BCE output (binary) the pair [σ(−z), σ(z)] in class order, whose larger side is the class predicted.
@Suite struct ClassProbabilityTests {
    @Test func softmaxRowsSumToOne() {
        let p = classProbabilities(Matrix<Double>([[0, log(3)], [5, 5]]), loss: .softmaxCE)
        #expect(maxAbsDifference(p.values, [0.25, 0.75, 0.5, 0.5]) < 1e-12)
    }

    @Test func oneBCEOutputGivesTheSecondClassSigma() {
        let logits = Matrix<Double>([[log(3)], [-log(3)]])  // σ = 0.75 and 0.25
        let p = classProbabilities(logits, loss: .bce)
        #expect(p.cols == 2 && maxAbsDifference(p.values, [0.25, 0.75, 0.75, 0.25]) < 1e-12)
        #expect(predictedClass(logits, row: 0) == 1 && predictedClass(logits, row: 1) == 0)
    }

    /// The first class's probability is σ(−z), not 1 − σ(z), which rounds a small one to 0 (a logit of 62.8 gave
    /// p_0 = 0 where it is 5.4e-28) or, in Float, to a multiple of 6e-8.
    @Test func theFirstClassOfOneBCEOutputKeepsItsPrecision() {
        let p = classProbabilities(Matrix<Float>([[62.8], [10]]), loss: .bce)
        let exact = [Double(-62.8 as Float), -10].map { 1 / (1 + exp(-$0)) }
        #expect(abs(Double(p[0, 0]) / exact[0] - 1) < 1e-5 && abs(Double(p[1, 0]) / exact[1] - 1) < 1e-5, "\(p.values)")
        #expect(p[0, 1] == 1)
    }

    /// A row that overflows in a hidden layer (2 · 3e38 is ∞ in Float) has NaN outputs, which eval and predict
    /// refuse: the tanh behind it squashed ∞ to 1 and gave a confident, finite answer.
    @Test func aRowThatOverflowsInsideHasNoOutput() {
        let network = Sequential<Float>([
            Linear(inFeatures: 2, outFeatures: 1, weight: Matrix([[2, 2]]), bias: Matrix(rows: 1, cols: 1)), Tanh(),
            Linear(inFeatures: 1, outFeatures: 2, weight: Matrix([[1], [-1]]), bias: Matrix(rows: 1, cols: 2)),
        ])
        let out = predictOutputs(network, Matrix<Float>([[3e38, 3e38], [0.5, -0.25]]))
        #expect(out[0, 0].isNaN && out[0, 1].isNaN && out.firstNonFiniteRow() == 0, "\(out.values)")
        #expect(abs(out[1, 0] - tanh(0.5)) < 1e-6 && abs(out[1, 1] + tanh(0.5)) < 1e-6, "\(out.values)")
        // The last Linear too, when an activation follows it (linear,tanh as the output).
        let squashed = Sequential<Float>([Linear(inFeatures: 2, outFeatures: 1, weight: Matrix([[2, 2]]), bias: Matrix(rows: 1, cols: 1)), Tanh()])
        #expect(predictOutputs(squashed, Matrix<Float>([[3e38, 3e38]]))[0, 0].isNaN)
    }

    @Test func severalBCEOutputsAreEachTheirSigma() {
        let p = classProbabilities(Matrix<Double>([[log(3), 0, -log(3)]]), loss: .bce)
        #expect(maxAbsDifference(p.values, [0.75, 0.5, 0.25]) < 1e-12)
    }
}
