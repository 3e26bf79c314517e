import TinyNet

/// The label text of a table as class indices of `encoding`; an unknown label names its row.
func classIndices(of table: CSVTable, encoding: ClassEncoding) throws -> [Int] {
    var indices: [Int] = []
    indices.reserveCapacity(table.labels.count)
    for (row, label) in table.labels.enumerated() {
        guard let i = encoding.index(of: label) else {
            let more = encoding.classes.count > 20 ? ", … (\(encoding.classes.count) in all)" : ""
            let expected = "expected one of the trained classes \(encoding.classes.prefix(20).map(doubleQuoted).joined(separator: ", "))\(more)"
            throw DataError(file: table.path, problems: [labelProblem(table, row: row, "found label \(doubleQuoted(label)), \(expected)")])
        }
        indices.append(i)
    }
    return indices
}

/// The label text of a regression table as numbers.
func regressionTargets(of table: CSVTable) throws -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(table.labels.count)
    for (row, label) in table.labels.enumerated() {
        guard let v = decimalValue(label) else {
            throw DataError(file: table.path, problems: [labelProblem(table, row: row, "found \"\(label)\", expected a finite number as the regression target")])
        }
        values.append(v)
    }
    return values
}

private func labelProblem(_ table: CSVTable, row: Int, _ message: String) -> DataError.Problem {
    let column = table.labelName.flatMap { table.header.firstIndex(of: $0) }.map { $0 + 1 }
    let line = row < table.rowLines.count ? table.rowLines[row] : row + 2
    return DataError.Problem(line: line, column: column, columnName: table.labelName, message: message)
}

/// Classification needs at least two distinct labels.
func checkClassCount(_ count: Int, labelName: String, file: String) throws {
    guard count >= 2 else {
        throw DataError(file: file, message: "the label column \"\(labelName)\" has \(counted(count, "distinct value")); classification needs at least 2")
    }
}

/// A `val_split` must leave rows on both sides.
func checkSplitKeepsBoth(fraction: Double, trainRows: Int, validationRows: Int, origin: String?) throws {
    guard trainRows == 0 || validationRows == 0 else { return }
    throw ConfigError(file: origin, message: "val_split \(fraction) of \(trainRows + validationRows) rows leaves \(trainRows == 0 ? "no training row" : "no validation row"); choose a fraction that keeps both")
}
