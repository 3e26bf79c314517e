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

    /// The decay term alone, w ← w − lr·wd·w with momentum μ, makes the weights grow past lr·wd = 2(1 + μ)
    /// (Nesterov: 2(1 + μ)/(1 + 2μ)); below that it shrinks them, flipping their sign above 1, and the learning
    /// rate is the thing to lower.
    @Test(arguments: [(0.0, false, 2.0), (0.9, false, 3.8), (0.5, true, 1.5)])
    func weightDecayIsBlamedOnlyPastTheGrowthLimit(momentum: Double, nesterov: Bool, limit: Double) {
        let above = advice(weightDecay: limit * 10.5, momentum: momentum, nesterov: nesterov)
        #expect(above.contains("lr × weight_decay is \(shortNumber(limit * 1.05)), above \(shortNumber(limit))") && !above.contains("--lr"), "\(above)")
        let below = advice(weightDecay: limit * 9.5, momentum: momentum, nesterov: nesterov)
        #expect(!below.contains("weight_decay") && below.contains("try a lower learning rate, e.g. --lr 0.01"), "\(below)")
    }
}
