import TinyNet

/// A CSV table turned into what the engine trains on: standardized (and
/// scaled) features, and class indices or target values.
struct LabelledData {
    var features: [Double]       // row-major, rows × featureCount, preprocessed
    var featureCount: Int
    var classIndices: [Int]      // classification
    var targets: [Double]        // regression, standardized when asked
    var rows: Int { featureCount == 0 ? 0 : features.count / featureCount }

    func dataset<T: Scalar>(task: Task, loss: LossKind, classCount: Int, as: T.Type = T.self) -> Dataset<T> {
        switch task {
        case .classification:
            return .classification(features: features, featureCount: featureCount, classes: classIndices, classCount: classCount, loss: loss)
        case .regression:
            return .regression(features: features, featureCount: featureCount, targetValues: targets)
        }
    }
}

/// How a table's rows become what the network takes: the feature preprocessing, the class
/// encoding (classification) or the target standardization (regression), and the loss.
struct RowEncoding {
    var task: Task
    var loss: LossKind
    var standardizer: Standardizer
    var inputScale: Double
    var classes: ClassEncoding
    var targetMean: Double?
    var targetStd: Double?

    /// A table's rows as a dataset: standardized and scaled features, class indices (an unknown
    /// class names its line) or (standardized) targets.
    func dataset<T: Scalar>(_ table: CSVTable) throws -> Dataset<T> {
        let (mean, std) = (targetMean ?? 0, targetStd ?? 1)
        let data = LabelledData(
            features: standardizer.apply(table.features, scale: inputScale), featureCount: standardizer.mean.count,
            classIndices: task == .classification ? try classIndices(of: table, encoding: classes) : [],
            targets: task == .regression ? try regressionTargets(of: table).map { ($0 - mean) / std } : [])
        try checkFits(data.features, names: table.featureNames, dtype: DType(T.self), in: table)
        try checkFits(data.targets, names: [table.labelName ?? "target"], dtype: DType(T.self), in: table, what: "target")
        return data.dataset(task: task, loss: loss, classCount: classes.count)
    }
}

extension DType {
    /// The largest magnitude the network's float type holds.
    var largestFinite: Double { self == .f32 ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude }

    init<T: Scalar>(_: T.Type) { self = T.self == Float.self ? .f32 : .f64 }
}

/// The index of the first of `values` beyond what `dtype` holds (NaN included), nil when all fit.
func firstValueBeyond(_ values: [Double], dtype: DType) -> Int? {
    let limit = dtype.largestFinite
    return values.firstIndex(where: { !(abs($0) <= limit) })
}

/// The first row of row-major `values` (`width` per row) holding a value beyond what `dtype` holds.
func firstRowBeyond(_ values: [Double], width: Int, dtype: DType) -> Int? {
    firstValueBeyond(values, dtype: dtype).map { $0 / max(width, 1) }
}

/// Preprocessed values (row-major, one column per name) must fit the network's float type: beyond
/// ±3.4e38 a value is infinite in f32 and every output after it NaN, which no learning rate fixes and
/// which predict would write as a class. The first such value names its line and column.
func checkFits(
    _ values: [Double], names: [String], dtype: DType, in table: CSVTable, what: String = "feature",
    fileRow: (Int) -> Int = { $0 }
) throws {
    let limit = dtype.largestFinite
    guard !names.isEmpty, let k = firstValueBeyond(values, dtype: dtype) else { return }
    let (row, name) = (fileRow(k / names.count), names[k % names.count])
    throw DataError(
        file: table.path, line: row < table.rowLines.count ? table.rowLines[row] : nil,
        column: table.header.firstIndex(of: name).map { $0 + 1 }, columnName: name,
        message: "\(what) \"\(name)\" is \(values[k]) after preprocessing "
            + "(standardization, input_scale), beyond the ±\(Float(limit)) that \(dtype.rawValue) holds; "
            + (what == "feature" ? "standardize the features (the default), lower input_scale, or" : "standardize the target (the default), or")
            + " use --dtype f64")
}

/// The label text of a table as class indices of `encoding`; an unknown label names its row.
func classIndices(of table: CSVTable, encoding: ClassEncoding) throws -> [Int] {
    var problems: [DataError.Problem] = []
    var indices: [Int] = []
    indices.reserveCapacity(table.labels.count)
    for (row, label) in table.labels.enumerated() {
        if let i = encoding.index(of: label) { indices.append(i); continue }
        problems.append(labelProblem(table, row: row, "found label \"\(label)\", expected one of the trained classes \(encoding.classes.prefix(20).joined(separator: ", "))"))
        if problems.count >= 1 { break }
    }
    if !problems.isEmpty { throw DataError(file: table.path, problems: problems) }
    return indices
}

/// The label text of a regression table as numbers.
func regressionTargets(of table: CSVTable) throws -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(table.labels.count)
    for (row, label) in table.labels.enumerated() {
        guard let v = Double(label.trimmed), v.isFinite else {
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

/// "balanced" class weights, n / (C · count_c), as scikit-learn and Keras compute them.
func balancedClassWeights(_ classIndices: [Int], classCount: Int) -> [Double] {
    var counts = Array(repeating: 0, count: classCount)
    for c in classIndices { counts[c] += 1 }
    return balancedClassWeights(counts: counts)
}

/// "balanced" class weights from the rows per class: n / (C · count_c), n the total (0 for an empty class).
func balancedClassWeights(counts: [Int]) -> [Double] {
    let n = Double(counts.reduce(0, +))
    return counts.map { $0 == 0 ? 0 : n / (Double(counts.count) * Double($0)) }
}

/// Training needs at least one feature column. A file with only the label column is most often one whose
/// delimiter is not the one given (a `;`-separated file read with `,`), so the error says which to pass.
func checkHasFeatures(_ featureNames: [String], labelName: String, file: String, delimiter: String) throws {
    guard featureNames.isEmpty else { return }
    var message = "the file has no feature columns, only the label column \"\(labelName)\""
    if let other = [";", "\t", "|", ",", " "].first(where: { $0 != delimiter && labelName.contains($0) }) {
        let shown = other == "\t" ? "'\\t'" : "'\(other)'"
        message += "; the header looks \(shown)-separated: pass --delimiter \(shown)"
    }
    throw DataError(file: file, message: message)
}

extension CSVOptions {
    init(_ config: TrainConfig) {
        self.init(delimiter: config.delimiter.utf8.first ?? UInt8(ascii: ","), hasHeader: config.header)
    }
}
