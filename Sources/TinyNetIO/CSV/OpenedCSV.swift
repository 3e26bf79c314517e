/// A CSV (or gzipped CSV) file opened for its rows: the decoded input past the header, the column
/// selection and the row parser set up for them. `CSVReader` (every row at once) and `CSVStream`
/// (a chunk of rows at a time) share it; only where the rows go differs.
struct OpenedCSV {
    /// The file name used in messages.
    let name: String
    let header: HeaderInfo
    let columns: ColumnSelection
    var parser: RowParser
    private var input: ChunkedInput
    /// Bytes handed to the parser so far.
    private(set) var bytesParsed = 0
    private let onProgress: (@Sendable (ReadProgress) -> Void)?

    /// Opens `path` (plain or gzip, detected by the magic bytes 1f 8b) and reads its header.
    init(path: String, label: LabelColumn, featureColumns: [String]?, options: CSVOptions) throws {
        let file = try FileSource(path: path, name: path)
        let input = try ChunkedInput(raw: file, name: path, chunkSize: CSVReader.defaultChunkSize)
        try self.init(input: input, name: path, label: label, featureColumns: featureColumns, options: options)
    }

    /// Same, from bytes in memory handed over (and inflated) at most `chunkSize` at a time.
    init(
        bytes: [UInt8], name: String, chunkSize: Int, label: LabelColumn, featureColumns: [String]?, options: CSVOptions
    ) throws {
        let source = MemorySource(bytes, maxRead: chunkSize)
        let input = try ChunkedInput(raw: source, name: name, chunkSize: chunkSize, gzipInputChunk: chunkSize)
        try self.init(input: input, name: name, label: label, featureColumns: featureColumns, options: options)
    }

    /// Reads the header, resolves the columns against it and sets up the parser for the rows after it.
    private init(
        input: ChunkedInput, name: String, label: LabelColumn, featureColumns: [String]?, options: CSVOptions
    ) throws {
        var input = input
        let header = try input.readHeader(name: name, options: options)
        let columns = try ColumnSelection(
            header: header.names, label: label, featureColumns: featureColumns, ignoring: options.ignoredColumns, file: name,
            line: header.line, delimiter: options.delimiter)
        parser = RowParser(
            header: header.names, roles: columns.roles, labelIndex: columns.labelIndex, labelByDefault: columns.labelIsDefaultLast,
            firstLine: header.firstDataLine, firstLineLooksLikeHeader: header.firstRowLooksLikeHeader, options: options)
        self.input = input
        self.name = name
        onProgress = options.onProgress
        self.header = header
        self.columns = columns
    }

    /// The feature columns' names, in output order.
    var featureNames: [String] { columns.featureIndices.map { header.names[$0] } }
    /// The label column's name, nil when there is no label column.
    var labelName: String? { columns.labelIndex.map { header.names[$0] } }
    /// The names of the columns neither selected as features nor the label.
    var ignoredColumns: [String] { columns.ignoredIndices.map { header.names[$0] } }
    /// Total decoded bytes expected, when known.
    var sizeHint: Int? { input.sizeHint }

    /// The error of a file whose header is followed by no data row, named where the first one was expected.
    var noDataRows: DataError {
        DataError(file: name, line: header.firstDataLine, column: 1,
                  message: "expected a data row after the header (line \(header.line)), found the end of the file")
    }

    /// Parses rows into `matrix` (row-major, from the parser's next row), reading more input as needed,
    /// until the matrix is full (`needSpace`), `maxErrors` problems are found (`full`) or the file ends
    /// (`done`); never returns `needInput`. Problems are left in the parser; an input (gzip) error is
    /// thrown with them.
    mutating func parseRows(into matrix: inout [Double]) throws -> RowParser.Stop {
        while true {
            let bytes = input.buffer.bytes
            let atEnd = input.atEnd
            let (consumed, stop) = matrix.withUnsafeMutableBufferPointer { out in
                parser.parseRows(bytes, atEOF: atEnd, into: out)
            }
            input.buffer.removeFirst(consumed)
            bytesParsed += consumed
            guard stop == .needInput else { return stop }
            onProgress?(ReadProgress(file: name, bytesRead: bytesParsed, totalBytes: input.sizeHint))
            do {
                try input.readMore(line: parser.line)
            } catch let error as DataError {
                throw DataError(file: name, problems: parser.problems + error.problems)
            }
        }
    }
}
