import Foundation
import TinyNet

/// Everything `tinynet train` does, without printing: read the data, split and
/// standardize it, train, and write checkpoints atomically.
public struct TrainingRun {
    public var config: TrainConfig
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    /// Hears how far the reading of the training and validation files has gone (`CSVOptions.onProgress`).
    public var onReadProgress: (@Sendable (ReadProgress) -> Void)?
    /// Polled after every batch; when true the run stops after that batch and writes a resumable checkpoint.
    public var shouldStop: () -> Bool = { false }
    /// Collect per-layer statistics every epoch (`--grad-stats`).
    public var gradientStatistics = false
    /// Train only on the first N rows, one batch of N per epoch (`--overfit-batch N`):
    /// the check that the model and its backward pass can learn at all. No checkpoint is written.
    public var overfitBatch: Int?
    /// Collect up to this many data problems before failing.
    public var maxErrors = 1
    /// Continue from this checkpoint (`--resume`): its weights, velocities, epoch, batch and generator.
    public var resume: Checkpoint?
    /// The file `resume` was read from: an interrupted run may write its state back over it.
    public var resumePath: String?
    public var policy = CheckpointPolicy()
    /// Hears where an interrupted run's state went, as soon as it is written (what a second signal then says).
    public var onInterruptedStateWritten: (String) -> Void = { _ in }

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> TrainingOutcome {
        let specs = try config.validatedForTraining()
        if overfitBatch == nil {  // before the training, not after it
            try checkWritableFilePath(config.out)
            try policy.checkDerivedNamesFit(out: config.out)
        }
        var prepared = try PreparedRun(
            config: config, maxErrors: maxErrors, stored: resume.map(StoredPreprocessing.init), onReadProgress: onReadProgress)
        switch config.dtype {
        case .f32: return try train(Float.self, &prepared, specs)
        case .f64: return try train(Double.self, &prepared, specs)
        }
    }

    private func train<T: Scalar>(
        _: T.Type, _ prepared: inout PreparedRun, _ specs: [LayerSpec]
    ) throws -> TrainingOutcome {
        let network: Sequential<T> = try makeNetwork(prepared.resolve(specs, config: config), inputs: prepared.train.featureCount)
        let lossFunction: any Loss<T> = prepared.lossFunction(config)
        let data: TrainingData<T> = trainingData(prepared)
        prepared.releaseFeatures()
        try checkResumeFits(data.train, options: data.options)
        let trainer = makeTrainer(network, lossFunction, data.options)
        reportStart(prepared, network, data)
        let initialLoss = reportInitialLoss(network, lossFunction, data.train, classCount: prepared.classes.count)
        let snapshot = { (best: BestRecord?) in checkpoint(network, trainer, prepared, data.train, best: best) }
        var session = CheckpointSession(policy: policy, out: config.out, write: overfitBatch == nil, resumedFrom: resumePath,
                                        resumedWithBest: resume?.best != nil)
        session.tracker = BestTracker(resume?.best)  // a resumed run must beat the best it had
        let start = DispatchTime.now().uptimeNanoseconds
        let summaries = try fit(trainer, data, prepared, &session, snapshot, initialLoss: initialLoss)
        if let error = session.writeError { throw error }
        // The training loop and its validations, not the checkpoint writes of --save-best / --save-every.
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 - session.writeSeconds
        // An interrupt before the first step (while the data loaded) writes nothing: the file at --out,
        // perhaps a trained model, is kept.
        let stepped = (trainer.epochsDone, trainer.batchesDone) != (resume?.epochsDone ?? 0, resume?.batchesDone ?? 0)
        let interrupted = trainer.epochsDone < data.options.epochs && !session.stop
        if stepped {
            try session.finish(snapshot, interrupted: interrupted)
            if interrupted { onInterruptedStateWritten(session.statePath) }
        }
        return outcome(summaries, trainer, data, session, seconds: seconds, stepped: stepped, initialLoss: initialLoss)
    }

