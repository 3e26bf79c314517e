#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TinyNet

/// A metrics log that cannot be read or written, or whose columns differ from the run's.
public struct MetricsLogError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// `train --log FILE.csv`: one CSV row per epoch, appended and closed after
/// every epoch, so a crash keeps the rows already written.
///
/// Columns, each only when the run has it:
/// - classification: `epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds`
/// - regression: `epoch,train_loss,val_loss,val_r2,lr,seconds`
/// - without validation data the `val_` columns are left out;
/// - with `--grad-stats`, then per parameter `<name>_norm,<name>_grad_norm,<name>_update_ratio`
///   and per activation `<name>_dead` (ReLU) or `<name>_saturated` (sigmoid, tanh), e.g. `0.weight_norm`, `1.relu_dead`.
///
/// The header is written when the file is new or empty. Appending to a file
/// whose header differs (another task, validation or not, other layers) is an
/// error naming the file, raised before training when it can be foreseen.
public final class MetricsLog {
    public let path: String
    /// The file's header: read at opening, or written with the first row.
    public private(set) var header: [String]?
    /// The file does not end with a newline (a row cut short): start the next row on a new line.
    private var needsNewline = false
    /// The epoch of each row in the file at opening (rows whose first field is no integer left out).
    private var loggedEpochs: [Int] = []

    /// Opens (or creates) the log and checks an existing header against the run's
    /// columns as far as they are known before training.
    public init(path: String, task: Task, validation: Bool, gradientStatistics: Bool) throws {
        self.path = path
        let bytes = try Self.existingBytes(path)
        guard !bytes.isEmpty else { return }
        // The file's lines, split once (the last one empty when the file ends with a line break).
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var firstLine = lines[0]
        if firstLine.starts(with: [0xEF, 0xBB, 0xBF]) { firstLine = firstLine.dropFirst(3) }  // a byte-order mark (Excel), as CSV reading skips it
        header = Self.fields(String(decoding: firstLine, as: UTF8.self))
        let rows = lines.dropFirst().dropLast(bytes.last == UInt8(ascii: "\n") ? 1 : 0)  // (not the end of the last line)
        if let blank = rows.firstIndex(where: { $0.isEmpty || $0.elementsEqual([UInt8(ascii: "\r")]) }) {  // (or one of only "\r")
            let line = blank + 1  // 1-based: the header is line 1, and rows keeps the lines' indices
            throw MetricsLogError(file: path, message: "line \(line) is blank: the rows appended would follow it, and tinynet plot "
                                  + "refuses a blank line between rows (as CSV); remove it or log to a new file")
        }
        needsNewline = bytes.last != UInt8(ascii: "\n")
        loggedEpochs = rows.compactMap { row in Int(String(decoding: row.prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self)) }
        let base = Self.baseColumns(task: task, validation: validation)
        let existing = header ?? []
        if Array(existing.prefix(base.count)) != base || (existing.count > base.count) != gradientStatistics {
            let expected = base.joined(separator: ",") + (gradientStatistics ? ",<per-parameter statistics>" : "")
            throw mismatch(found: existing, expected: expected)
        }
    }

    /// The epochs of the rows at the end of the file that come after `epoch`, nil when none: a run resumed from a
    /// checkpoint of that epoch appends rows for them again (its log ran ahead of its last checkpoint: a run
    /// killed, or interrupted twice, after an epoch's row and before its checkpoint; or a --save-every checkpoint
    /// older than the log's last rows).
    public func trailingEpochs(after epoch: Int) -> ClosedRange<Int>? {
        let tail = loggedEpochs.reversed().prefix { $0 > epoch }
        guard let low = tail.min(), let high = tail.max() else { return nil }
        return low...high
    }

    /// Appends the row of one epoch (and the header first, for a new file).
    public func append(_ summary: EpochSummary) throws {
        let columns = Self.columns(for: summary)
        var text = needsNewline ? "\n" : ""
        if let header {
            guard header == columns else { throw mismatch(found: header, expected: columns.joined(separator: ",")) }
        } else {
            text += columns.joined(separator: ",") + "\n"
        }
        text += Self.row(for: summary).joined(separator: ",") + "\n"
        try appendText(text)
        (header, needsNewline) = (columns, false)
    }

