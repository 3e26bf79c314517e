import ArgumentParser
import TinyNet
import TinyNetIO

/// How `train` reads its data: how many problems to list, and streaming for files too large for memory.
struct ReadOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "List up to N problems in the data before stopping.")
    var maxErrors = 1
    @Flag(help: "Stream the training file: one pass for the statistics, then chunks every epoch; memory is bounded by --shuffle-buffer, not by the file.")
    var stream = false
    @Option(parsing: .unconditional, help: "With --stream: rows held in the (seeded) shuffle buffer.")
    var shuffleBuffer = 10_000

    func validate() throws {
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1") }
        guard shuffleBuffer >= 1 else { throw ValidationError("--shuffle-buffer must be at least 1") }
    }

    /// The streaming run of `config` with these options (`train --stream`).
    func streamingRun(_ config: TrainConfig) -> StreamingRun {
        var run = StreamingRun(config: config)
        (run.maxErrors, run.shuffleBufferRows) = (maxErrors, shuffleBuffer)
        return run
    }
}
