/// Reading the header row (or, without a header, counting the first row's fields).

/// One row split into text fields.
struct TextRow {
    var fields: [String]
    /// The index after the row's line ending.
    var next: Int
    /// Line feeds inside quoted fields.
    var newlines: Int
    /// A quoting problem: the 0-based column and the message.
    var problem: (column: Int, message: String)?
}

/// Splits the row at `start` into text fields; nil when the buffer ends inside it and more input is coming.
func parseTextRow(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8, atEOF: Bool) -> TextRow? {
    var row = TextRow(fields: [], next: start, newlines: 0, problem: nil)
    var pos = start
    while true {
        guard let field = scanField(p, pos, end, delimiter: delimiter, atEOF: atEOF) else { return nil }
        if let problem = field.problem, row.problem == nil { row.problem = (row.fields.count, problem.message) }
        if row.problem == nil, let problem = textFieldProblem(p, field) { row.problem = (row.fields.count, problem) }
        row.fields.append(fieldText(p, field, delimiter: delimiter))
        row.newlines += field.newlines
        pos = field.next
        if pos == end { break }
        let c = p[pos]
        pos += 1
        if c == delimiter { continue }
        if c == asciiCR && pos < end && p[pos] == asciiLF { pos += 1 }
        if c == asciiCR && pos == end && !atEOF { return nil }
        break
    }
    row.next = pos
    return row
}

/// A compressed or binary format recognised by its first bytes, which would otherwise be reported as text
/// that is not UTF-8 (and an iconv that cannot help).
struct CompressedFormat: CustomStringConvertible {
    var description: String
    var advice: String
}

/// The format whose magic bytes `head` starts with (after any gzip layer was inflated), nil for anything else.
func compressedFormat(_ head: [UInt8]) -> CompressedFormat? {
    func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
    let recompress = "decompress it, or recompress it with gzip, which tinynet reads"
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
        return CompressedFormat(description: "a zip archive", advice: "unzip it first (an .xlsx workbook is a zip too: save the sheet as CSV)")
    }
    // "BZh", the block size 1–9, then the first block's magic "1AY&SY" (a text header could start with "BZh").
    if starts(Array("BZh".utf8)), head.count >= 10, (0x31...0x39).contains(head[3]), Array(head[4..<10]) == Array("1AY&SY".utf8) {
        return CompressedFormat(description: "bzip2-compressed", advice: recompress)
    }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return CompressedFormat(description: "xz-compressed", advice: recompress) }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return CompressedFormat(description: "zstd-compressed", advice: recompress) }
    if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return CompressedFormat(description: "a 7-Zip archive", advice: "extract the CSV from it first") }
    if starts([0x1F, 0x8B]) {
        return CompressedFormat(description: "gzip inside gzip", advice: "gunzip it once, and give tinynet the .gz that remains")
    }
    return nil
}

/// The column names and where the data starts.
struct HeaderInfo {
    var names: [String]
    /// Line of the header row (of the first row when there is no header).
    var line: Int
    /// Line of the first data row.
    var firstDataLine: Int
    /// Read without a header, the first row has two or more fields and none is a number: most likely a
    /// header that `--no-header` (`header = false`) turned into data.
    var firstRowLooksLikeHeader = false
}

