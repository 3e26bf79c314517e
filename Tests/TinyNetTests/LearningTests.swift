import Foundation
import Testing
@testable import TinyNet

/// Networks that actually learn, through the library API alone.
@Suite struct LearningTests {
    /// Reads a numeric CSV with a header and the label last (test helper; the
    /// product's reader lives in TinyNetIO).
    func readNumericCSV(_ name: String) throws -> (features: [Double], labels: [Int], featureCount: Int) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../data/\(name)")
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
