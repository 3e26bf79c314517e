import Foundation
import Testing
@testable import TinyNet

/// `classProbabilities`, what predict writes as p_<class>: softmax for softmax CE, σ per output for BCE, and for
/// one BCE output (binary) the pair [1 − σ, σ] in class order, whose larger side is the class predicted.
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

    @Test func severalBCEOutputsAreEachTheirSigma() {
        let p = classProbabilities(Matrix<Double>([[log(3), 0, -log(3)]]), loss: .bce)
        #expect(maxAbsDifference(p.values, [0.75, 0.5, 0.25]) < 1e-12)
    }
}
