import MallocCounter
import Testing
@testable import TinyNet

/// The training loop allocates nothing per batch: an epoch of 4× as many
/// batches makes the same number of heap allocations (the per-epoch ones:
/// the summary and its arrays).
@Suite(.serialized) struct AllocationTests {
    func allocationsOfOneEpoch(samples: Int, activation: LayerSpec, loss: LossKind) throws -> Int64 {
        var rng = SeededGenerator(seed: 1)
        let classes = 3
        let features = (0..<(samples * 8)).map { _ in rng.nextNormal() }
        let labels = (0..<samples).map { $0 % classes }
        let data = Dataset<Float>.classification(features: features, featureCount: 8, classes: labels, classCount: classes, loss: loss)
        let network = Sequential<Float>(specs: [.linear(16), activation, .linear(classes)], inputs: 8, using: &rng)
        var options = TrainingOptions()
        // A batch size that leaves a short last batch, to cover its views too.
        (options.batchSize, options.momentum, options.epochs) = (30, 0.9, 1)
        let trainer = Trainer(network: network, loss: makeLoss(loss), options: options)
        try trainer.fit(data)  // sizes every buffer
        trainer.options.epochs = 2
        let before = tinynet_allocation_count()
        try trainer.fit(data)
        return Int64(tinynet_allocation_count() - before)
    }

    @Test(arguments: [LayerSpec.relu, .sigmoid, .tanh], [LossKind.softmaxCE, .bce])
    func allocationsDoNotGrowWithBatches(activation: LayerSpec, loss: LossKind) throws {
        let few = try allocationsOfOneEpoch(samples: 300, activation: activation, loss: loss)     // 10 batches
        let many = try allocationsOfOneEpoch(samples: 1200, activation: activation, loss: loss)   // 40 batches
        #expect(many == few, "\(few) allocations for 10 batches, \(many) for 40")
        #expect(few < 40, "a handful per epoch, not per batch: \(few)")
    }
}
