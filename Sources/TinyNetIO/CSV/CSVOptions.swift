/// How a CSV file is split into fields and how many problems are gathered before giving up.
public struct CSVOptions: Sendable {
    /// The field separator, one byte (`,` by default; the CLI maps `\t` to a tab).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first row names the columns; when false they are named `c0`, `c1`, …
    public var hasHeader: Bool = true
    /// Read without a header because the model's training file was (eval, predict), not because the user
    /// said so: a first line that looks like a header is then to be removed (the model knows columns c0, c1, …),
    /// rather than --no-header dropped.
    public var headerlessLikeTheModel = false
    /// How many problems to collect (skipping bad rows) before throwing them all.
    public var maxErrors: Int = 1
    /// Read `nan` and `inf` as numbers rather than refuse them (metrics logs, where a diverged epoch has them).
    public var allowsNonFinite = false
    /// The label must be a finite number (a regression target): checked as each row is read, so that
    /// `maxErrors` lists bad targets in line order with the other problems.
    public var numericLabel = false
    /// Columns that are neither features nor the label (`ignore_columns`): each must be in the file when the
    /// features are all the other columns (training); with a model's feature list they are only not warned of.
    public var ignoredColumns: [String] = []
    /// Hears how far the reading has gone, about once per megabyte (for a progress line on a terminal).
    public var onProgress: (@Sendable (ReadProgress) -> Void)?

    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, maxErrors: Int = 1) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.maxErrors = maxErrors
    }
}

/// How far a file's reading has gone: decoded bytes parsed, of `totalBytes` when known (a regular file's size,
/// or for gzip the size its trailer gives, which is modulo 4 GiB).
public struct ReadProgress: Sendable, Equatable {
    public var file: String
    public var bytesRead: Int
    public var totalBytes: Int?

    public init(file: String, bytesRead: Int, totalBytes: Int?) {
        (self.file, self.bytesRead, self.totalBytes) = (file, bytesRead, totalBytes)
    }
}

/// The separators a file read with the wrong one most likely uses, most likely first.
let likelySeparators: [Character] = [";", "\t", "|", ","]

/// A separator as a `--delimiter` value shown in quotes: `';'`, `'\t'`.
func shownDelimiter(_ separator: Character) -> String {
    separator == "\t" ? "'\\t'" : "'\(separator)'"
}

/// The separator a header read as one column most likely uses, as `shownDelimiter` shows it: the first of
/// `likelySeparators` (and, with `space`, a blank) in `text` other than `delimiter`.
func likelySeparator(in text: String, other delimiter: UInt8, space: Bool = false) -> String? {
    let candidates = likelySeparators + (space ? [" "] : [])
    guard let other = candidates.first(where: { $0.asciiValue != delimiter && text.contains($0) }) else { return nil }
    return shownDelimiter(other)
}

/// For a first line that is Excel's separator hint (`sep=;`, written above the header), what to do about it;
/// nil for any other line.
func excelSeparatorLineHint(_ firstLine: String, delimiter: UInt8) -> String? {
    guard firstLine.hasPrefix("sep="), let separator = firstLine.dropFirst(4).first else { return nil }
    let shown = shownDelimiter(separator)
    let what = separator.asciiValue == delimiter ? "remove it"
        : separator == "," ? "remove it and drop --delimiter (',' is the default)" : "remove it and pass --delimiter \(shown)"
    return "the first line, \(quotedForMessage(firstLine)), is Excel's separator hint, not a header: " + what
}

extension CSVOptions {
    /// What a delimiter must be, for messages.
    public static let delimiterRule =
        "one ASCII character other than a digit, \"+\", \"-\", \".\", \"e\", \"E\", a quote or a line break (\"\\t\" for tab)"

    /// The byte of a `--delimiter` / `delimiter` value (`\t` names a tab); nil unless it is one byte that
    /// is not the quote or a line break, which the RFC 4180 reader gives their own meaning, nor a byte of a
    /// number (`isNumberByte`), which the number reader would take as part of the field.
    public static func delimiterByte(_ text: String) -> UInt8? {
        storedDelimiterByte(text).flatMap { isNumberByte($0) ? nil : $0 }
    }

    /// The byte of a delimiter already accepted: a config's, or a checkpoint's from a version that took any
    /// byte but the quote and line breaks (a model trained on a "7"-separated file still opens).
    public static func storedDelimiterByte(_ text: String) -> UInt8? {
        let bytes = Array((text == "\\t" ? "\t" : text).utf8)
        guard bytes.count == 1, ![UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[0]) else { return nil }
        return bytes[0]
    }
}

/// A byte that can be part of a decimal number: a digit, a sign, the point or the exponent's e.
@inline(__always)
func isNumberByte(_ c: UInt8) -> Bool {
    (c &- 48) <= 9 || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || (c | 0x20) == UInt8(ascii: "e")
}

/// Which column of a CSV file holds the label (the target); every other column is a feature.
public enum LabelColumn: Sendable, Equatable {
    /// The column named `label` if there is one, else the last column.
    case auto
    /// The column with this header name.
    case name(String)
    /// The column at this 0-based position.
    case index(Int)
    /// The column with this name if present, skipped unread (not a feature, not reported as ignored). Used by predict.
    case optionalName(String)
    /// No label column: every column is a feature.
    case none

    /// A negative integer: no column's index, and refused as a label value (a column named so cannot
    /// be chosen as the label).
    public static func isNegativeIndex(_ text: String) -> Bool { (Int(text) ?? 0) < 0 }

    /// Parses a config or flag value: an integer string is an index, anything else a name.
    public init(parsing text: String) {
        if let index = Int(text) {
            self = .index(index)
        } else {
            self = .name(text)
        }
    }
}