    /// The rows to train and validate on, and the options: with --overfit-batch, the first N rows as one
    /// batch per epoch, and no validation.
    private func trainingData<T: Scalar>(_ prepared: PreparedRun) -> TrainingData<T> {
        let (loss, classCount) = (config.resolvedLoss, prepared.classes.count)
        var data = TrainingData<T>(
            train: prepared.train.dataset(task: config.task, loss: loss, classCount: classCount),
            validation: prepared.validation?.dataset(task: config.task, loss: loss, classCount: classCount),
            options: config.trainingOptions())
        if let n = overfitBatch {
            data.train = data.train.subset(Array(0..<min(n, data.train.count)))
            (data.options.batchSize, data.validation) = (data.train.count, nil)
        }
        return data
    }

    /// A checkpoint stopped mid-epoch resumes after its last batch, in the shuffled order of its rows: these
    /// must be those rows (when the checkpoint says which) and make more batches than that.
    private func checkResumeFits<T: Scalar>(_ train: Dataset<T>, options: TrainingOptions) throws {
        guard let r = resume, r.batchesDone > 0 else { return }
        let trainRows = train.count
        if let stored = r.epochData, stored != DataFingerprint(train) {
            let what = stored.rows == trainRows ? "other rows (as many, \(trainRows), but different values or order)" : "\(counted(trainRows, "training row")), not its \(stored.rows)"
            throw ConfigError(file: nil, message: "--resume: the checkpoint stopped in the middle of an epoch over its training rows, and this data gives \(what); "
                + "resume with the data it was trained on")
        }
        let batches = options.batchesPerEpoch(rows: trainRows)
        guard r.batchesDone < batches else {
            throw ConfigError(file: nil, message: "--resume: the checkpoint stopped after batch \(r.batchesDone) of an epoch, but these \(counted(trainRows, "training row")) make \(counted(batches, "batch", plural: "batches")); resume with the data it was trained on")
        }
    }

    /// The training loop over `network`: at the resumed checkpoint's epoch, batch and generator, if any,
    /// collecting `--grad-stats` when asked.
    private func makeTrainer<T: Scalar>(_ network: Sequential<T>, _ loss: any Loss<T>, _ options: TrainingOptions) -> Trainer<T> {
        let trainer = Trainer(network: network, loss: loss, options: options)
        trainer.validationLoss = makeLoss(config.resolvedLoss, as: T.self)  // unweighted, as eval scores it
        if let r = resume {
            trainer.resume(epochsDone: r.epochsDone, batchesDone: r.batchesDone, generator: SeededGenerator(state: r.generatorState),
                           partialEpoch: r.partialEpoch)
        }
        if gradientStatistics { trainer.statistics = LayerStatistics() }
        return trainer
    }

    /// The `.started` event, then the warnings said before the first step.
    private func reportStart<T: Scalar>(_ prepared: PreparedRun, _ network: Sequential<T>, _ data: TrainingData<T>) {
        onEvent(.started(layers: network.specs, inputs: network.inputWidth, parameters: network.parameterCount,
                         trainRows: data.train.count, validationRows: data.validation?.count ?? 0))
        startWarnings(prepared, layers: network.specs, train: data.train)
            .forEach { onEvent(.warning($0)) }
    }

    /// The loss before the first step, reported and returned; nil after a resume (the network has trained).
    private func reportInitialLoss<T: Scalar>(_ network: Sequential<T>, _ loss: any Loss<T>, _ train: Dataset<T>, classCount: Int) -> Double? {
        guard resume == nil else { return nil }
        let initial = measureInitialLoss(network, loss, on: train, kind: config.resolvedLoss, classCount: classCount)
        initial.events.forEach(onEvent)
        return initial.value
    }

