import TinyNet

/// Preprocessing fixed by an earlier run (resuming): the same features,
/// classes and statistics, not ones refitted to the data.
struct StoredPreprocessing {
    var featureNames: [String]
    var labelName: String
    var classes: [String]
    var standardizer: Standardizer
    var targetMean: Double?
    var targetStd: Double?

    init(_ checkpoint: Checkpoint) {
        (featureNames, labelName, classes) = (checkpoint.featureNames, checkpoint.labelColumn, checkpoint.classes)
        (standardizer, targetMean, targetStd) = (checkpoint.preprocessing, checkpoint.targetMean, checkpoint.targetStd)
    }
}

/// The training (and validation) data of a config, read, encoded, split and
/// preprocessed with statistics of the training rows only.
struct PreparedRun {
    var train: LabelledData
    var validation: LabelledData?
    var featureNames: [String]
    var labelName: String
    var classes: [String]
    var standardizer: Standardizer
    var targetMean: Double?
    var targetStd: Double?
    /// Columns of the training file that a resumed model does not use (a fresh run uses every column).
    var ignoredColumns: [String]

    init(config: TrainConfig, maxErrors: Int = 1, stored: StoredPreprocessing? = nil) throws {
        var options = CSVOptions(config)
        options.maxErrors = maxErrors
        let label = stored.map { LabelColumn.name($0.labelName) } ?? config.label.map(LabelColumn.init(parsing:)) ?? .auto
        let table = try CSVReader.read(path: config.data!, label: label, featureColumns: stored?.featureNames, options: options)
        try checkHasFeatures(table.featureNames, labelName: table.labelName ?? "", file: table.path, delimiter: config.delimiter)
        let f = table.featureNames.count
        let (names, labelColumn) = (table.featureNames, table.labelName ?? "")
        (featureNames, labelName, ignoredColumns) = (names, labelColumn, table.ignoredColumns)
        let valTable = try config.valData.map {
            try CSVReader.read(path: $0, label: .name(labelColumn), featureColumns: names, options: options)
        }
        // Labels: class indices (classes sorted, from the training file) or target values.
        var classIndicesAll: [Int] = [], targetsAll: [Double] = []
        var valClasses: [Int] = [], valTargets: [Double] = []
        if config.task == .classification {
            let encoding = stored.map { ClassEncoding(classes: $0.classes) } ?? ClassEncoding(labels: table.labels)
            classes = encoding.classes
            try checkClassCount(classes.count, labelName: labelName, file: table.path)
            classIndicesAll = try classIndices(of: table, encoding: encoding)
            if let valTable { valClasses = try classIndices(of: valTable, encoding: encoding) }
        } else {
            classes = []
            targetsAll = try regressionTargets(of: table)
            if let valTable { valTargets = try regressionTargets(of: valTable) }
        }
        // Split (stratified for classification) unless there is a validation file.
        var trainRows = Array(0..<table.rowCount), valRows: [Int] = []
        if let fraction = config.valSplit {
            (trainRows, valRows) = validationSplit(
                rows: table.rowCount, fraction: fraction,
                strata: config.task == .classification ? classIndicesAll : nil, seed: UInt64(config.seed))
            try checkSplitKeepsBoth(fraction: fraction, trainRows: trainRows.count, validationRows: valRows.count)
        }
        let trainFeatures = gatherRows(table.features, trainRows, width: f)
        standardizer = stored?.standardizer
            ?? (config.standardize ? Standardizer.fit(trainFeatures, features: f) : .identity(features: f))
        // Target standardization (regression): statistics of the training targets.
        var trainTargets = trainRows.map { targetsAll.isEmpty ? 0 : targetsAll[$0] }
        (targetMean, targetStd) = (stored?.targetMean, stored?.targetStd)
        if stored == nil && config.task == .regression && config.standardizeTarget {
            let stats = Standardizer.fit(trainTargets, features: 1)
            (targetMean, targetStd) = (stats.mean[0], stats.std[0])
        }
        let (mean, std) = (targetMean ?? 0, targetStd ?? 1)
        let normalize = { (t: Double) in (t - mean) / std }
        if config.task == .regression { trainTargets = trainTargets.map(normalize) }
        train = LabelledData(
            features: standardizer.apply(trainFeatures, scale: config.inputScale), featureCount: f,
            classIndices: classIndicesAll.isEmpty ? [] : trainRows.map { classIndicesAll[$0] }, targets: trainTargets)
        if let valTable {
            validation = LabelledData(
                features: standardizer.apply(valTable.features, scale: config.inputScale), featureCount: f,
                classIndices: valClasses, targets: valTargets.map(normalize))
        } else if !valRows.isEmpty {
            validation = LabelledData(
                features: standardizer.apply(gatherRows(table.features, valRows, width: f), scale: config.inputScale), featureCount: f,
                classIndices: classIndicesAll.isEmpty ? [] : valRows.map { classIndicesAll[$0] },
                targets: targetsAll.isEmpty ? [] : valRows.map { normalize(targetsAll[$0]) })
        }
        let parts: [(LabelledData?, CSVTable, [Int]?)] = [(train, table, trainRows), (validation, valTable ?? table, valTable == nil ? valRows : nil)]
        for (data, source, rows) in parts {
            guard let data else { continue }
            let fileRow = { (row: Int) in rows?[row] ?? row }  // the split's rows are a subset of the file's
            try checkFits(data.features, names: featureNames, dtype: config.dtype, in: source, fileRow: fileRow)
            try checkFits(data.targets, names: [labelColumn], dtype: config.dtype, in: source, what: "target", fileRow: fileRow)
        }
    }
}

