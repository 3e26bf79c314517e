import Foundation
import TinyNet

/// Final training loss at one input scale, with the configured learning
/// rate and with it divided by the scale.
public struct ScaledTraining: Sendable {
    public var scale: Double
    /// The loss at this scale before any step.
    public var initialLoss: Double
    public var learningRate: Double
    public var finalLoss: Double       // NaN when training diverged
    public var compensatedLearningRate: Double?
    public var compensatedLoss: Double?
}

public struct ScaleReport: Sendable {
    /// The resolved layer list measured.
    public var layers: [LayerSpec]
    public var measurements: [ScaleMeasurement]
    public var training: [ScaledTraining]
    /// The rows of the fixed batch measured: `batchSize`, or all the training rows when there are fewer.
    public var batchRows: Int

    /// The local ratio is the scale: the first Linear receives the scaled inputs times it (nothing but ReLUs before it).
    public var localRatioIsScale: Bool { firstLinearInputScales(layers) }

    /// The scales at which some gradient is not finite (the scaled inputs or the outputs overflow Float64):
    /// they measure nothing.
    public var overflowedScales: [Double] {
        measurements.filter { $0.layers.contains { !$0.gradientNorm.isFinite } }.map(\.scale)
    }
}

/// `tinynet scale`: how multiplying the inputs by s changes every gradient
/// (one fixed batch, the same initial weights), and optionally what it does to training. s multiplies the
/// inputs as `train` feeds them: standardized (when the config says so) and times the config's input_scale,
/// so s = 1 is the model the config trains (MNIST's pixels / 255, not raw pixels).
public struct ScaleRun {
    public var config: TrainConfig
    public var scales: [Double] = [1, 10, 100, 1000]
    public var batchSize = 64
    public var trainEpochs: Int?
    public var compensate = false

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> ScaleReport {
        var base = config
        base.dtype = .f64  // measured and trained in Float64
        let specs = try base.validatedForTraining()
        let prepared = try PreparedRun(config: base)
        let resolved = try prepared.resolve(specs, config: base)
        let batch = prepared.firstRows(batchSize, config: base)
        let loss: any Loss<Double> = prepared.lossFunction(base)
        let measurements = measureInputScaling(
            specs: resolved, x: batch.features, target: batch.targets, loss: loss, seed: UInt64(base.seed), scales: scales,
            initialization: base.initialization)
        let all: Dataset<Double> = prepared.train.dataset(task: base.task, loss: base.resolvedLoss, classCount: prepared.classes.count)
        var training: [ScaledTraining] = []
        if let epochs = trainEpochs {
            for s in scales {
                let (initial, plain) = try losses(resolved, all, loss: loss, scale: s, lr: base.lr, epochs: epochs)
                let fixed = compensate ? try losses(resolved, all, loss: loss, scale: s, lr: base.lr / s, epochs: epochs).final : nil
                training.append(ScaledTraining(scale: s, initialLoss: initial, learningRate: base.lr, finalLoss: plain,
                                               compensatedLearningRate: compensate ? base.lr / s : nil, compensatedLoss: fixed))
            }
        }
        return ScaleReport(layers: resolved, measurements: measurements, training: training, batchRows: batch.count)
    }

    /// The loss before training and the mean training loss of the last epoch (NaN when training diverged).
    private func losses(
        _ specs: [LayerSpec], _ data: Dataset<Double>, loss: any Loss<Double>, scale s: Double, lr: Double, epochs: Int
    ) throws -> (initial: Double, final: Double) {
        let scaled = Dataset(features: Matrix(rows: data.count, cols: data.features.cols, values: data.features.values.map { $0 * s }),
                             targets: data.targets, classIndices: data.classIndices, regressionTargets: data.regressionTargets)
        var rng = SeededGenerator(seed: UInt64(config.seed))
        let network = Sequential<Double>(specs: specs, inputs: data.features.cols, initialization: config.initialization, using: &rng)
        var options = config.trainingOptions()
        (options.epochs, options.learningRate, options.schedule) = (epochs, lr, .constant)
        let initial = evaluate(network, loss: loss, on: scaled).loss
        do {
            let summaries = try Trainer(network: network, loss: loss, options: options).fit(scaled)
            return (initial, summaries.last?.trainLoss ?? .nan)
        } catch is TrainingError {
            return (initial, .nan)
        }
    }
}