    /// The columns before any statistics, for a task and whether there is validation data.
    public static func baseColumns(task: Task, validation: Bool) -> [String] {
        let classification = task == .classification
        var c = ["epoch", "train_loss"]
        if classification { c.append("train_accuracy") }
        if validation { c += classification ? ["val_loss", "val_accuracy"] : ["val_loss", "val_r2"] }
        return c + ["lr", "seconds"]
    }

    /// The header for an epoch's summary.
    public static func columns(for s: EpochSummary) -> [String] {
        var c = baseColumns(task: s.trainAccuracy == nil ? .regression : .classification, validation: s.validation != nil)
        for p in s.statistics?.parameters ?? [] { c += ["\(p.name)_norm", "\(p.name)_grad_norm", "\(p.name)_update_ratio"] }
        for a in s.statistics?.activations ?? [] { c.append("\(a.name)_\(a.kind.rawValue)") }
        return c
    }

    /// The numbers of an epoch, in the order of `columns(for:)`.
    public static func values(for s: EpochSummary) -> [Double] {
        var v = [Double(s.epoch), s.trainLoss]
        if let a = s.trainAccuracy { v.append(a) }
        if let e = s.validation { v += [e.loss, (s.trainAccuracy == nil ? e.r2 : e.accuracy) ?? .nan] }
        v += [s.learningRate, s.seconds]
        for p in s.statistics?.parameters ?? [] { v += [p.norm, p.gradientNorm, p.updateRatio] }
        for a in s.statistics?.activations ?? [] { v.append(a.fraction) }
        return v
    }

    /// The fields of an epoch's row: the epoch as an integer, the rest with six significant digits.
    static func row(for s: EpochSummary) -> [String] {
        values(for: s).enumerated().map { i, x in
            i == 0 ? String(s.epoch) : x.isNaN ? "nan" : String(format: "%.6g", x)  // "nan", never C's "-nan"
        }
    }

    private func mismatch(found: [String], expected: String) -> MetricsLogError {
        MetricsLogError(file: path, message: "the log's columns (\(found.map(tableCell).joined(separator: ","))) differ from this run's "
                        + "(\(expected)); log to a new file or remove this one")
    }

    /// Splits a header line (the log's names never need quotes).
    private static func fields(_ line: String) -> [String] {
        let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
        return trimmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// The file's bytes, or none when it does not exist yet.
    private static func existingBytes(_ path: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return [] }
            throw MetricsLogError(file: path, message: "cannot read the log: \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw MetricsLogError(file: path, message: "is a directory, expected a CSV file") }
        // A device or FIFO (/dev/stdout into a pipe) has no header to check: it is written like a new file.
        if (info.st_mode & S_IFMT) != S_IFREG { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MetricsLogError(file: path, message: "cannot read the log")
        }
        // Appending is checked now too (a read-only file or file system), not after the first epoch.
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw MetricsLogError(file: path, message: "cannot append to the log: \(String(cString: strerror(errno)))") }
        close(fd)
        return [UInt8](data)
    }

    /// Opens the file for appending, writes `text` whole, closes it.
    private func appendText(_ text: String) throws {
        let fd = BlockingOpen.openForWriting(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC)
        guard fd >= 0 else { throw MetricsLogError(file: path, message: "cannot open the log: \(String(cString: strerror(errno)))") }
        let (written, failure) = writeFully(fd, Array(text.utf8))
        // A row cut short (a full disk) is taken back, so that the file holds whole rows only: it began
        // `written` bytes before where the writes ended, if nobody else has appended since.
        if failure != nil && written > 0 {
            var info = stat()
            let end = lseek(fd, 0, SEEK_CUR)  // -1 on a pipe or device
            if end >= written, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == end {
                ftruncate(fd, end - off_t(written))
            }
        }
        let closed = close(fd) == 0 ? nil : errno
        if let code = failure ?? closed {
            throw MetricsLogError(file: path, message: "cannot write the log: \(String(cString: strerror(code)))")
        }
    }
}
