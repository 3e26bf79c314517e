/// Byte-level scanning of CSV fields (RFC 4180 quoting) and conversion of fields to numbers and text.

import TinyNet

let asciiQuote = UInt8(ascii: "\"")
let asciiLF = UInt8(ascii: "\n")
let asciiCR = UInt8(ascii: "\r")

/// Where one field lies in the buffer.
struct FieldSpan {
    /// First byte of the content (inside the quotes when quoted).
    var start: Int
    /// One past the content.
    var end: Int
    /// The delimiter, line ending or end of buffer that follows the field.
    var next: Int
    var quoted = false
    /// The content holds doubled quotes ("") that stand for one quote each.
    var escapedQuotes = false
    /// Line breaks inside the quotes (they count as physical lines).
    var newlines = 0
    /// What is wrong with the quoting, if anything.
    var problem: QuotingProblem? = nil
}

/// Malformed quoting in a field.
enum QuotingProblem {
    case unterminated
    case textAfterClosingQuote

    var message: String {
        switch self {
        case .unterminated: "unterminated quoted field: a quote opens it and is never closed, so the rest of the file was read as this one field"
        case .textAfterClosingQuote: "unexpected text after the closing quote of a quoted field"
        }
    }
}

@inline(__always)
func isFieldEnd(_ c: UInt8, delimiter: UInt8) -> Bool {
    c == delimiter || c == asciiLF || c == asciiCR
}

/// Scans the field at `start`. Returns nil when the buffer ends inside it and more input is coming.
@inline(__always)
func scanField(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8, atEOF: Bool) -> FieldSpan? {
    var i = start
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    if i < end && p[i] == asciiQuote {
        return scanQuotedField(p, i, end, delimiter: delimiter, atEOF: atEOF)
    }
    while i < end && !isFieldEnd(p[i], delimiter: delimiter) { i += 1 }
    if i == end && !atEOF { return nil }
    return FieldSpan(start: start, end: i, next: i)
}

/// Scans a field whose opening quote is at `quote`.
private func scanQuotedField(_ p: UnsafePointer<UInt8>, _ quote: Int, _ end: Int, delimiter: UInt8, atEOF: Bool)
    -> FieldSpan?
{
    var field = FieldSpan(start: quote + 1, end: quote + 1, next: quote + 1, quoted: true)
    var i = quote + 1
    while true {
        if i == end {
            if !atEOF { return nil }
            field.end = end
            field.next = end
            field.problem = .unterminated
            return field
        }
        let c = p[i]
        if c == asciiQuote {
            if i + 1 == end && !atEOF { return nil }
            guard i + 1 < end && p[i + 1] == asciiQuote else { break }
            field.escapedQuotes = true
            i += 2
            continue
        }
        // A line break inside the quotes is a physical line: LF, CRLF, or a lone CR (old Mac files).
        if c == asciiLF { field.newlines += 1 }
        if c == asciiCR {
            if i + 1 == end && !atEOF { return nil }
            if i + 1 == end || p[i + 1] != asciiLF { field.newlines += 1 }
        }
        i += 1
    }
    field.end = i
    i += 1
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    if i < end && !isFieldEnd(p[i], delimiter: delimiter) {
        field.problem = .textAfterClosingQuote
        while i < end && !isFieldEnd(p[i], delimiter: delimiter) { i += 1 }
    }
    if i == end && !atEOF { return nil }
    field.next = i
    return field
}

/// The field's text: quotes removed and "" undoubled; an unquoted field is trimmed of blanks.
func fieldText(_ p: UnsafePointer<UInt8>, _ field: FieldSpan, delimiter: UInt8) -> String {
    var start = field.start
    var end = field.end
    if !field.quoted {
        while start < end && isBlank(p[start], delimiter: delimiter) { start += 1 }
        while end > start && isBlank(p[end - 1], delimiter: delimiter) { end -= 1 }
    }
    let bytes = UnsafeBufferPointer(start: p + start, count: end - start)
    guard field.escapedQuotes else { return String(decoding: bytes, as: UTF8.self) }
    var undoubled: [UInt8] = []
    undoubled.reserveCapacity(bytes.count)
    var previousWasKeptQuote = false
    for c in bytes {
        if c == asciiQuote && previousWasKeptQuote {
            previousWasKeptQuote = false  // the second quote of a "" pair
            continue
        }
        previousWasKeptQuote = c == asciiQuote
        undoubled.append(c)
    }
    return String(decoding: undoubled, as: UTF8.self)
}

