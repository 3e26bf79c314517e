import Foundation
import TinyNet

/// What a training run produced.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochSummary]
    public var finalTrainLoss: Double
    public var validation: Evaluation?
    public var trainSeconds: Double
    public var samplesPerSecond: Double
    public var checkpointPath: String
    public var task: Task
    public var classes: [String]
    public var trainRows: Int
    public var validationRows: Int
}

/// Everything `tinynet train` does, without printing: read the data, split and
/// standardize it, train, and write the checkpoint atomically at the end.
public struct TrainingRun {
    public var config: TrainConfig
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    public var shouldStop: () -> Bool = { false }
    /// Collect per-layer statistics every epoch (`--grad-stats`).
    public var gradientStatistics = false
    /// Train only on the first N rows, one batch of N per epoch (`--overfit-batch N`):
    /// the check that the model and its backward pass can learn at all. No checkpoint is written.
    public var overfitBatch: Int?

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> TrainingOutcome {
        let (specs, schedule) = try config.validatedForTraining()
        let prepared = try PreparedRun(config: config)
        switch config.dtype {
        case .f32: return try train(Float.self, prepared, specs, schedule)
        case .f64: return try train(Double.self, prepared, specs, schedule)
        }
    }

    private func train<T: Scalar>(
        _: T.Type, _ prepared: PreparedRun, _ specs: [LayerSpec], _ schedule: LearningRateSchedule
    ) throws -> TrainingOutcome {
        let loss = config.resolvedLoss
        let classCount = prepared.classes.count
        let resolved = try prepared.resolve(specs, config: config)
        var rng = SeededGenerator(seed: UInt64(config.seed))
        let network = Sequential<T>(specs: resolved, inputs: prepared.train.featureCount, using: &rng)
        let weights = config.classWeight == "balanced" ? balancedClassWeights(prepared.train.classIndices, classCount: classCount) : nil
        let lossFunction: any Loss<T> = makeLoss(loss, classWeights: weights)
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate) = (config.epochs, config.batchSize, config.lr)
        (options.momentum, options.nesterov, options.weightDecay) = (config.momentum, config.nesterov, config.weightDecay)
        (options.schedule, options.seed) = (schedule, UInt64(config.seed))
        var train: Dataset<T> = prepared.train.dataset(task: config.task, loss: loss, classCount: classCount)
        var validation: Dataset<T>? = prepared.validation?.dataset(task: config.task, loss: loss, classCount: classCount)
        if let n = overfitBatch {
            train = train.subset(Array(0..<min(n, train.count)))
            (options.batchSize, validation) = (train.count, nil)
        }
        let trainer = Trainer(network: network, loss: lossFunction, options: options)
        if gradientStatistics { trainer.statistics = LayerStatistics() }
        onEvent(.initialLoss(value: evaluate(network, loss: lossFunction, on: train.subset(Array(0..<min(train.count, 4096)))).loss,
                             expected: expectedInitialLoss(loss, classCount: classCount)))
        let start = DispatchTime.now().uptimeNanoseconds
        let summaries: [EpochSummary]
        do {
            summaries = try trainer.fit(train, validation: validation, shouldStop: shouldStop, onEvent: onEvent)
        } catch var error as TrainingError {
            error.inputScale = config.inputScale
            throw error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let checkpoint = Checkpoint(
            network: network, task: config.task, loss: loss, labelColumn: prepared.labelName,
            featureNames: prepared.featureNames, classes: prepared.classes, preprocessing: prepared.standardizer,
            inputScale: config.inputScale, targetMean: prepared.targetMean, targetStd: prepared.targetStd,
            epochsDone: trainer.epochsDone, config: config, generatorState: trainer.shuffleGenerator.stateWords)
        if overfitBatch == nil { try checkpoint.write(to: config.out) }
        let trainedSamples = summaries.reduce(0) { $0 + $1.samples }
        return TrainingOutcome(
            epochs: summaries, finalTrainLoss: summaries.last?.trainLoss ?? .nan, validation: summaries.last?.validation,
            trainSeconds: seconds, samplesPerSecond: seconds > 0 ? Double(trainedSamples) / seconds : 0,
            checkpointPath: config.out, task: config.task, classes: prepared.classes,
            trainRows: train.count, validationRows: validation?.count ?? 0)
    }
}

/// The loss of an untrained network with small random outputs: ln C for
/// softmax cross-entropy over C classes (uniform probabilities), ln 2 for
/// binary cross-entropy; none for MSE (it depends on the targets).
func expectedInitialLoss(_ loss: LossKind, classCount: Int) -> Double? {
    switch loss {
    case .softmaxCE: return classCount > 1 ? Foundation.log(Double(classCount)) : nil
    case .bce: return Foundation.log(2.0)
    case .mse: return nil
    }
}
