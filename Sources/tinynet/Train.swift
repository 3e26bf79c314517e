import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a network on a CSV file and write a checkpoint.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var optimizer: OptimizerOptions
    @OptionGroup var runOptions: TrainingRunOptions
    @Flag(help: "Print the resolved configuration as TOML and exit.") var printConfig = false
    @Flag(help: "Print one JSON object on stdout at the end.") var json = false
    @Flag(help: "Print only errors and the final summary.") var quiet = false
    @Option(parsing: .unconditional, help: "OpenBLAS threads when the largest product, batch × fan-in × fan-out, reaches 4M; a smaller network trains on one (default: all cores, or OPENBLAS_NUM_THREADS).") var threads: Int?
    @Flag(help: "Per epoch: each parameter's norm, gradient norm and update ratio; dead ReLU and saturated sigmoid/tanh fractions.")
    var gradStats = false
    @Option(parsing: .unconditional, help: "Train only on the first N rows (one batch per epoch) to check the model can fit them; writes no checkpoint.")
    var overfitBatch: Int?
    @OptionGroup var checkpoints: CheckpointOptions
    @OptionGroup var read: ReadOptions
    @Option(help: "Append one CSV row per epoch to this file: epoch, losses, accuracy (or R²), lr, seconds.") var log: String?
    @Option(help: "Write the loss and accuracy (or R²) curves of this run to an SVG file at the end.") var plot: String?

    func validate() throws {
        if let overfitBatch, overfitBatch < 1 { throw ValidationError("--overfit-batch must be at least 1") }
        if printConfig && json { throw ValidationError("--print-config prints TOML; it does not combine with --json") }
        if overfitBatch != nil && (checkpoints.policy.keepsBest || checkpoints.saveEvery != nil || checkpoints.resume != nil) {
            throw ValidationError("--overfit-batch writes no checkpoint: it does not combine with --save-best, --early-stopping, --save-every or --resume")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if read.stream && (gradStats || overfitBatch != nil || checkpoints.resume != nil || checkpoints.policy.keepsBest || checkpoints.saveEvery != nil) {
            throw ValidationError("--stream does not combine with --grad-stats, --overfit-batch, --resume, --save-every, --save-best or --early-stopping")
        }
    }

    /// Trains `config` in memory (resuming `resumed`, when given) or, with --stream, from the file as it is read.
    private func train(
        _ config: TrainConfig, resumed: Checkpoint?, onEvent: @escaping (TrainingEvent) -> Void,
        onReadProgress: (@Sendable (ReadProgress) -> Void)?
    ) throws -> TrainingOutcome {
        if read.stream {
            var run = read.streamingRun(config)
            run.otherOutputs = [log, plot].compactMap { $0 }
            run.onInterruptedStateWritten = secondSignalSaysWhereTheStateWent
            run.onEvent = onEvent
            run.shouldStop = { Interrupts.requested }
            run.onReadProgress = onReadProgress
            return try run.run()
        }
        var run = TrainingRun(config: config)
        run.gradientStatistics = gradStats
        run.overfitBatch = overfitBatch
        run.resume = resumed
        run.resumePath = checkpoints.resume
        run.policy = checkpoints.policy
        run.policy.otherOutputs = [log, plot].compactMap { $0 }
        run.onInterruptedStateWritten = secondSignalSaysWhereTheStateWent
        run.maxErrors = read.maxErrors
        run.onEvent = onEvent
        run.shouldStop = { Interrupts.requested }
        run.onReadProgress = onReadProgress
        return try run.run()
    }

    /// What a second signal's message starts with: on a terminal, a line break off the live progress line.
    var endLiveLine: String { ProgressDisplay.Mode.detect(quiet: quiet) == .terminal ? "\n" : "" }

    /// Once an interrupted run's state is written, a second signal says where it went (not "without writing").
    func secondSignalSaysWhereTheStateWent(_ path: String) {
        Interrupts.exitingSays(endLiveLine + "interrupted again: stopped at once; the checkpoint of the first interrupt was written to \(path)")
    }

    func run() throws {
        try reportingErrors {
            let plan = try ResumePlan(resumePath: checkpoints.resume, policy: checkpoints.policy) {
                try options.resolve(base: $0, more: [optimizer, runOptions])
            }
            let (config, resumed) = (plan.config, plan.checkpoint)
            // A config file's out, not the resumed checkpoint, is where this run writes: said, as it may be another run's file.
            if let writeBack = plan.redirectedFrom, let source = config.sources.byKey[.out], !quiet, !printConfig {
                printError("note: writing to \(config.out) (out in \(source)), not back to \(writeBack)")
            }
            if printConfig {
                try config.checkKeysAgree()
                print(config.toml, terminator: "")
                return
            }
            try checkOutputsSpareInputs(
                outputs: givenFiles([(config.settingName(.out), config.out), ("--log", log), ("--plot", plot),
                                     ("the last checkpoint", checkpoints.policy.keepsBest ? CheckpointPolicy.lastPath(for: config.out) : nil)]),
                inputs: givenFiles([(config.settingName(.data), config.data), (config.settingName(.valData), config.valData),
                                    ("--config", options.config)]))
            // (--out may be the checkpoint resumed from: it is written back; the log and plot may not.)
            try checkOutputsSpareInputs(outputs: givenFiles([("--log", log), ("--plot", plot)]), inputs: givenFiles([("--resume", checkpoints.resume)]))
            if let threads { useBLASThreads(threads) }
            let outputs = try TrainOutputs(config: config, configPath: options.config, quiet: quiet, gradStats: gradStats,
                                           overfitBatch: overfitBatch, logPath: log, plotPath: plot)
            defer { outputs.close() }
            if let resumed, let log = outputs.log, let ahead = log.trailingEpochs(after: resumed.epochsDone) {
                let epochs = ahead.count == 1 ? "epoch \(ahead.lowerBound)" : "epochs \(ahead.lowerBound)–\(ahead.upperBound)"
                outputs.display.handle(.warning("--log \(log.path) ends with rows for \(epochs), after the checkpoint's epoch \(resumed.epochsDone): "
                    + "the rows this run appends repeat \(ahead.count == 1 ? "it" : "them") (remove those rows, or log to a new file)"))
            }
            // Until the model exists a signal exits at once; from then on the first one stops training
            // with a checkpoint and a second exits at once (removing a checkpoint half-written).
            let untouched = overfitBatch == nil ? "; nothing written (\(config.out) is as it was)" : ""
            let reading = ReadingDisplay(quiet: quiet)
            // On a terminal the message starts a line of its own (the reading line may be showing).
            Interrupts.exitingSays((reading.observer != nil ? "\n" : "") + "interrupted before the first training step\(untouched)")
            defer { reading.finish() }
            let outcome = try train(config, resumed: resumed, onEvent: eventHandler(outputs, reading), onReadProgress: reading.observer)
            let logFailure = try outputs.finish(outcome)
            json ? printJSON(trainJSON(outcome)) : print(summary(outcome))
            // The verdict is the command's result: stdout, after the summary (with --json, overfit_passed).
            if overfitBatch != nil && !json { print(overfitVerdict(outcome)) }
            if let logFailure { throw logFailure }  // after the summary: the checkpoint was written
            try checkSucceeded(outcome, out: config.out)
        }
    }

    /// Training's events to the outputs; the first one after the files are read ends the reading line, and
    /// the model's announcement arms the second-signal exit.
    func eventHandler(_ outputs: TrainOutputs, _ reading: ReadingDisplay) -> (TrainingEvent) -> Void {
        { event in
            // The line that follows the reading (the model's, or a warning) replaces the reading line.
            // Batches come only after it, so the per-batch path takes no lock.
            if case .batch = event {} else { reading.finish() }
            if case .started = event {
                Interrupts.beginTraining(secondSignalSays: endLiveLine + "interrupted again: stopped at once, without writing a checkpoint")
            }
            outputs.handle(event)
        }
    }

    /// Exit 1 for an --overfit-batch check that did not pass (failed, or proved nothing), as gradcheck does, so
    /// that scripts can rely on it; 128 + the signal for an interrupted run.
    func checkSucceeded(_ outcome: TrainingOutcome, out: String) throws {
        if overfitBatch != nil && outcome.overfitVerdict != .learned { throw ExitCode(1) }
        if outcome.interrupted { throw interruption(outcome, out: out) }
        // A signal in the last batch, its validation or the final write: the run is complete, and still says so
        // and exits 128 + the signal, so that a Ctrl-C stops a shell loop of runs.
        if Interrupts.requested {
            let wrote = outcome.checkpointPath.map { " and wrote \($0)" } ?? ""
            printError("interrupted as the run ended: it \(outcome.stoppedEarly ? "had stopped early" : "trained every epoch")\(wrote)")
            throw ExitCode(Interrupts.exitStatus)
        }
    }

    /// An interrupted run says what it wrote and how to go on, and exits 128 + the signal.
    func interruption(_ outcome: TrainingOutcome, out: String) -> ExitCode {
        guard let written = outcome.statePath else {
            let when = read.stream ? "in the first epoch (a streamed run keeps whole epochs only)" : "before the first training step"
            printError("interrupted \(when); nothing written (\(out) is as it was)")
            return ExitCode(Interrupts.exitStatus)
        }
        // A file from before this run at the usual path was kept, and the state went beside it.
        let usual = checkpoints.policy.lastCheckpointPath(out: out)
        let kept = written == usual ? "" : "\(usual), from before this run, is kept; "
        let next = read.stream ? "it holds the epochs completed (a streamed run does not resume mid-epoch)"
            : "continue with: tinynet train --resume \(shellQuoted(written))" + (written == usual ? "" : " --out \(shellQuoted(out))")
                + (checkpoints.saveBest ? " --save-best" : "") + (checkpoints.earlyStopping.map { " --early-stopping \($0)" } ?? "")
                + (checkpoints.saveEvery.map { " --save-every \($0)" } ?? "") + (log.map { " --log \(shellQuoted($0))" } ?? "")
        printError("interrupted after epoch \(outcome.epochsDone), batch \(outcome.batchesDone) of the next; checkpoint written to \(written); \(kept)\(next)")
        return ExitCode(Interrupts.exitStatus)
    }
}