/// Whether a field's bytes are UTF-8. Labels and column names must be: a Latin-1 "café" would be read
/// as "caf\u{FFFD}", trained on, and written back by predict as text the user never had.
func fieldIsUTF8(_ p: UnsafePointer<UInt8>, _ field: FieldSpan) -> Bool {
    let bytes = UnsafeBufferPointer(start: p + field.start, count: field.end - field.start)
    return !bytes.contains(where: { $0 >= 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
}

let notUTF8Message = "found text that is not UTF-8 (a file in another encoding? convert it, e.g. iconv -f windows-1252 -t utf-8 for a Windows or Excel file)"

/// What is wrong with a label or column name, nil when nothing: it must be UTF-8 and hold no control
/// character but tab and a quoted line break (RFC 4180 allows them), since it is printed (eval's tables, inspect, messages) and written back
/// (predict): an escape sequence in a class name would drive the user's terminal.
func textFieldProblem(_ p: UnsafePointer<UInt8>, _ field: FieldSpan) -> String? {
    guard fieldIsUTF8(p, field) else { return notUTF8Message }
    let bytes = UnsafeBufferPointer(start: p + field.start, count: field.end - field.start)
    guard bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return nil }  // (most fields: printable ASCII)
    return controlCharacterProblem(in: String(decoding: bytes, as: UTF8.self))
}

/// What is wrong with a label or column name's text, nil when nothing: its first control character but tab
/// and a line break (C0, DEL, and C1: U+0080–U+009F).
func controlCharacterProblem(in text: String) -> String? {
    let control = text.unicodeScalars.first {
        ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || (0x7F...0x9F).contains($0.value)
    }
    return control.map { "found a control character (U+\(String(format: "%04X", $0.value))) in text; labels and column names must be printable" }
}

/// A feature field read as a number, or what is wrong with it (with the field's text when it is a word:
/// it starts with a letter, so it is no mistyped number).
enum NumberField {
    case number(Double)
    case problem(String, word: String? = nil)
}

/// The problem of a feature field with nothing in it (or only blanks).
let emptyFieldMessage = "empty field, expected a number"

/// The slow path for a feature field: quoted numbers, long mantissas, and the error messages.
func numberField(_ p: UnsafePointer<UInt8>, _ field: FieldSpan, delimiter: UInt8, allowsNonFinite: Bool = false) -> NumberField {
    if let problem = field.problem { return .problem(problem.message) }
    var start = field.start
    var end = field.end
    while start < end && isBlank(p[start], delimiter: delimiter) { start += 1 }
    while end > start && isBlank(p[end - 1], delimiter: delimiter) { end -= 1 }
    if start == end { return .problem(emptyFieldMessage) }
    let text = fieldText(p, field, delimiter: delimiter)
    let shown = quotedForMessage(text)
    if !field.escapedQuotes {
        if let value = decimalNumber(p, start, end, delimiter: delimiter) {
            return value.isFinite ? .number(value) : .problem("found \(shown), which overflows a Double; expected a finite number")
        }
        if isNonFiniteWord(p, start, end) {
            if allowsNonFinite { return .number(strtodBytes(p + start, count: end - start)) }
            return .problem("found \(text), expected a finite number")
        }
    }
    return .problem("found \(shown), expected a number" + decimalCommaHint(text, delimiter: delimiter),
                    word: p[start] < 0x80 && !isLetter(p[start]) ? nil : text)
}

/// For "1,5" in a file not separated by commas (European Excel writes `1,5;2,3`): the decimal comma.
private func decimalCommaHint(_ text: String, delimiter: UInt8) -> String {
    guard delimiter != UInt8(ascii: ","), let comma = text.firstIndex(of: ",") else { return "" }
    let whole = text[..<comma].drop { $0 == "-" || $0 == "+" }, fraction = text[text.index(after: comma)...]
    guard !whole.isEmpty, !fraction.isEmpty, (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return "" }
    return " (a decimal comma? the decimal point must be \".\": convert the file, e.g. with pandas' read_csv(…, decimal=\",\") and to_csv)"
}

@inline(__always) private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

/// `"text"` for a message, shortened when long, escaped as `doubleQuoted` escapes it (`\n`, `\"`,
/// `\U00000000`) so that a message stays one line and shows what is there.
func quotedForMessage(_ text: String) -> String {
    let limit = 40
    return doubleQuoted(text.count > limit ? String(text.prefix(limit)) + "…" : text)
}