    /// The run's state as a checkpoint: the network, how its data was read and prepared, how far it trained
    /// (with the generator to go on), and the best so far.
    private func checkpoint<T: Scalar>(
        _ network: Sequential<T>, _ trainer: Trainer<T>, _ prepared: PreparedRun, _ train: Dataset<T>, best: BestRecord?
    ) -> Checkpoint {
        var checkpoint = Checkpoint(
            network: network, task: config.task, loss: config.resolvedLoss, labelColumn: prepared.labelName,
            featureNames: prepared.featureNames, classes: prepared.classes, preprocessing: prepared.standardizer,
            inputScale: config.inputScale, targetMean: prepared.targetMean, targetStd: prepared.targetStd,
            epochsDone: trainer.epochsDone, batchesDone: trainer.batchesDone, config: config,
            generatorState: trainer.epochGenerator.stateWords).with(partialEpoch: trainer.partialEpoch, best: best)
        if trainer.batchesDone > 0 { checkpoint.epochData = DataFingerprint(train) }  // mid-epoch: which rows
        return checkpoint
    }

    /// The training loop, with the checkpoints `session` writes after each epoch (its early stop ends the
    /// loop) and the warnings of a validation loss that is not finite and of a loss that grew a thousandfold
    /// (`watchingDivergence`); a divergence comes with advice.
    private func fit<T: Scalar>(
        _ trainer: Trainer<T>, _ data: TrainingData<T>, _ prepared: PreparedRun, _ session: inout CheckpointSession,
        _ snapshot: (BestRecord?) -> Checkpoint, initialLoss: Double?
    ) throws -> [EpochSummary] {
        let scale = { prepared.scale(config, trainFeatures: data.train.features) }
        return try watchingDivergence(onEvent, initialLoss: initialLoss, scale: scale, optimizer: config.trainingOptions()) { report in
            try trainer.fit(data.train, validation: data.validation, shouldStop: { shouldStop() || session.stop }) { event in
                // The epoch's log row first, then its checkpoints: a run killed between them leaves the log a row
                // ahead of the checkpoint (resuming warns of it), never a checkpoint of an epoch the log lacks.
                report(event)
                if case .epoch(let summary) = event { session.afterEpoch(summary, snapshot) }
            }
        }
    }

    /// What the run produced. `stepped`: it trained at least one batch, and so wrote its checkpoint
    /// (unless --overfit-batch).
    private func outcome<T: Scalar>(
        _ summaries: [EpochSummary], _ trainer: Trainer<T>, _ data: TrainingData<T>, _ session: CheckpointSession,
        seconds: Double, stepped: Bool, initialLoss: Double?
    ) -> TrainingOutcome {
        // Rows trained by this run: whole epochs, less the part of the first one a resumed checkpoint had
        // done, plus the part of an epoch an interrupt cut short.
        let trainedSamples = summaries.reduce(0) { $0 + $1.samples } + trainer.partialEpoch.rows - (resume?.partialEpoch.rows ?? 0)
        let kept = keptSummary(summaries, session)
        return TrainingOutcome(
            epochs: summaries, finalTrainLoss: summaries.last?.trainLoss ?? .nan, validation: kept?.validation, validationEpoch: kept?.epoch,
            trainSeconds: seconds, samplesPerSecond: seconds > 0 ? Double(trainedSamples) / seconds : 0,
            checkpointPath: !stepped || overfitBatch != nil ? nil : session.pathHoldingTheModel,
            statePath: !stepped || overfitBatch != nil ? nil : session.statePath, task: config.task,
            trainRows: data.train.count, validationRows: data.validation?.count ?? 0, epochsDone: trainer.epochsDone,
            interrupted: trainer.epochsDone < data.options.epochs && !session.stop, batchesDone: trainer.batchesDone,
            stoppedEarly: session.stop, bestEpoch: policy.keepsBest ? session.tracker.bestEpoch : nil, initialLoss: initialLoss)
    }

