/// What a command shows on a terminal while it reads a large file (a gigabyte takes seconds):
/// `reading big.csv [=====>.....] 412/1009 MB  0:01 ETA 0:02`, redrawn in place at most ten times a second.
/// A file read within `delay` (most files) shows nothing.
///
/// Pure, like `ProgressMeter`: the caller passes the clock (monotonic nanoseconds) and writes the returned text.
public struct ReadingMeter: Sendable {
    /// Terminal width in characters; the line is kept one shorter so it never wraps.
    public var columns: Int
    /// Smallest time between two redraws, in nanoseconds.
    public var interval: UInt64 = 100_000_000
    /// How long a file is read before its line appears, in nanoseconds.
    public var delay: UInt64 = 500_000_000

    /// The file being read, when its reading started and how far it had gone at the last report.
    private var current: (file: String, start: UInt64, bytesRead: Int)?
    private var lastDraw: UInt64?
    /// Whether a live line is on screen.
    public private(set) var showing = false

    public init(columns: Int = 80) { self.columns = columns }

    /// After a report: the redraw, or nil when it is too early or too soon after the last.
    public mutating func update(_ progress: ReadProgress, now: UInt64) -> String? {
        // Another file, or the same one read again from its start: a new clock.
        if let current, current.file == progress.file, progress.bytesRead >= current.bytesRead {
            self.current?.bytesRead = progress.bytesRead
        } else {
            (current, lastDraw) = ((progress.file, now, progress.bytesRead), nil)
        }
        let elapsed = now &- current!.start
        guard elapsed >= delay else { return nil }
        if let lastDraw, now &- lastDraw < interval { return nil }
        lastDraw = now
        showing = true
        return "\r" + line(progress, elapsed: Double(elapsed) / 1e9) + "\u{1B}[K"
    }

    /// The text that erases the live line ("" when none is shown).
    public mutating func clear() -> String {
        defer { showing = false }
        return showing ? "\r\u{1B}[K" : ""
    }

    /// The line (the file by its name, without the directories), the bar shrunk (or the line cut) to fit in
    /// `columns − 1` characters. Without a known size (a pipe), or past it (a gzip file over 4 GiB, whose
    /// trailer holds the size modulo 4 GiB), only what was read and the time.
    func line(_ progress: ReadProgress, elapsed: Double) -> String {
        let megabytes = { (bytes: Int) in String(bytes / 1_000_000) }
        let head = "reading \(progress.file.split(separator: "/").last.map(String.init) ?? progress.file) "
        guard let total = progress.totalBytes, total > 0, progress.bytesRead <= total else {
            let line = head + megabytes(progress.bytesRead) + " MB  " + ProgressStatus.duration(elapsed)
            return ProgressStatus.fitted(line, columns: columns)
        }
        let eta = progress.bytesRead > 0 ? elapsed / Double(progress.bytesRead) * Double(total - progress.bytesRead) : .infinity
        let tail = " \(megabytes(progress.bytesRead))/\(megabytes(total)) MB  " + ProgressStatus.duration(elapsed) + " ETA "
            + (eta.isFinite ? ProgressStatus.duration(eta) : "-:--")
        let width = min(max(columns - 1 - head.count - tail.count - 2, 0), 30)
        let line = head + (width >= 5 ? ProgressStatus.bar(Double(progress.bytesRead) / Double(total), width: width) : "") + tail
        return ProgressStatus.fitted(line, columns: columns)
    }
}
