import TinyNet

/// What a training run produced.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochSummary]
    public var finalTrainLoss: Double
    public var validation: Evaluation?
    /// The epoch `validation` belongs to (the best one with --save-best / --early-stopping, else the last).
    public var validationEpoch: Int?
    public var trainSeconds: Double
    public var samplesPerSecond: Double
    /// Where the checkpoint was written; nil when none was (--overfit-batch, or stopped before the first step).
    public var checkpointPath: String?
    /// Where the run's last state (the one `--resume` continues) was written: the last checkpoint's path,
    /// or beside it (NAME.interrupted.EXT) when an interrupted run kept a file from before it there.
    public var statePath: String?
    public var task: Task
    public var trainRows: Int
    public var validationRows: Int
    /// Epochs completed in all (including those before a resume).
    public var epochsDone: Int
    /// Stopped by `shouldStop` (an interrupt) before the last epoch: `batchesDone` of the next epoch are trained.
    public var interrupted: Bool
    public var batchesDone: Int
    /// Stopped by early stopping; `bestEpoch` is the one kept at the output path.
    public var stoppedEarly: Bool
    public var bestEpoch: Int?

    /// The loss on the training rows before the first step (the first 4096, fewer for a wide output:
    /// `initialLossRowCount`); nil when resumed.
    public var initialLoss: Double? = nil

    /// `--overfit-batch`'s bar: the training loss a model that can learn brings its few rows below.
    public static let overfitLossThreshold = 0.01
    /// What `--overfit-batch` showed.
    public enum OverfitVerdict: Sendable {
        /// The loss came down below the bar: the model and its backward pass can learn.
        case learned
        /// The loss stayed at or above the bar.
        case notLearned
        /// The loss was below the bar before the first step (a lone row the initial model already fits):
        /// reaching it shows nothing learned.
        case provedNothing
    }
    public var overfitVerdict: OverfitVerdict {
        if let initialLoss, initialLoss < Self.overfitLossThreshold { return .provedNothing }
        return finalTrainLoss < Self.overfitLossThreshold ? .learned : .notLearned
    }
}
