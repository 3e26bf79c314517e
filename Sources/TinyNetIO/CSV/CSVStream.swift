/// One chunk of rows read by a `CSVStream`.
public struct CSVChunk: Sendable {
    /// The 0-based index of the chunk's first row among the file's data rows.
    public var firstRow: Int
    /// The chunk's rows as a small table (with their labels and the lines they start on, for messages).
    public var table: CSVTable
}

/// Reads a CSV (or gzipped CSV) file as successive chunks of rows, so that memory is bounded by one chunk
/// and the read buffer, never by the file. The header, the column selection, the row parser and the errors
/// are exactly those of `CSVReader`; only where the rows go differs.
///
/// Problems are collected up to `options.maxErrors` as the rows go by (bad rows are skipped); the call to
/// `nextChunk()` after the one that reaches that many, or the end of the file, throws them all. A caller that must not act
/// on a bad file therefore reads it to the end before acting (as the statistics pass of `train --stream` does).
public final class CSVStream {
    /// The file name used in messages.
    public let path: String
    /// Every column name, in file order.
    public let header: [String]
    /// The feature columns, in output order.
    public let featureNames: [String]
    /// The label column's name, nil when there is no label column.
    public let labelName: String?
    /// Columns present in the file but not selected as features or label.
    public let ignoredColumns: [String]
    /// Rows per chunk (the last one may be shorter).
    public let chunkRows: Int
    /// Data rows handed out so far.
    public private(set) var rowsRead = 0
    /// Problems found so far (not yet thrown: fewer than `maxErrors` and the end not reached).
    public var problems: [DataError.Problem] { csv.parser.problems }

    private var csv: OpenedCSV
    private var matrix: [Double]  // (chunkRows, featureNames.count)
    private var finished = false
    /// Problems to throw at the next call, after the chunk of good rows read before them.
    private var pendingError: DataError?

    /// Opens `path` and reads its header. `label`, `featureColumns` and `options` mean what they mean for
    /// `CSVReader.read`; `chunkRows` nil picks about 256 KB of values per chunk (it stays in cache).
    public convenience init(
        path: String, label: LabelColumn, featureColumns: [String]? = nil, options: CSVOptions = CSVOptions(),
        chunkRows: Int? = nil
    ) throws {
        try self.init(
            OpenedCSV(path: path, label: label, featureColumns: featureColumns, options: options), chunkRows: chunkRows)
    }

    /// Same, from bytes in memory handed over `chunkSize` at a time (for tests and the fuzzer); `name` is
    /// used in messages.
    public convenience init(
        bytes: [UInt8], name: String, label: LabelColumn, featureColumns: [String]? = nil, options: CSVOptions = CSVOptions(),
        chunkRows: Int, chunkSize: Int = 1 << 20
    ) throws {
        try self.init(
            OpenedCSV(
                bytes: bytes, name: name, chunkSize: chunkSize, label: label, featureColumns: featureColumns,
                options: options),
            chunkRows: chunkRows)
    }

    private init(_ csv: OpenedCSV, chunkRows: Int?) {
        self.csv = csv
        path = csv.name
        header = csv.header.names
        featureNames = csv.featureNames
        labelName = csv.labelName
        ignoredColumns = csv.ignoredColumns
        let width = featureNames.count
        self.chunkRows = max(1, chunkRows ?? min(4096, max(16, (1 << 15) / max(1, width))))
        matrix = [Double](repeating: 0, count: max(1, self.chunkRows * width))
    }

    /// The next chunk of rows, or nil after the last one. Throws the problems collected when they reach
    /// `maxErrors` or when the end of the file is reached with some; throws when the file has no data rows.
    ///
    /// The good rows read before the problems are thrown come first, as a last chunk (the call after it
    /// throws): `predict` writes every row before a bad one.
    public func nextChunk() throws -> CSVChunk? {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        guard !finished else { return nil }
        csv.parser.startNewChunk()
        let stop = try parseUntilFullOrEnd()
        let rowCount = csv.parser.rowCount
        if stop == .full || (stop == .done && !csv.parser.problems.isEmpty) {
            finished = true
            let error = DataError(file: path, problems: csv.parser.problems)
            guard rowCount > 0 else { throw error }
            pendingError = error
            rowsRead += rowCount
            return CSVChunk(firstRow: rowsRead - rowCount, table: currentTable())
        }
        let firstRow = rowsRead
        rowsRead += rowCount
        if stop == .done {
            finished = true
            if rowsRead == 0 { throw csv.noDataRows }
            if rowCount == 0 { return nil }
        }
        return CSVChunk(firstRow: firstRow, table: currentTable())
    }

    /// Parses rows into the matrix until it is full, `maxErrors` problems are found or the file ends.
    private func parseUntilFullOrEnd() throws -> RowParser.Stop {
        do {
            return try csv.parseRows(into: &matrix)
        } catch let error as DataError {
            finished = true
            throw error
        }
    }

    private func currentTable() -> CSVTable {
        let count = csv.parser.rowCount * featureNames.count
        return CSVTable(
            path: path, header: header, rowCount: csv.parser.rowCount, featureNames: featureNames,
            features: Array(matrix[0..<count]), labelName: labelName, labels: csv.parser.labels,
            ignoredColumns: ignoredColumns, rowLines: csv.parser.rowLines)
    }
}

extension CSVTable {
    /// The rows at `indices` (0-based, in this order), with their labels and lines.
    func selectingRows(_ indices: [Int]) -> CSVTable {
        if indices.count == rowCount && indices.first == 0 && indices.last == rowCount - 1 { return self }
        let width = featureNames.count
        var table = self
        table.rowCount = indices.count
        table.features = gatherRows(features, indices, width: width)
        table.labels = labels.isEmpty ? [] : indices.map { labels[$0] }
        table.rowLines = rowLines.isEmpty ? [] : indices.map { rowLines[$0] }
        return table
    }
}
