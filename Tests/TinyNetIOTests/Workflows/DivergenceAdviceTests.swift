import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The advice of a diverged run: which setting to change.
@Suite struct DivergenceAdviceTests {
    func advice(lr: Double = 0.1, weightDecay: Double, momentum: Double = 0, nesterov: Bool = false) -> String {
        var optimizer = TrainingOptions()
        (optimizer.learningRate, optimizer.weightDecay, optimizer.momentum, optimizer.nesterov) = (lr, weightDecay, momentum, nesterov)
        let cause = TrainingError(epoch: 3, batch: 2, learningRate: lr)
        return DivergenceError(cause: cause, scale: DataScale(), optimizer: optimizer).description
    }

    /// The decay term alone, w ← w − lr·wd·w with momentum μ, makes the weights grow without bound past lr·wd = 2(1 + μ)
    /// (Nesterov: 2(1 + μ)/(1 + 2μ)); below that it shrinks them, flipping their sign above 1, and the learning
    /// rate is the thing to lower.
    @Test(arguments: [(0.0, false, 2.0), (0.9, false, 3.8), (0.5, true, 1.5)])
    func weightDecayIsBlamedOnlyPastTheGrowthLimit(momentum: Double, nesterov: Bool, limit: Double) {
        let above = advice(weightDecay: limit * 10.5, momentum: momentum, nesterov: nesterov)
        #expect(above.contains("lr × weight_decay is \(shortNumber(limit * 1.05)), above \(shortNumber(limit))") && !above.contains("--lr"), "\(above)")
        let below = advice(weightDecay: limit * 9.5, momentum: momentum, nesterov: nesterov)
        #expect(!below.contains("weight_decay") && below.contains("try a lower learning rate, e.g. --lr 0.01"), "\(below)")
    }

    /// A loss that grows a thousandfold from where the run started (taken as 1 when smaller) is warned of once
    /// it passes, with the advice; a loss that merely rises is not.
    @Test func aThousandfoldLossIsWarnedOf() {
        func summary(_ loss: Double) -> EpochSummary {
            EpochSummary(epoch: 4, epochs: 10, trainLoss: loss, trainAccuracy: nil, validation: nil, learningRate: 0.1, seconds: 0, samples: 10)
        }
        func warning(_ loss: Double, start: Double) -> String? {
            divergingLossWarning(summary(loss), start: start, startName: "the initial loss", advice: { "; ADVICE" })
        }
        #expect(warning(2001, start: 2) == "the training loss of epoch 4, 2001.0000, is over 1000 times the initial loss, 2.0000: "
                    + "the run is diverging without overflowing (only a loss that becomes infinite stops it); ADVICE")
        #expect(warning(1999, start: 2) == nil && warning(999, start: 0.01) == nil && warning(1001, start: 0.01) != nil)
        #expect(warning(3e22, start: 1)?.contains("3.0000e+22") == true, "a large loss in scientific notation")
    }
}
