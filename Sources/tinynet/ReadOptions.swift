import ArgumentParser
import TinyNet
import TinyNetIO

/// How `train` reads its data: how many problems to list, and streaming for files too large for memory.
struct ReadOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "List up to N problems in the data before stopping.")
    var maxErrors = 1
    @Flag(help: "Stream the training file: one pass for the statistics, then chunks every epoch; memory is bounded by --shuffle-buffer, not by the file.")
    var stream = false
    @Option(parsing: .unconditional, help: "With --stream: rows held in the (seeded) shuffle buffer (default: 10000).")
    var shuffleBuffer: Int?

    func validate() throws {
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1") }
        guard let shuffleBuffer else { return }
        guard stream else { throw ValidationError("--shuffle-buffer sizes the shuffle buffer of --stream; add --stream, or drop it (in memory every epoch shuffles all rows)") }
        guard shuffleBuffer >= 1 else { throw ValidationError("--shuffle-buffer must be at least 1") }
    }

    /// The streaming run of `config` with these options (`train --stream`).
    func streamingRun(_ config: TrainConfig) -> StreamingRun {
        var run = StreamingRun(config: config)
        run.maxErrors = maxErrors
        if let shuffleBuffer { run.shuffleBufferRows = shuffleBuffer }
        return run
    }
}
