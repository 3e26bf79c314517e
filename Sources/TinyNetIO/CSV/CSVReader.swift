/// Reads CSV (or gzipped CSV) data files into a feature matrix and label texts.
public enum CSVReader {
    /// Bytes read (or inflated) at a time.
    static let defaultChunkSize = 1 << 20

    /// Reads the whole file (plain or gzip, detected by the magic bytes 1f 8b, never by the name).
    /// - featureColumns: when given (eval/predict on a trained model), exactly these columns by header name,
    ///   in this order; a missing one is an error naming it; the other columns (except the label) are listed in
    ///   `ignoredColumns`. When nil, every column except the label is a feature, in file order.
    public static func read(
        path: String, label: LabelColumn, featureColumns: [String]? = nil, options: CSVOptions = CSVOptions()
    ) throws -> CSVTable {
        var csv = try OpenedCSV(path: path, label: label, featureColumns: featureColumns, options: options)
        return try readAll(&csv)
    }

    /// Same, from bytes already in memory (for tests and the fuzzer); `name` is used in messages.
    public static func read(
        bytes: [UInt8], name: String, label: LabelColumn, featureColumns: [String]? = nil,
        options: CSVOptions = CSVOptions()
    ) throws -> CSVTable {
        try read(
            bytes: bytes, name: name, label: label, featureColumns: featureColumns, options: options,
            chunkSize: defaultChunkSize)
    }

    /// Same, handing the bytes over (and inflating them) at most `chunkSize` at a time, to test chunk boundaries.
    static func read(
        bytes: [UInt8], name: String, label: LabelColumn, featureColumns: [String]?, options: CSVOptions,
        chunkSize: Int
    ) throws -> CSVTable {
        var csv = try OpenedCSV(
            bytes: bytes, name: name, chunkSize: chunkSize, label: label, featureColumns: featureColumns, options: options)
        return try readAll(&csv)
    }

    /// Every row of an opened file as a table; the problems found are thrown together.
    private static func readAll(_ csv: inout OpenedCSV) throws -> CSVTable {
        var features = try parseRows(&csv)
        let parser = csv.parser
        if !parser.problems.isEmpty { throw DataError(file: csv.name, problems: parser.problems) }
        if parser.rowCount == 0 { throw csv.noDataRows }
        features.removeLast(features.count - parser.rowCount * parser.featureCount)
        return CSVTable(
            path: csv.name, header: csv.header.names, rowCount: parser.rowCount, featureNames: csv.featureNames,
            features: features, labelName: csv.labelName, labels: parser.labels, ignoredColumns: csv.ignoredColumns,
            rowLines: parser.rowLines)
    }

    /// Runs the parser over the whole input, growing the matrix as needed; returns the matrix
    /// (with spare rows at the end). Problems are left in the parser, except input (gzip) errors.
    private static func parseRows(_ csv: inout OpenedCSV) throws -> [Double] {
        // Room for 1024 rows to start with, or fewer when they are wide: at most 2^20 values (8 MB), so that a
        // file of a few rows of 100 000 columns does not take 800 MB. The matrix grows to the estimated rows.
        let width = max(1, csv.parser.featureCount)
        var features = [Double](repeating: 0, count: width * max(1, min(1024, (1 << 20) / width)))
        while true {
            switch try csv.parseRows(into: &features) {
            case .done, .full:
                return features
            case .needSpace:
                let width = csv.parser.featureCount
                let rows = grownRowCount(parser: csv.parser, bytesParsed: csv.bytesParsed, sizeHint: csv.sizeHint)
                try checkTableFitsInMemory(rows: rows, features: width, available: MemoryBound.current(), holding: features.count, file: csv.name)
                features.append(contentsOf: repeatElement(0, count: rows * width - features.count))
            case .needInput:
                continue  // not returned: OpenedCSV.parseRows reads more input itself
            }
        }
    }

    /// How many rows the matrix should hold next: the whole file's estimated rows when the size is known
    /// and the estimate is big enough, else twice as many as now.
    private static func grownRowCount(parser: RowParser, bytesParsed: Int, sizeHint: Int?) -> Int {
        let needed = parser.rowCount + 1
        let doubled = max(needed, parser.rowCount * 2)
        guard let size = sizeHint, parser.rowCount > 0, bytesParsed > 0 else { return doubled }
        let estimate = Int(Double(size) / Double(bytesParsed) * Double(parser.rowCount) * 1.02) + 16
        return estimate >= needed ? estimate : doubled
    }

    /// Refuses to grow the matrix past what this machine can hold: the file's values are held as read,
    /// preprocessed (train: in place; eval and predict: a copy) and in the network's dtype, at most about
    /// 2.5 times the 8-byte matrix.
    /// Checked as the matrix grows (from the file's size when known), before memory runs out.
    /// Against memory the table counts 2.5 times (read, preprocessed and converted); against what an address-space
    /// limit leaves beside the process, only what is sure to be needed: the table itself, less the `holding`
    /// values of it already read (and mapped), so that a run that would fit is never refused.
    static func checkTableFitsInMemory(rows: Int, features: Int, available: MemoryBound?, holding: Int = 0, file: String) throws {
        guard let available else { return }
        let table = 8 * Double(rows) * Double(features)
        let bytes = available.besideProcess ? table : 2.5 * table
        guard bytes - (available.besideProcess ? 8 * Double(holding) : 0) > available.bytes else { return }
        throw DataError(file: file, message: "about \(rows) rows × \(features) features would take \(available.besideProcess ? "at least" : "about") "
            + "\(gigabytes(bytes)) in memory, more than \(available); train --stream reads the file in bounded memory")
    }
}
