import TinyNet

/// What a column is used for: a value ≥ 0 is the feature's position in the output row.
let roleLabel: Int32 = -1
let roleSkip: Int32 = -2
/// A feature read off the fast path, at position `roleSlowFeature - role` (see `RowParser.init`).
let roleSlowFeature: Int32 = -3

/// The output position of a feature column's role (on the fast path or off it); nil for the label or a skipped column.
@inline(__always)
func featurePosition(_ role: Int32) -> Int? {
    role >= 0 ? Int(role) : role <= roleSlowFeature ? Int(roleSlowFeature - role) : nil
}

/// Parses data rows straight from the chunk buffer into a row-major feature matrix.
/// A row cut off by the end of the buffer is left unparsed, to be parsed again with more input.
struct RowParser {
    enum Stop {
        case needInput  // the buffer ends inside a row (or is used up) and more input is coming
        case needSpace  // the feature matrix has no room for the next row
        case full  // maxErrors problems collected
        case done  // the end of the file was reached
    }

    let delimiter: UInt8
    /// Read nan and inf as numbers (metrics logs only: a diverged epoch's loss); features never allow them.
    let allowsNonFinite: Bool
    /// The label is a regression target: a finite number.
    let numericLabel: Bool
    /// Per column in file order: the output position, `roleLabel`, `roleSkip` or `roleSlowFeature` − position.
    let roles: [Int32]
    let header: [String]
    let featureCount: Int
    let labelIndex: Int?
    let maxErrors: Int
    /// The label column is the last by default (the file has no column named `label`): a word in another
    /// column of the first row suggests the labels are there.
    let labelByDefault: Bool
    let firstLine: Int
    /// Read without a header, the first line is all words (see `HeaderInfo.firstRowLooksLikeHeader`).
    let firstLineLooksLikeHeader: Bool
    let headerlessLikeTheModel: Bool

    /// Physical line number (1-based) where the next row starts.
    private(set) var line: Int
    private(set) var rowCount = 0
    private(set) var labels: [String] = []
    /// The line where each kept row starts.
    private(set) var rowLines: [Int] = []
    private(set) var problems: [DataError.Problem] = []
    /// A run of blank lines since the last row: an error unless only blank lines follow.
    private var blankRun: (first: Int, count: Int) = (0, 0)

    init(
        header: [String], roles: [Int32], labelIndex: Int?, labelByDefault: Bool, firstLine: Int,
        firstLineLooksLikeHeader: Bool = false, options: CSVOptions
    ) {
        self.delimiter = options.delimiter
        self.allowsNonFinite = options.allowsNonFinite
        self.numericLabel = options.numericLabel
        // The fast path for numbers reads digits, signs, points and e's before it looks for the delimiter, so
        // with a delimiter that is one of those (refused for new runs; a checkpoint of an earlier version may
        // hold a "7" or a "-") every feature is cut at the delimiter first, then read: its role says so, which
        // costs the loop over fields nothing (a test of a flag there cost MNIST 4%).
        self.roles = isNumberByte(options.delimiter) ? roles.map { $0 >= 0 ? roleSlowFeature - $0 : $0 } : roles
        self.header = header
        self.featureCount = roles.filter { $0 >= 0 }.count
        self.labelIndex = labelIndex
        self.maxErrors = max(1, options.maxErrors)
        self.labelByDefault = labelByDefault
        self.firstLine = firstLine
        self.firstLineLooksLikeHeader = firstLineLooksLikeHeader
        self.headerlessLikeTheModel = options.headerlessLikeTheModel
        self.line = firstLine
    }

    /// Starts a new chunk of rows (streaming): the next row goes to the start of the matrix, and the rows,
    /// labels and lines kept so far are dropped. The position in the file and the problems are kept.
    mutating func startNewChunk() {
        rowCount = 0
        labels.removeAll(keepingCapacity: true)
        rowLines.removeAll(keepingCapacity: true)
    }

