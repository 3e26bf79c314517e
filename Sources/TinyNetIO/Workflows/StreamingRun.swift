import Foundation
import TinyNet

/// `tinynet train --stream`: training on a file too large for memory, without printing.
///
/// A first pass reads and checks the whole training file and computes the standardization statistics
/// (`RunningStatistics`), the classes and their counts or the target's statistics; every epoch then reads the file
/// again in chunks, shuffling within a buffer of `shuffleBufferRows` rows (seeded by `config.seed`), and
/// each validation reads the `val_data` file or the rows a seeded hash holds out for `val_split`, both read
/// ahead on a second thread (`prefetching`) while the network works. Memory is bounded by the buffer and a
/// few chunks, not by the file. The checkpoint is the one `TrainingRun` writes.
public struct StreamingRun {
    public var config: TrainConfig
    /// Rows the shuffle buffer holds (`--shuffle-buffer`).
    public var shuffleBufferRows = 10_000
    /// Collect up to this many data problems before failing (`--max-errors`).
    public var maxErrors = 1
    /// Rows per chunk read from the file (nil: `CSVStream`'s choice, about 256 KB of values: 1 << 15 of them,
    /// between 16 and 4096 rows).
    public var chunkRows: Int?
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    /// Hears how far the reading of the first pass over the training file has gone (`CSVOptions.onProgress`).
    public var onReadProgress: (@Sendable (ReadProgress) -> Void)?
    /// Polled after every batch; when true the run stops and writes the epochs completed so far.
    public var shouldStop: () -> Bool = { false }
    /// The run's other files (`--log`, `--plot`): an interrupted run's state never goes to one of them.
    public var otherOutputs: [String] = []
    /// Hears where an interrupted run's state went, as soon as it is written (what a second signal then says).
    public var onInterruptedStateWritten: (String) -> Void = { _ in }

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> TrainingOutcome {
        let specs = try config.validatedForTraining()
        guard shuffleBufferRows >= 1 else {
            throw ConfigError(file: nil, message: "the shuffle buffer must hold at least 1 row")
        }
        try checkWritableFilePath(config.out)  // before the training, not after it
        try CheckpointPolicy().checkDerivedNamesFit(out: config.out)
        let plan = try StreamPlan(config: config, maxErrors: maxErrors, chunkRows: chunkRows, onReadProgress: onReadProgress)
        switch config.dtype {
        case .f32: return try train(Float.self, plan, specs)
        case .f64: return try train(Double.self, plan, specs)
        }
    }

