import Foundation

/// What `train` runs with once `--resume` and the checkpoint policy are taken into account: the
/// configuration and the checkpoint to continue from.
///
/// A resumed run starts from its checkpoint's configuration, which the config file and the flags then
/// change where a resume allows it (`TrainConfig.checkResumable`), and unless a flag or the config file sets
/// `out` writes back where it was read from. A run that keeps the best (`--save-best`, `--early-stopping`) needs validation rows.
public struct ResumePlan {
    /// The configuration to train with.
    public var config: TrainConfig
    /// The checkpoint to continue from; nil for a fresh run.
    public var checkpoint: Checkpoint?
    /// Where a resumed run would have written (the checkpoint it resumes, or OUT for OUT.last when it keeps the
    /// best), when the config file's `out` names another file: the run says so, as it may be another run's.
    public private(set) var redirectedFrom: String?

    /// Loads the checkpoint at `resumePath` (if any) and resolves the configuration over it.
    ///
    /// - resumePath: the checkpoint to continue from (`--resume`).
    /// - policy: when the run writes checkpoints.
    /// - resolve: the configuration over a base, the checkpoint's when resuming, else the defaults (the
    ///   command line applies its config file and flags).
    public init(
        resumePath: String?, policy: CheckpointPolicy, resolve: (TrainConfig) throws -> TrainConfig
    ) throws {
        checkpoint = try resumePath.map { try Checkpoint.load(path: $0) }
        config = try resolve(checkpoint?.config ?? TrainConfig())
        if let checkpoint, let resumePath {
            // Unless `--out` or the config file names another checkpoint, continue where it was written;
            // resuming OUT.last of a run that keeps the best at OUT keeps it there.
            let writeBack = policy.keepsBest ? CheckpointPolicy.bestPath(forLast: resumePath) : resumePath
            switch config.sources.byKey[.out] {
            case nil: config.out = writeBack
            case ConfigKey.out.flag?: break
            case _?: if !Self.sameFile(config.out, writeBack) { redirectedFrom = writeBack }
            }
            try config.checkResumable(from: checkpoint, path: resumePath)
            // Keys that disagree only as the checkpoint stored them (written by a version that allowed them):
            // say so, rather than name no source the user could find.
            do { try config.checkKeysAgree() } catch let error as ConfigError where error.file == nil {
                throw ConfigError(file: nil, message: "--resume: \(error.message), as stored in the config of \(resumePath); override one of them with its flag")
            }
        }
        if policy.keepsBest && config.valData == nil && config.valSplit == nil {
            throw ConfigError(file: nil, message: "--save-best and --early-stopping watch the validation loss: give --val-data FILE or --val-split FRACTION")
        }
    }

    /// Two paths of one file, as written (`run.safetensors`, `./run.safetensors`).
    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
