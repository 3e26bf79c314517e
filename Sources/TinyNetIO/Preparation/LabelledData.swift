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
    /// The encoding of a trained model (eval, predict), not of a run about to train: errors say to retrain.
    var trainedModel = false

    /// A table's rows as a dataset: standardized and scaled features, class indices (an unknown
    /// class names its line) or (standardized) targets.
    func dataset<T: Scalar>(_ table: CSVTable) throws -> Dataset<T> {
        let (mean, std) = (targetMean ?? 0, targetStd ?? 1)
        let data = LabelledData(
            features: standardizer.apply(table.features, scale: inputScale), featureCount: standardizer.mean.count,
            classIndices: task == .classification ? try classIndices(of: table, encoding: classes) : [],
            targets: task == .regression ? try regressionTargets(of: table).map { Standardizer.zScore($0, mean: mean, std: std) } : [])
        try checkFits(data.features, names: table.featureNames, dtype: DType(T.self), in: table,
                      standardized: !standardizer.isIdentity, inputScale: inputScale, trainedModel: trainedModel)
        try checkFits(data.targets, names: [table.labelName ?? "target"], dtype: DType(T.self), in: table, what: "target",
                      standardized: targetStd != nil, trainedModel: trainedModel)
        return data.dataset(task: task, loss: loss, classCount: classes.count)
    }
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
/// delimiter is not the one given (a `;`-separated file read with `,`), so the error says which to pass; or
/// one whose other columns `ignore_columns` all names.
func checkHasFeatures(_ featureNames: [String], labelName: String, file: String, delimiter: String, ignored: [String] = []) throws {
    guard featureNames.isEmpty else { return }
    if !ignored.isEmpty {
        throw DataError(file: file, message: "no feature columns are left: the file's columns but the label \(doubleQuoted(labelName)) are all in ignore_columns")
    }
    var message = "the file has no feature columns, only the label column \(doubleQuoted(labelName))"
    let byte = CSVOptions.storedDelimiterByte(delimiter) ?? UInt8(ascii: ",")
    if let hint = excelSeparatorLineHint(labelName, delimiter: byte) {
        message += "; " + hint
    } else if let shown = likelySeparator(in: labelName, other: byte, space: true) {
        message += "; the header looks \(shown)-separated: pass --delimiter \(shown)"
    }
    throw DataError(file: file, message: message)
}

extension CSVOptions {
    init(_ config: TrainConfig) {
        self.init(delimiter: config.delimiter.utf8.first ?? UInt8(ascii: ","), hasHeader: config.header)
        numericLabel = config.task == .regression
        ignoredColumns = config.ignoreColumns
    }
}
