import Foundation

/// The live progress line of a training epoch, for a terminal: a bar of the
/// batches done, the running loss, samples per second, elapsed time and ETA.
///
/// Pure: the caller passes the clock (monotonic nanoseconds) and writes the
/// returned text. A redraw is `"\r" + line + "\u{1B}[K"` (carriage return,
/// then erase to the end of the line), returned at most once per `interval`,
/// so the per-batch cost is one comparison of two integers.
public struct ProgressMeter: Sendable {
    /// Total epochs of the run (the "/10" of "epoch 3/10").
    public var epochs: Int
    /// Rows per batch, to estimate the samples done before an epoch's size is known.
    public var batchSize: Int
    /// Terminal width in characters; the line is kept one shorter so it never wraps.
    public var columns: Int
    /// Smallest time between two redraws, in nanoseconds (0.1 s: ten redraws a second).
    public var interval: UInt64 = 100_000_000

    /// When the current epoch started (the previous epoch's end, or `start`).
    private var epochStart: UInt64?
    /// The epoch the batches seen belong to, and the batch count trained before this process saw it (a resume).
    private var epoch = 0
    private var batchOffset = 0
    private var lastDraw: UInt64?
    /// Rows per epoch, once an epoch has finished.
    private var epochSamples: Int?
    /// Whether a live line is on screen.
    public private(set) var showing = false

    public init(epochs: Int, batchSize: Int, columns: Int = 80) {
        self.epochs = epochs
        self.batchSize = max(batchSize, 1)
        self.columns = columns
    }

    /// Marks the start of training (the clock for the first epoch).
    public mutating func start(now: UInt64) { epochStart = now }

    /// After batch `batch` (1-based) of `batches` in `epoch`: the redraw, or nil when the last one was too recent.
    public mutating func batch(epoch: Int, batch: Int, batches: Int, runningLoss: Double, now: UInt64) -> String? {
        if epoch != self.epoch {
            (self.epoch, batchOffset) = (epoch, batch - 1)
            if epochStart == nil { epochStart = now }
        }
        if let last = lastDraw, now &- last < interval { return nil }
        lastDraw = now
        showing = true
        let elapsed = Double(now &- (epochStart ?? now)) / 1e9
        let status = ProgressStatus(
            epoch: epoch, epochs: epochs, batch: batch, batches: batches, batchesTimed: batch - batchOffset,
            samplesTimed: min(timedSamples(batches: batch - batchOffset), epochSamples ?? .max), loss: runningLoss, elapsed: elapsed)
        return "\r" + status.line(columns: columns) + "\u{1B}[K"
    }

    /// Rows in `batches` full batches; a batch_size beyond the data (it is clamped to the rows) does not overflow.
    private func timedSamples(batches: Int) -> Int {
        let (product, overflow) = batches.multipliedReportingOverflow(by: batchSize)
        return overflow ? .max : product
    }

    /// At the end of an epoch of `samples` rows: the text that erases the live line ("" when none is shown).
    public mutating func endEpoch(samples: Int, now: UInt64) -> String {
        (epochSamples, epochStart) = (samples, now)
        return clear()
    }

    /// The text that erases the live line ("" when none is shown).
    public mutating func clear() -> String {
        defer { showing = false }
        return showing ? "\r\u{1B}[K" : ""
    }
}

/// One moment of an epoch, formatted as the live line.
struct ProgressStatus {
    var epoch: Int, epochs: Int
    var batch: Int, batches: Int
    /// Batches and samples trained since the epoch's clock started.
    var batchesTimed: Int, samplesTimed: Int
    var loss: Double
    var elapsed: Double

    /// `epoch 3/10 [=====>....] 12/30  loss 0.4231  5.2k samples/s  0:02 ETA 0:03`,
    /// the bar shrunk (or the line cut) to fit in `columns − 1` characters.
    func line(columns: Int) -> String {
        let rate = elapsed > 0 && batchesTimed > 0 ? Double(samplesTimed) / elapsed : nil
        let eta = elapsed > 0 && batchesTimed > 0 ? elapsed / Double(batchesTimed) * Double(max(batches - batch, 0)) : nil
        let head = "epoch \(epoch)/\(epochs) "
        let tail = " \(batch)/\(batches)  loss " + lossText(loss)
            + "  " + (rate.map(Self.rate) ?? "-") + " samples/s  "
            + Self.duration(elapsed) + " ETA " + (eta.map(Self.duration) ?? "-:--")
        // Room for the bar from the widest the tail gets this epoch, so the bar keeps its width as numbers change.
        let widestTail = " \(batches)/\(batches)  loss 00.0000  999.9k samples/s  00:00 ETA 00:00".count
        let room = columns - 1 - head.count - max(tail.count, widestTail) - 2
        let width = min(max(room, 0), 30)
        let line = head + (width >= 5 ? Self.bar(Double(batch) / Double(max(batches, 1)), width: width) : "") + tail
        return ProgressStatus.fitted(line, columns: columns)
    }

    /// `line`, cut to `columns − 1` characters if longer, so that it never wraps (a wrapped line is not redrawn in place).
    static func fitted(_ line: String, columns: Int) -> String {
        line.count < columns ? line : String(line.prefix(max(columns - 1, 0)))
    }

    /// `[=====>....]` with `width` cells inside the brackets.
    static func bar(_ fraction: Double, width: Int) -> String {
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let done = Int((f * Double(width)).rounded(.down))
        let arrow = done < width ? ">" : ""
        let dots = width - done - arrow.count
        return "[" + String(repeating: "=", count: done) + arrow + String(repeating: ".", count: max(dots, 0)) + "]"
    }

    /// 812, 45.2k, 1.3M.
    static func rate(_ value: Double) -> String {
        switch value {
        case ..<10_000: return String(format: "%.0f", value)
        case ..<1e6: return String(format: "%.1fk", value / 1e3)
        default: return String(format: "%.1fM", value / 1e6)
        }
    }

    /// `0:07`, `12:34`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e7 else { return "-:--" }
        let s = Int(seconds.rounded(.down))
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        return h > 0 ? String(format: "%ld:%02ld:%02ld", h, m, r) : String(format: "%ld:%02ld", m, r)
    }
}