    /// Parses every complete row in `bytes`; returns how many bytes were consumed and why it stopped.
    mutating func parseRows(
        _ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, into out: UnsafeMutableBufferPointer<Double>
    ) -> (consumed: Int, stop: Stop)
    {
        guard let p = bytes.baseAddress, let matrix = out.baseAddress else { return (0, atEOF ? .done : .needInput) }
        let end = bytes.count
        let roles = self.roles
        return roles.withUnsafeBufferPointer { roles in
            var pos = 0
            while true {
                if problems.count >= maxErrors { return (pos, .full) }
                if pos == end { return (pos, atEOF ? .done : .needInput) }
                switch blankLine(p, pos, end, delimiter: delimiter, atEOF: atEOF) {
                case .undecided:
                    return (pos, .needInput)
                case .blank(let next):
                    if blankRun.count == 0 { blankRun.first = line }
                    blankRun.count += 1
                    line += 1
                    pos = next
                    continue
                case .notBlank:
                    break
                }
                reportBlankLines()
                if (rowCount + 1) * featureCount > out.count { return (pos, .needSpace) }
                guard let next = parseRow(p, pos, end, atEOF: atEOF, roles: roles, matrix: matrix) else {
                    return (pos, .needInput)
                }
                pos = next
            }
        }
    }

    /// What a row being parsed has gathered besides its numbers.
    private struct RowState {
        var newlines = 0  // inside quoted fields so far
        var label: (field: FieldSpan, line: Int)? = nil
        var problems: [DataError.Problem] = []
        /// Where a quote opened and never closed: the rest of the file was read as one field, so this row's
        /// field count says nothing and this is the problem to name. (Kept as plain integers: a `Problem`
        /// here, with its strings, made every row's state costly and halved the reader's speed.)
        var unterminatedQuote: (line: Int, column: Int)? = nil
    }

    /// Parses the row at `start`; returns the index after its line ending, or nil when the buffer ends inside it.
    @inline(__always)
    private mutating func parseRow(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, atEOF: Bool,
        roles: UnsafeBufferPointer<Int32>, matrix: UnsafeMutablePointer<Double>
    ) -> Int? {
        let delimiter = self.delimiter
        let row = matrix + rowCount * featureCount  // (featureCount)
        var pos = start
        var column = 0
        var state = RowState()
        while true {
            let role = column < roles.count ? roles[column] : roleSkip
            if role >= 0, let (value, next) = plainNumber(p, pos, end, delimiter: delimiter) {
                row[Int(role)] = value  // the fast path: a number that ends the field
                pos = next
            } else {
                guard let next = parseField(p, pos, end, atEOF: atEOF, role: role, column: column, row: row, &state)
                else { return nil }
                pos = next
            }
            if pos == end {
                if !atEOF { return nil }
                break
            }
            let c = p[pos]
            pos += 1
            if c == delimiter {
                column += 1
                continue
            }
            if c == asciiCR && pos == end && !atEOF { return nil }  // LF may follow
            if c == asciiCR && pos < end && p[pos] == asciiLF { pos += 1 }
            break
        }
        if let unterminated = state.unterminatedQuote {
            report(problem(unterminated.line, unterminated.column, QuotingProblem.unterminated.message))
        } else {
            finishRow(fieldCount: column + 1, label: state.label, fieldProblems: state.problems, p)
        }
        line += 1 + state.newlines
        return pos
    }

    /// The slow path for one field: quoted or unusual numbers, the label, skipped columns, problems.
    /// Returns the index of the field's terminator, or nil when the buffer ends inside the field.
    private func parseField(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, atEOF: Bool, role: Int32, column: Int,
        row: UnsafeMutablePointer<Double>, _ state: inout RowState
    ) -> Int? {
        guard let field = scanField(p, start, end, delimiter: delimiter, atEOF: atEOF) else { return nil }
        let fieldLine = line + state.newlines
        if field.problem == .unterminated {
            state.unterminatedQuote = (fieldLine, column)
        }
        if let position = featurePosition(role) {
            switch numberField(p, field, delimiter: delimiter, allowsNonFinite: allowsNonFinite) {
            case .number(let value): row[position] = value
            case .problem(let message, let word):
                let hint = fieldHint(message, fieldText(p, field, delimiter: delimiter), column: column, word: word)
                state.problems.append(problem(fieldLine, column, message + hint))
            }
        } else if let quoting = field.problem {
            state.problems.append(problem(fieldLine, column, quoting.message))
        } else if role == roleLabel {
            state.label = (field, fieldLine)
        }
        state.newlines += field.newlines
        return field.next
    }