    /// The epoch whose validation scores describe the model at --out: the best one when the run keeps the
    /// best (if it is one of this run's), else the last.
    private func keptSummary(_ summaries: [EpochSummary], _ session: CheckpointSession) -> EpochSummary? {
        guard policy.keepsBest, let best = summaries.first(where: { $0.epoch == session.tracker.bestEpoch }) else {
            return summaries.last
        }
        return best
    }

    /// What may make this run train other than meant, said before the first step: labels that look like a
    /// quantity, layer lists that rarely train well, badly scaled inputs, and the surprises of
    /// --overfit-batch and --resume.
    private func startWarnings<T>(_ prepared: PreparedRun, layers: [LayerSpec], train: Dataset<T>) -> [String] {
        // (rows: the file's training rows, not the few of --overfit-batch)
        var warnings = modelAndDataWarnings(config.task, classes: prepared.classes, rows: prepared.train.classIndices.count, label: prepared.labelName,
                                            featureNames: prepared.featureNames, firstColumn: prepared.firstColumn, layers: layers,
                                            scale: prepared.scale(config))
        // The first rows of a file sorted by class are one class: a bias learns that, so the check proves little.
        if overfitBatch != nil, train.count > 1, Set(train.classIndices).count == 1 {
            warnings.append("the \(train.count) rows of --overfit-batch are all of one class (the file's first rows), which the output bias alone can fit; "
                + "the check says more on rows of several classes: a larger N, or a shuffled file")
        }
        if let ignored = ignoredColumnsWarning(prepared.ignoredColumns, model: "the resumed model") { warnings.append(ignored) }
        if let same = validationIsTrainingWarning(config) { warnings.append(same) }
        if config.task == .classification {
            var counts = Array(repeating: 0, count: prepared.classes.count)
            for c in prepared.train.classIndices { counts[c] += 1 }
            if let unseen = classesWithoutTrainingRowsWarning(classes: prepared.classes, trainingRowsPerClass: counts) { warnings.append(unseen) }
        }
        if let valData = config.valData, let ignored = ignoredColumnsWarning(prepared.validationIgnoredColumns) {
            warnings.append("\(valData): \(ignored)")  // as eval says of the same file
        }
        // The cosine schedule is computed from the total epochs: a new total starts another curve.
        if let r = resume, r.config.lrSchedule == .cosine, config.lrSchedule == .cosine, r.config.epochs != config.epochs {
            warnings.append("the cosine schedule follows the total epochs, \(r.config.epochs) in the first run and \(config.epochs) now: "
                + "the learning rate jumps to the new curve (it resumes exactly only with the same total)")
        }
        // A streamed run shuffles within its buffer; in memory every epoch shuffles all rows (--stream does not resume).
        if let buffer = resume?.shuffleBuffer {
            warnings.append("the checkpoint was trained with --stream (a shuffle buffer of \(counted(buffer, "row"))); this run goes on in memory, "
                + "shuffling all rows each epoch, so it does not continue the streamed run exactly (--stream does not resume)")
        }
        return warnings
    }

    /// A fresh network from the seed, or the resumed checkpoint's.
    private func makeNetwork<T: Scalar>(_ specs: [LayerSpec], inputs: Int) throws -> Sequential<T> {
        if let resume {
            let network: Sequential<T> = try resume.makeNetwork()
            // Without momentum the stored velocity is only the last step's gradient: torch.optim.SGD keeps no
            // buffer then, and momentum switched on at a resume starts one from the next gradient, as from 0 here.
            if resume.config.momentum == 0 { for p in network.parameters { p.velocity.fill(0) } }
            return network
        }
        var rng = SeededGenerator(seed: UInt64(config.seed))
        return Sequential<T>(specs: specs, inputs: inputs, initialization: config.initialization, using: &rng)
    }
}

/// The rows a run trains and validates on, and the options it trains with.
private struct TrainingData<T: Scalar> {
    var train: Dataset<T>
    var validation: Dataset<T>?
    var options: TrainingOptions
}