    private func train<T: Scalar>(
        _: T.Type, _ plan: StreamPlan, _ specs: [LayerSpec]
    ) throws -> TrainingOutcome {
        try plan.checkValuesFit(as: T.self)
        let loss = config.resolvedLoss
        var rng = SeededGenerator(seed: UInt64(config.seed))
        let network = Sequential<T>(specs: try plan.resolve(specs), inputs: plan.featureNames.count, initialization: config.initialization, using: &rng)
        let weights = config.classWeight == .balanced ? plan.balancedClassWeights : nil
        let lossFunction: any Loss<T> = makeLoss(loss, classWeights: weights)
        let validationRows = try countValidationRows(plan, as: T.self)
        let bufferRows = min(shuffleBufferRows, max(plan.trainRows, 1))  // no room for rows the file does not have
        reportStart(plan, network, validationRows: validationRows, bufferRows: bufferRows)
        let initialLoss = try reportInitialLoss(network, lossFunction, plan)
        let trainer = StreamTrainer(network: network, loss: lossFunction, options: config.trainingOptions(), bufferRows: bufferRows)
        let validate: (() throws -> Evaluation)? = validationRows == 0 ? nil : {
            guard let chunks: ChunkSource<T> = try plan.validationChunks() else { return Evaluation(samples: 0, loss: 0) }
            return try evaluate(network, loss: makeLoss(loss, as: T.self), chunks: prefetching(chunks))  // unweighted, as eval scores it
        }
        let outHoldsEarlierFile = holdsEarlierFile(config.out, resumedFrom: nil)  // a model an interrupt must keep
        let start = DispatchTime.now().uptimeNanoseconds
        let summaries = try watchingDivergence(onEvent, initialLoss: initialLoss, scale: { plan.scale }, optimizer: config.trainingOptions()) { report in
            try trainer.fit(
                rowsPerEpoch: plan.trainRows, openEpoch: { prefetching(try plan.trainingFileChunks()) }, validate: validate,
                shouldStop: shouldStop, onEvent: report)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Stopped before a whole epoch (a streamed epoch is not resumed mid-way): nothing to keep, and the
        // file at --out, perhaps a trained model, stays as it was; so it does after later epochs when the
        // run is interrupted (the epochs done go beside it).
        let written = trainer.epochsDone > 0
        let interrupted = trainer.epochsDone < config.epochs
        let path = CheckpointPolicy.statePath(for: config.out, interrupted: interrupted, keepingEarlierFile: outHoldsEarlierFile,
                                              otherOutputs: otherOutputs)
        if written {
            try checkpoint(network, trainer, plan).write(to: path)
            if interrupted { onInterruptedStateWritten(path) }
        }
        return outcome(summaries, trainer, plan, seconds: seconds, checkpointPath: written ? path : nil,
                       validationRows: validationRows, interrupted: interrupted)
    }

    /// The model and its rows announced, then the warnings about the model and the data.
    private func reportStart<T: Scalar>(_ plan: StreamPlan, _ network: Sequential<T>, validationRows: Int, bufferRows: Int) {
        onEvent(.started(layers: network.specs, inputs: network.inputWidth, parameters: network.parameterCount,
                         trainRows: plan.trainRows, validationRows: validationRows))
        modelAndDataWarnings(config.task, classes: plan.classes.classes, rows: plan.trainRows, label: plan.labelName,
                             featureNames: plan.featureNames, firstColumn: plan.firstColumn, layers: network.specs, scale: plan.scale)
            .forEach { onEvent(.warning($0)) }
        plan.sortedClassesWarning(bufferRows: bufferRows).map { onEvent(.warning($0)) }
        validationIsTrainingWarning(config).map { onEvent(.warning($0)) }
        if config.task == .classification {
            classesWithoutTrainingRowsWarning(classes: plan.classes.classes, trainingRowsPerClass: plan.classCounts).map { onEvent(.warning($0)) }
        }
        if let valData = config.valData, let ignored = (try? plan.validationIgnoredColumns()).flatMap({ ignoredColumnsWarning($0) }) {
            onEvent(.warning("\(valData): \(ignored)"))  // as the in-memory run and eval say of the same file
        }
    }

    /// The checkpoint of the epochs trained, with the shuffle buffer and generator a resume continues from.
    private func checkpoint<T: Scalar>(_ network: Sequential<T>, _ trainer: StreamTrainer<T>, _ plan: StreamPlan) -> Checkpoint {
        var checkpoint = Checkpoint(
            network: network, task: config.task, loss: config.resolvedLoss, labelColumn: plan.labelName,
            featureNames: plan.featureNames, classes: plan.classes.classes, preprocessing: plan.standardizer,
            inputScale: config.inputScale, targetMean: plan.targetMean, targetStd: plan.targetStd,
            epochsDone: trainer.epochsDone, config: config, generatorState: trainer.shuffleGenerator.stateWords)
        checkpoint.shuffleBuffer = trainer.bufferRows
        return checkpoint
    }

    private func outcome<T: Scalar>(
        _ summaries: [EpochSummary], _ trainer: StreamTrainer<T>, _ plan: StreamPlan, seconds: Double, checkpointPath: String?,
        validationRows: Int, interrupted: Bool
    ) -> TrainingOutcome {
        let trainedSamples = summaries.reduce(0) { $0 + $1.samples }
        return TrainingOutcome(
            epochs: summaries, finalTrainLoss: summaries.last?.trainLoss ?? .nan, validation: summaries.last?.validation,
            validationEpoch: summaries.last?.epoch,
            trainSeconds: seconds, samplesPerSecond: seconds > 0 ? Double(trainedSamples) / seconds : 0,
            checkpointPath: checkpointPath, statePath: checkpointPath, task: config.task,
            trainRows: plan.trainRows, validationRows: validationRows, epochsDone: trainer.epochsDone,
            interrupted: interrupted, batchesDone: 0, stoppedEarly: false, bestEpoch: nil)
    }

    /// Reads the validation rows once before training: a `val_data` file with an unknown class or a bad row
    /// fails here, before anything is trained. Returns their number.
    private func countValidationRows<T: Scalar>(_ plan: StreamPlan, as: T.Type) throws -> Int {
        if config.valSplit != nil { return plan.heldOutRows }
        guard let chunks: ChunkSource<T> = try plan.validationChunks() else { return 0 }
        var rows = 0
        while let chunk = try chunks() { rows += chunk.count }
        return rows
    }

    /// The loss before the first step on the first chunk of training rows (its first `initialLossRowCount`), and its
    /// expected value.
    private func reportInitialLoss<T: Scalar>(_ network: Sequential<T>, _ loss: any Loss<T>, _ plan: StreamPlan) throws -> Double? {
        let chunks: ChunkSource<T> = try plan.trainingFileChunks()
        guard let first = try chunks() else { return nil }
        let initial = measureInitialLoss(network, loss, on: first, kind: config.resolvedLoss, classCount: plan.classes.count)
        initial.events.forEach(onEvent)
        return initial.value
    }

}
