#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TinyNet
import TinyNetIO

/// What `train` shows on stderr while it trains.
///
/// - `terminal`: a live line per epoch (bar of batches, running loss,
///   samples/s, elapsed, ETA) redrawn in place at most ten times a second,
///   erased and replaced by the epoch's final line;
/// - `plain` (stderr is a pipe or a file, or a terminal that says it cannot redraw: TERM=dumb): only the
///   per-epoch lines, no control characters;
/// - `quiet` (`--quiet`): nothing; errors and the final summary are printed elsewhere.
final class ProgressDisplay {
    enum Mode: Equatable {
        case terminal, plain, quiet

        /// `quiet` when asked, else `terminal` when stderr is a terminal that can redraw a line, else `plain`.
        static func detect(quiet: Bool) -> Mode {
            quiet ? .quiet : isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? .terminal : .plain
        }
    }

    let mode: Mode
    private var meter: ProgressMeter
    private let write: (String) -> Void
    private let clock: () -> UInt64

    /// - write: where the text goes (stderr by default; tests capture it).
    /// - clock: monotonic nanoseconds (injectable for tests).
    init(
        mode: Mode, epochs: Int, batchSize: Int, columns: Int = terminalColumns(),
        write: @escaping (String) -> Void = writeToStandardError,
        clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.mode = mode
        meter = ProgressMeter(epochs: epochs, batchSize: batchSize, columns: columns)
        self.write = write
        self.clock = clock
    }

    /// Handles one training event; `.batch` costs one clock read and a comparison unless a redraw is due.
    func handle(_ event: TrainingEvent) {
        guard mode != .quiet else { return }
        switch event {
        case .batch(let epoch, let batch, let batches, let loss):
            guard mode == .terminal else { return }
            if let text = meter.batch(epoch: epoch, batch: batch, batches: batches, runningLoss: loss, now: clock()) {
                emit(text)
            }
        case .epoch(let summary):
            emit(meter.endEpoch(samples: summary.samples, now: clock()))
            emit(epochLine(summary) + "\n")
            if let stats = summary.statistics { emit(statisticsLines(stats) + "\n") }
        case .started(let layers, let inputs, let parameters, let trainRows, let validationRows):
            emit(meter.clear())
            emit(startedLine(layers: layers, inputs: inputs, parameters: parameters, trainRows: trainRows, validationRows: validationRows) + "\n")
        case .warning(let message):
            emit(meter.clear())
            emit("warning: \(message)\n")
        case .initialLoss(let value, let expected):
            emit(meter.clear())
            meter.start(now: clock())
            emit(initialLossLine(value, expected: expected) + "\n")
        }
    }

    /// Erases the live line, if one is shown (call when training ends early, before printing anything else).
    func finish() {
        guard mode == .terminal else { return }
        emit(meter.clear())
    }

    private func emit(_ text: String) {
        if !text.isEmpty { write(text) }
    }
}

/// The width of the terminal on stderr, 80 when unknown.
func terminalColumns() -> Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
}

/// Runs `body` with the observer of a reading line (nil off a terminal), erasing the line when `body`
/// returns or throws (before its result or error is printed).
func showingReadingProgress<Result>(_ body: ((@Sendable (ReadProgress) -> Void)?) throws -> Result) rethrows -> Result {
    let reading = ReadingDisplay()
    defer { reading.finish() }
    return try body(reading.observer)
}

/// The line a terminal shows while a large file is read (`ReadingMeter`); nothing off a terminal or with
/// --quiet. `finish` erases it: call it before anything else goes to stderr or stdout.
final class ReadingDisplay: @unchecked Sendable {
    private var meter: ReadingMeter
    private let lock = NSLock()
    private let enabled: Bool

    init(quiet: Bool = false) {
        enabled = ProgressDisplay.Mode.detect(quiet: quiet) == .terminal
        meter = ReadingMeter(columns: terminalColumns())
    }

    /// For `CSVOptions.onProgress` and the runs' `onReadProgress`: nil when nothing is to be shown.
    var observer: (@Sendable (ReadProgress) -> Void)? {
        guard enabled else { return nil }
        return { [self] (progress: ReadProgress) in self.handle(progress) }
    }

    private func handle(_ progress: ReadProgress) {
        lock.withLock {
            if let text = meter.update(progress, now: DispatchTime.now().uptimeNanoseconds) { writeToStandardError(text) }
        }
    }

    func finish() {
        lock.withLock {
            let text = meter.clear()
            if !text.isEmpty { writeToStandardError(text) }
        }
    }
}
