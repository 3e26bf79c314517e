import TinyNet

/// What `gradcheck` shows on stderr while it checks: two forward passes per coordinate make a full check of
/// a large network take a while (MNIST's 784-256-10: 203 530 coordinates, 30–40 s).
///
/// Pure, like `ProgressMeter`: the caller passes the clock (monotonic nanoseconds) and writes the returned
/// text. With `live` (stderr is a terminal), a line redrawn in place at most ten times a second,
/// `gradcheck 0.weight [=====>....] 45210/203530 coordinates  0:07 ETA 0:24`. In every mode, a full check
/// (no `--coordinates`) that is still expected to run past `slowCheck` seconds after its first second gets
/// one note saying so and how to check a sample instead.
public struct CheckProgressMeter: Sendable {
    public var live: Bool
    /// A sample of coordinates was asked for: no note.
    public var sampling: Bool
    /// Terminal width in characters; the line is kept one shorter so it never wraps.
    public var columns: Int
    /// Smallest time between two redraws, in nanoseconds.
    public var interval: UInt64 = 100_000_000
    /// A full check expected to take longer than this, in seconds, gets the note.
    public var slowCheck = 10.0

    /// The clock and count at the first coordinate (the data's loading is not part of the check's pace).
    private var first: (time: UInt64, done: Int)?
    private var lastDraw: UInt64?
    private var noted = false
    /// Whether a live line is on screen.
    public private(set) var showing = false

    public init(live: Bool, sampling: Bool, columns: Int = 80) {
        self.live = live
        self.sampling = sampling
        self.columns = columns
    }

    /// After a coordinate: the text to write (the note and/or a redraw), or nil when the last was too recent.
    public mutating func update(_ progress: GradientCheckProgress, now: UInt64) -> String? {
        guard let first else {
            (first, lastDraw) = ((now, progress.done), now)  // a check done within `interval` shows nothing
            return nil
        }
        if let last = lastDraw, now &- last < interval { return nil }
        lastDraw = now
        let elapsed = Double(now &- first.time) / 1e9, timed = progress.done - first.done
        // Every coordinate costs the same two forward passes, whichever tensor it is in.
        let eta = timed > 0 ? elapsed / Double(timed) * Double(progress.total - progress.done) : .infinity
        var text = ""
        if !noted, !sampling, elapsed >= 1, elapsed + eta > slowCheck {
            noted = true
            text += clear() + "note: checking all \(progress.total) coordinates (two forward passes each) takes about "
                + ProgressStatus.duration(elapsed + eta) + "; --coordinates N checks a seeded sample of N per tensor\n"
        }
        if live {
            showing = true
            text += "\r" + line(progress, elapsed: elapsed, eta: eta) + "\u{1B}[K"
        }
        return text.isEmpty ? nil : text
    }

    /// The text that erases the live line ("" when none is shown).
    public mutating func clear() -> String {
        defer { showing = false }
        return showing ? "\r\u{1B}[K" : ""
    }

    /// `gradcheck 0.weight [=====>....] 45210/203530 coordinates  0:07 ETA 0:24`, the bar shrunk (or the
    /// line cut) to fit in `columns − 1` characters.
    func line(_ progress: GradientCheckProgress, elapsed: Double, eta: Double) -> String {
        let head = "gradcheck \(progress.parameter) "
        let tail = " \(progress.done)/\(progress.total) coordinates  " + ProgressStatus.duration(elapsed) + " ETA "
            + (eta.isFinite ? ProgressStatus.duration(eta) : "-:--")
        let width = min(max(columns - 1 - head.count - tail.count - 2, 0), 30)
        let fraction = Double(progress.done) / Double(max(progress.total, 1))
        let line = head + (width >= 5 ? ProgressStatus.bar(fraction, width: width) : "") + tail
        return ProgressStatus.fitted(line, columns: columns)
    }
}
