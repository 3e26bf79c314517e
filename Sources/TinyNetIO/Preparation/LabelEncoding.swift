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
            throw DataError(file: table.path, problems: [labelProblem(table, row: row, "found \(doubleQuoted(label)), expected a finite number as the regression target")])
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

/// pandas' default missing-value markers (`read_csv`'s na_values, the empty string aside: an empty label is
/// refused as it is read).
let missingValueMarkers: Set<String> = [
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
    "NULL", "NaN", "None", "n/a", "nan", "null",
]

/// The error values a spreadsheet writes into a cell whose formula failed (Excel, LibreOffice): no value, like a
/// missing one (`#N/A` is among pandas' markers too).
let spreadsheetErrorValues: Set<String> = [
    "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA", "Err:502", "Err:504",
]

/// A marker pandas reads as missing, or a spreadsheet's error value.
func isMissingMarker(_ text: String) -> Bool {
    missingValueMarkers.contains(text) || spreadsheetErrorValues.contains(text)
}

/// Of a label column's distinct labels, those that make a column of numbers unusable as classes: missing-value
/// markers ("NA") or infinities ("inf") among labels that are otherwise all finite numbers. pandas reads the
/// markers as missing and scikit-learn refuses a missing or infinite y; as classes they would be trained on as
/// a class of their own. Empty when there are none (text labels may well have a class "NA": see
/// `classSpellingWarnings`).
func missingLabelsAmongNumbers(_ distinct: some Collection<String>) -> Set<String> {
    let other = distinct.filter { NumericLabel($0) == nil }
    guard !other.isEmpty, other.count < distinct.count, other.allSatisfy(isMissingOrNonFinite) else { return [] }
    return Set(other)
}

/// A missing-value marker, a spelling of infinity or NaN (`inf`, `-Infinity`), or a number beyond the largest
/// Double (`1e400`, infinite as it is read), surrounding spaces allowed.
func isMissingOrNonFinite(_ label: String) -> Bool {
    let text = label.trimmed
    return isMissingMarker(text) || isNonFiniteWord(text) || Double(text)?.isFinite == false
}

/// The refusal of `label`, one of `missingLabelsAmongNumbers`, at `line` of `file`.
func missingLabelError(_ label: String, file: String, line: Int?, column: Int?, labelName: String) -> DataError {
    let text = label.trimmed
    let what = missingValueMarkers.contains(text) ? "a missing label (pandas reads \(doubleQuoted(text)) as missing)"
        : spreadsheetErrorValues.contains(text) ? "a spreadsheet's error value, no label"
        : isNonFiniteWord(text) ? "an infinite or NaN label" : "a number beyond the largest Double, infinite as a label"
    return DataError(file: file, problems: [DataError.Problem(
        line: line, column: column, columnName: labelName,
        message: "found \(doubleQuoted(label)) in a label column of numbers: \(what), which scikit-learn refuses; "
            + "remove the row or give it its class")])
}

/// Throws `missingLabelError` for a table whose labels are numbers but for missing-value markers or infinities,
/// naming the first row that has one.
func checkNoMissingLabel(_ table: CSVTable, distinct: Set<String>) throws {
    let missing = missingLabelsAmongNumbers(distinct)
    guard !missing.isEmpty, let row = table.labels.firstIndex(where: missing.contains) else { return }
    let problem = labelProblem(table, row: row, "")
    throw missingLabelError(table.labels[row], file: table.path, line: problem.line, column: problem.column, labelName: table.labelName ?? "")
}

/// What the spelling of text classes suggests: a class spelled like a missing-value marker ("NA"), which pandas
/// would read as unlabelled rows; two classes that differ only in letter case or surrounding spaces ("cat" and
/// "Cat"), most often one class typed two ways.
func classSpellingWarnings(_ classes: [String], labelName: String) -> [String] {
    var warnings: [String] = []
    if let marker = classes.first(where: { isMissingMarker($0.trimmed) }) {
        let what = missingValueMarkers.contains(marker.trimmed) ? "which pandas reads as a missing value" : "a spreadsheet's error value"
        warnings.append("the label column \"\(labelName)\" has a class \(doubleQuoted(marker)), \(what): "
            + "if its rows have no label, remove them")
    }
    var firstSpelling: [String: String] = [:]
    for name in classes {
        let key = name.trimmed.lowercased()
        if let other = firstSpelling[key] {
            warnings.append("the label column \"\(labelName)\" has classes \(doubleQuoted(other)) and \(doubleQuoted(name)), which differ "
                + "only in case or spaces: they are two classes; if they are meant as one, write them alike")
            break
        }
        firstSpelling[key] = name
    }
    return warnings
}

/// Classification needs at least two distinct labels.
func checkClassCount(_ count: Int, labelName: String, file: String) throws {
    guard count >= 2 else {
        throw DataError(file: file, message: "the label column \(doubleQuoted(labelName)) has \(counted(count, "distinct value")); classification needs at least 2")
    }
}

/// A `val_split` must leave rows on both sides.
func checkSplitKeepsBoth(fraction: Double, trainRows: Int, validationRows: Int, origin: String?) throws {
    guard trainRows == 0 || validationRows == 0 else { return }
    throw ConfigError(file: origin, message: "val_split \(fraction) of \(trainRows + validationRows) rows leaves \(trainRows == 0 ? "no training row" : "no validation row"); choose a fraction that keeps both")
}