extension ChunkedInput {
    /// Skips a UTF-8 byte-order mark and blank lines, then reads the header row (consuming it) or,
    /// without a header, names the first row's columns c0, c1, … (leaving it to be read as data).
    mutating func readHeader(name: String, options: CSVOptions) throws -> HeaderInfo {
        while buffer.count < 10 && !atEnd { try readMore(line: 1) }
        if let format = compressedFormat(Array(buffer.bytes.prefix(10))) {
            throw DataError(file: name, line: 1, message: "the file is \(format), not CSV text: \(format.advice)")
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if buffer.count >= 3 && Array(buffer.bytes.prefix(3)) == bom { buffer.removeFirst(3) }
        // A UTF-16 byte-order mark (what Excel's "Unicode text" writes): every other byte is zero.
        if buffer.count >= 2, [[0xFF, 0xFE], [0xFE, 0xFF]].contains(Array(buffer.bytes.prefix(2))) {
            throw DataError(file: name, line: 1, message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                + "convert it to UTF-8, e.g. iconv -f utf-16 -t utf-8")
        }
        // UTF-16 without the mark: ASCII text with a zero byte after (little-endian) or before (big-endian) each.
        if let endian = utf16ByteOrder(Array(buffer.bytes.prefix(4))) {
            throw DataError(file: name, line: 1, message: "the file looks like UTF-16 (every other byte is zero); "
                + "convert it to UTF-8, e.g. iconv -f utf-16\(endian) -t utf-8")
        }
        var line = 1
        while true {
            line += skipBlankLines(delimiter: options.delimiter)
            let bytes = buffer.bytes
            if bytes.isEmpty && atEnd {
                // Named where the first row was expected: line 1, or the line after the file's blank lines.
                throw DataError(file: name, line: line, column: 1, message: (line == 1 ? "file is empty" : "file holds only blank lines")
                    + ", expected " + (options.hasHeader ? "a header row" : "a data row"))
            }
            if let base = bytes.baseAddress,
                blankLine(base, 0, bytes.count, delimiter: options.delimiter, atEOF: atEnd) == .notBlank,
                let row = parseTextRow(base, 0, bytes.count, delimiter: options.delimiter, atEOF: atEnd)
            {
                if var problem = row.problem {
                    // A quoted header read with another delimiter: `"a","b"` read with tab meets "," after a quote.
                    let text = String(decoding: UnsafeBufferPointer(start: base, count: row.next), as: UTF8.self)
                    if problem.message == QuotingProblem.textAfterClosingQuote.message,
                        let shown = likelySeparator(in: text, other: options.delimiter) {
                        problem.message += "; the header looks \(shown)-separated: pass --delimiter \(shown)"
                    }
                    throw DataError(file: name, line: line, column: problem.column + 1, message: problem.message)
                }
                guard options.hasHeader else {
                    let names = (0..<row.fields.count).map { "c\($0)" }
                    let looksLikeHeader = row.fields.count >= 2 && row.fields.allSatisfy { !$0.isEmpty && Double($0) == nil }
                    return HeaderInfo(names: names, line: line, firstDataLine: line, firstRowLooksLikeHeader: looksLikeHeader)
                }
                buffer.removeFirst(row.next)
                return HeaderInfo(names: row.fields, line: line, firstDataLine: line + 1 + row.newlines)
            }
            try readMore(line: line, what: options.hasHeader ? "header" : "row")
        }
    }

    /// Drops the complete blank lines at the start of the buffer; returns how many.
    private mutating func skipBlankLines(delimiter: UInt8) -> Int {
        let bytes = buffer.bytes
        guard let base = bytes.baseAddress else { return 0 }
        var pos = 0
        var count = 0
        while pos < bytes.count {
            guard case .blank(let next) = blankLine(base, pos, bytes.count, delimiter: delimiter, atEOF: atEnd) else { break }
            pos = next
            count += 1
        }
        buffer.removeFirst(pos)
        return count
    }
}

/// "le" or "be" when four bytes read as two ASCII characters in UTF-16 of that byte order; nil otherwise.
private func utf16ByteOrder(_ start: [UInt8]) -> String? {
    guard start.count == 4 else { return nil }
    let (even, odd) = ([start[0], start[2]], [start[1], start[3]])
    func ascii(_ pair: [UInt8]) -> Bool { pair.allSatisfy { $0 != 0 && $0 < 0x80 } }
    if ascii(even) && odd == [0, 0] { return "le" }
    if even == [0, 0] && ascii(odd) { return "be" }
    return nil
}