extension PreparedRun {
    /// The loss `config` trains with, weighted by class from the training rows when class_weight = "balanced"
    /// (the same for train, gradcheck and scale, so the instruments check the loss that is trained).
    func lossFunction<T: Scalar>(_ config: TrainConfig, as: T.Type = T.self) -> any Loss<T> {
        let weights = config.classWeight == .balanced ? balancedClassWeights(train.classIndices, classCount: classes.count) : nil
        return makeLoss(config.resolvedLoss, classWeights: weights)
    }

    /// Regression with the target left as it is: its root mean square over the training rows (for advice).
    var unstandardizedTargetRMS: Double? {
        guard classes.isEmpty, targetStd == nil, !train.targets.isEmpty else { return nil }
        return (train.targets.reduce(0) { $0 + $1 * $1 } / Double(train.targets.count)).squareRoot()
    }

    /// The layer list with the final Linear's width taken from the data.
    func resolve(_ specs: [LayerSpec], config: TrainConfig) throws -> [LayerSpec] {
        try resolveLayers(specs, config: config, classCount: classes.count, inputs: train.featureCount, trainRows: train.rows)
    }

    /// The first `rows` training rows in Double.
    func firstRows(_ rows: Int, config: TrainConfig) -> Dataset<Double> {
        let all: Dataset<Double> = train.dataset(task: config.task, loss: config.resolvedLoss, classCount: classes.count)
        return all.subset(Array(0..<min(rows, all.count)))
    }
}

/// The layer list with the final Linear's width taken from the data: one
/// output per class (one in all for binary BCE), or one for regression;
/// refused when training it would not fit in memory.
func resolveLayers(_ specs: [LayerSpec], config: TrainConfig, classCount: Int, inputs: Int, trainRows: Int) throws -> [LayerSpec] {
    let outputs = outputWidth(task: config.task, loss: config.resolvedLoss, classCount: classCount, targetCount: 1)
    let resolved: [LayerSpec]
    do { resolved = try LayerSpec.resolve(specs, outputs: outputs) } catch { throw ConfigError(file: nil, message: "\(error)") }
    if let last = resolved.last(where: { if case .linear = $0 { true } else { false } }), last != .linear(outputs) {
        throw ConfigError(file: nil, message: "the last linear layer is \(last), but the data needs \(outputs) outputs; write a final \"linear\" without a width")
    }
    try checkModelFitsInMemory(resolved, inputs: inputs, batchRows: min(config.batchSize, max(trainRows, 1)), dtype: config.dtype)
    return resolved
}

/// The given rows of a row-major matrix.
func gatherRows(_ values: [Double], _ rows: [Int], width: Int) -> [Double] {
    if rows.count * width == values.count && rows.first == 0 && rows.last == rows.count - 1 { return values }
    var out: [Double] = []
    out.reserveCapacity(rows.count * width)
    for r in rows { out += values[(r * width)..<(r * width + width)] }
    return out
}
