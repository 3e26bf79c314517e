import Foundation
import Testing
@testable import TinyNet

/// Networks that actually learn, through the library API alone.
@Suite struct LearningTests {
    /// Reads a numeric CSV with a header and the label last (test helper; the
    /// product's reader lives in TinyNetIO).
    func readNumericCSV(_ name: String) throws -> (features: [Double], labels: [Int], featureCount: Int) {
        let url = repositoryRoot.appendingPathComponent("data/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var features: [Double] = [], labels: [Int] = []
        var featureCount = 0
        for line in lines {
            let fields = line.split(separator: ",").map { Double($0)! }
            featureCount = fields.count - 1
            features += fields.dropLast()
            labels.append(Int(fields.last!))
        }
        return (features, labels, featureCount)
    }

    func train(
        _ name: String, layers: [LayerSpec], options: TrainingOptions, validationFraction: Double
    ) throws -> Evaluation {
        let (raw, labels, f) = try readNumericCSV(name)
        let classes = Set(labels).count
        let split = validationSplit(rows: labels.count, fraction: validationFraction, strata: labels, seed: options.seed)
        let scaler = Standardizer.fit(split.train.flatMap { raw[($0 * f)..<($0 * f + f)] }, features: f)
        let all = Dataset<Float>.classification(
            features: scaler.apply(raw), featureCount: f, classes: labels, classCount: classes, loss: .softmaxCE)
        let (train, validation) = (all.subset(split.train), all.subset(split.validation.isEmpty ? split.train : split.validation))
        var rng = SeededGenerator(seed: options.seed)
        let network = Sequential<Float>(specs: try LayerSpec.resolve(layers, outputs: classes), inputs: f, using: &rng)
        let loss = SoftmaxCrossEntropy<Float>()
        try Trainer(network: network, loss: loss, options: options).fit(train)
        return evaluate(network, loss: loss, on: validation)
    }

    @Test func learnsXorPerfectly() throws {
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate, options.momentum) = (60, 16, 0.1, 0.9)
        let result = try train("xor.csv", layers: [.linear(16), .tanh, .linear(nil)], options: options, validationFraction: 0)
        #expect(result.accuracy == 1.0)
    }

    @Test func learnsIrisToNinetyFivePercent() throws {
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate, options.momentum) = (100, 16, 0.05, 0.9)
        let result = try train("iris.csv", layers: [.linear(16), .relu, .linear(nil)], options: options, validationFraction: 0.2)
        #expect(result.samples == 30)
        #expect(result.accuracy! >= 0.95)
    }

    @Test func sameSeedSameWeights() throws {
        func weights(seed: UInt64) throws -> [Float] {
            let (raw, labels, f) = try readNumericCSV("iris.csv")
            let data = Dataset<Float>.classification(features: raw, featureCount: f, classes: labels, classCount: 3, loss: .softmaxCE)
            var options = TrainingOptions()
            (options.epochs, options.seed) = (3, seed)
            var rng = SeededGenerator(seed: seed)
            let network = Sequential<Float>(specs: [.linear(8), .relu, .linear(3)], inputs: f, using: &rng)
            try Trainer(network: network, loss: SoftmaxCrossEntropy<Float>(), options: options).fit(data)
            return network.parameters.flatMap { $0.value.values }
        }
        #expect(try weights(seed: 1) == weights(seed: 1))
        #expect(try weights(seed: 1) != weights(seed: 2))
    }

    /// Every epoch visits the rows in a new seeded order (as PyTorch's DataLoader(shuffle=True)): at learning
    /// rate 0 and one row per batch, the batch losses spell out the order, and each row's loss is its own.
    @Test func eachEpochShufflesTheRowsAnew() throws {
        let rows = 24
        let data = Dataset<Double>(features: Matrix(rows: rows, cols: 1, values: (0..<rows).map { Double($0) + 1 }),
                                   targets: Matrix(rows: rows, cols: 1))
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate, options.seed) = (3, 1, 0, 4)
        var rng = SeededGenerator(seed: 4)
        let network = Sequential<Double>(specs: [.linear(1)], inputs: 1, using: &rng)
        var losses: [[Double]] = [[], [], []]  // per epoch, per batch: (w·x + b)², one value per row
        var previousSum = 0.0
        try Trainer(network: network, loss: MeanSquaredError<Double>(), options: options).fit(data, onEvent: { event in
            guard case .batch(let epoch, let batch, _, let running) = event else { return }
            let sum = running * Double(batch)
            losses[epoch - 1].append(batch == 1 ? sum : sum - previousSum)
            previousSum = sum
        })
        let fileOrder = losses[0].sorted()  // the weights never move, so every epoch sees the same 24 losses
        #expect(Set(fileOrder.map { ($0 * 1e6).rounded() }).count == rows, "each row's loss is its own")
        for epoch in 0..<3 {
            #expect(zip(losses[epoch].sorted(), fileOrder).allSatisfy { abs($0 - $1) < 1e-9 * max(1, $1) }, "epoch \(epoch + 1) visits every row once")
        }
        let ranks = losses.map { epoch in epoch.map { loss in fileOrder.firstIndex { abs($0 - loss) < 1e-9 * max(1, loss) }! } }
        // (|w·x + b| grows with x, b = 0 at the start: rank order is file order.)
        #expect(ranks[0] != Array(0..<rows) && ranks[0] != ranks[1] && ranks[1] != ranks[2] && ranks[0] != ranks[2], "\(ranks)")
    }

    @Test func divergenceIsReportedNotHidden() throws {
        let (raw, labels, f) = try readNumericCSV("iris.csv")
        let data = Dataset<Float>.classification(features: raw, featureCount: f, classes: labels, classCount: 3, loss: .softmaxCE)
        var options = TrainingOptions()
        (options.epochs, options.learningRate) = (50, 1e30)
        var rng = SeededGenerator(seed: 0)
        let network = Sequential<Float>(specs: [.linear(8), .relu, .linear(3)], inputs: f, using: &rng)
        #expect(throws: TrainingError.self) {
            try Trainer(network: network, loss: SoftmaxCrossEntropy<Float>(), options: options).fit(data)
        }
    }
}