    /// Checks the row's shape and label, then keeps it (counts it and stores its label) or reports it.
    private mutating func finishRow(
        fieldCount: Int, label: (field: FieldSpan, line: Int)?, fieldProblems: [DataError.Problem],
        _ p: UnsafePointer<UInt8>
    ) {
        let expected = roles.count
        if fieldCount != expected {
            let noun = fieldCount == 1 ? "field" : "fields"
            let column = min(fieldCount, expected)
            report(problem(line, column, "found \(fieldCount) \(noun), expected \(expected)" + fieldCountHint(fieldCount)))
            return
        }
        let checked = labelIndex.flatMap { index in label.map { checkedLabel($0, column: index, p) } }
        guard fieldProblems.isEmpty, checked?.problem == nil else {
            // Every problem of the row, the label's among the features' in column order (a bad target beside
            // a bad feature is listed too, so that --max-errors shows all there is to fix).
            var problems = (fieldProblems + (checked?.problem.map { [$0] } ?? [])).sorted { ($0.column ?? 0) < ($1.column ?? 0) }
            // A first line that looks like a header says so once, at its first problem.
            if line == firstLine && firstLineLooksLikeHeader { problems[0].message += headerAsDataHint }
            problems.forEach { report($0) }
            return
        }
        if let text = checked?.text { labels.append(text) }
        rowLines.append(line)
        rowCount += 1
    }

    /// The label's text, or what is wrong with it: not UTF-8 or holding a control character, empty, or (a
    /// regression target) not a finite number.
    private func checkedLabel(
        _ label: (field: FieldSpan, line: Int), column: Int, _ p: UnsafePointer<UInt8>
    ) -> (text: String?, problem: DataError.Problem?) {
        if let textProblem = textFieldProblem(p, label.field) { return (nil, problem(label.line, column, textProblem)) }
        let text = fieldText(p, label.field, delimiter: delimiter)
        if text.isEmpty { return (nil, problem(label.line, column, "empty label" + trailingDelimiterHint(column))) }
        if numericLabel, case .problem = numberField(p, label.field, delimiter: delimiter) {
            return (nil, problem(label.line, column, "found \(quotedForMessage(text)), expected a finite number as the regression target"))
        }
        return (text, nil)
    }

    /// Blank lines followed by a row are errors (blank lines at the end of the file are not).
    private mutating func reportBlankLines() {
        guard blankRun.count > 0 else { return }
        for k in 0..<blankRun.count {
            report(DataError.Problem(line: blankRun.first + k, message: "empty line, expected a row of \(roles.count) fields (blank lines are allowed only at the end of the file)"))
        }
        blankRun = (0, 0)
    }

    private mutating func report(_ problem: DataError.Problem) {
        if problems.count < maxErrors { problems.append(problem) }
    }

    /// A problem in the field at 0-based `column` (shown 1-based, with its header name when it has one).
    private func problem(_ line: Int, _ column: Int, _ message: String) -> DataError.Problem {
        DataError.Problem(
            line: line, column: column + 1, columnName: column < header.count ? header[column] : nil, message: message)
    }
}

/// Whether a line is blank (only spaces or tabs), as `blankLine` tells it.
enum BlankLine: Equatable {
    /// Blank; `next` is the index after its line ending (the end of the buffer at the end of the file).
    case blank(next: Int)
    /// The line has something else.
    case notBlank
    /// The buffer ends before that can be told, and more input is coming.
    case undecided
}

/// Whether the line at `start` is blank.
@inline(__always)
func blankLine(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8, atEOF: Bool) -> BlankLine {
    var i = start
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    if i == end { return atEOF ? .blank(next: end) : .undecided }
    if p[i] == asciiLF { return .blank(next: i + 1) }
    guard p[i] == asciiCR else { return .notBlank }
    if i + 1 == end { return atEOF ? .blank(next: end) : .undecided }
    return .blank(next: p[i + 1] == asciiLF ? i + 2 : i + 1)
}
