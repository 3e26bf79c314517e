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

/// The column names and where the data starts.
struct HeaderInfo {
    var names: [String]
    /// Line of the header row (of the first row when there is no header).
    var line: Int
    /// Line of the first data row.
    var firstDataLine: Int
}

extension ChunkedInput {
    /// Skips a UTF-8 byte-order mark and blank lines, then reads the header row (consuming it) or,
    /// without a header, names the first row's columns c0, c1, … (leaving it to be read as data).
    mutating func readHeader(name: String, options: CSVOptions) throws -> HeaderInfo {
        while buffer.count < 3 && !atEnd { try readMore() }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if buffer.count >= 3 && Array(buffer.bytes.prefix(3)) == bom { buffer.removeFirst(3) }
        // A UTF-16 byte-order mark (what Excel's "Unicode text" writes): every other byte is zero.
        if buffer.count >= 2, [[0xFF, 0xFE], [0xFE, 0xFF]].contains(Array(buffer.bytes.prefix(2))) {
            throw DataError(file: name, line: 1, message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                + "convert it to UTF-8, e.g. iconv -f utf-16 -t utf-8")
        }
        var line = 1
        while true {
            line += skipBlankLines(delimiter: options.delimiter)
            let bytes = buffer.bytes
            if bytes.isEmpty && atEnd { throw DataError(file: name, message: "file is empty") }
            if let base = bytes.baseAddress,
                blankLine(base, 0, bytes.count, delimiter: options.delimiter, atEOF: atEnd) == .notBlank,
                let row = parseTextRow(base, 0, bytes.count, delimiter: options.delimiter, atEOF: atEnd)
            {
                if let problem = row.problem {
                    throw DataError(file: name, line: line, column: problem.column + 1, message: problem.message)
                }
                guard options.hasHeader else {
                    let names = (0..<row.fields.count).map { "c\($0)" }
                    return HeaderInfo(names: names, line: line, firstDataLine: line)
                }
                buffer.removeFirst(row.next)
                return HeaderInfo(names: row.fields, line: line, firstDataLine: line + 1 + row.newlines)
            }
            try readMore()
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
