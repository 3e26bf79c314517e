import ArgumentParser
import TinyNetIO

/// Resuming and when to write checkpoints.
struct CheckpointOptions: ParsableArguments {
    @Option(help: "Continue from this checkpoint: weights, momentum, epoch, schedule and shuffling state. --epochs is the total.")
    var resume: String?
    @Option(parsing: .unconditional, help: "Also write the checkpoint every N epochs.") var saveEvery: Int?
    @Flag(help: "Keep the best-validation checkpoint at --out and the last at OUT.last.EXT.") var saveBest = false
    @Option(parsing: .unconditional, help: "Stop when the validation loss has not improved for N epochs; keeps the best at --out.")
    var earlyStopping: Int?

    func validate() throws {
        if let saveEvery, saveEvery < 1 { throw ValidationError("--save-every must be at least 1") }
        if let earlyStopping, earlyStopping < 1 { throw ValidationError("--early-stopping must be at least 1") }
    }

    var policy: CheckpointPolicy {
        var p = CheckpointPolicy()
        (p.saveEvery, p.saveBest, p.earlyStoppingPatience) = (saveEvery, saveBest, earlyStopping)
        return p
    }
}
