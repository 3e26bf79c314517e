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
    /// Columns of the `val_data` file that the model does not use (those of `ignore_columns` aside).
    var validationIgnoredColumns: [String]
    /// The name of the training file's first column, for what its header says (`commentedHeaderWarning`).
    var firstColumn: String

    init(
        config: TrainConfig, maxErrors: Int = 1, stored: StoredPreprocessing? = nil,
        onReadProgress: (@Sendable (ReadProgress) -> Void)? = nil
    ) throws {
        var (table, valTable) = try Self.readTables(config, maxErrors: maxErrors, stored: stored, onProgress: onReadProgress)
        let f = table.featureNames.count
        let (names, labelColumn) = (table.featureNames, table.labelName ?? "")
        (featureNames, labelName, ignoredColumns) = (names, labelColumn, table.ignoredColumns)
        validationIgnoredColumns = valTable?.ignoredColumns ?? []
        firstColumn = table.header.first ?? ""
        let labels = try EncodedLabels(config, table, valTable, classes: stored?.classes)
        classes = labels.classes
        let (trainRows, valRows) = try Self.splitRows(config, rowCount: table.rowCount, classIndices: labels.classIndices)
        // The files' matrices are not needed again once their rows are taken: the training rows are
        // rearranged and standardized in place (a copy of MNIST's 60 000 × 784 values is 376 MB). The
        // tables keep their lines for messages.
        var validationFeatures = valTable?.features ?? (valRows.isEmpty ? nil : gatherRows(table.features, valRows, width: f))
        var trainFeatures = table.features
        table.features = []
        valTable?.features = []
        keepRows(&trainFeatures, trainRows, width: f)
        standardizer = stored?.standardizer
            ?? (config.standardize ? Standardizer.fit(trainFeatures, features: f) : .identity(features: f))
        standardizer.apply(to: &trainFeatures, scale: config.inputScale)
        if validationFeatures != nil { standardizer.apply(to: &validationFeatures!, scale: config.inputScale) }
        var trainTargets = trainRows.map { labels.targets.isEmpty ? 0 : labels.targets[$0] }
        (targetMean, targetStd) = stored.map { ($0.targetMean, $0.targetStd) } ?? Self.targetStatistics(config, trainTargets)
        let (mean, std) = (targetMean ?? 0, targetStd ?? 1)
        let normalize = { (t: Double) in Standardizer.zScore(t, mean: mean, std: std) }
        if config.task == .regression { trainTargets = trainTargets.map(normalize) }
        train = LabelledData(
            features: trainFeatures, featureCount: f,
            classIndices: labels.classIndices.isEmpty ? [] : trainRows.map { labels.classIndices[$0] }, targets: trainTargets)
        if let validationFeatures {
            // The validation file's labels, or those of the training file's held-out rows.
            func heldOut<V>(_ all: [V]) -> [V] { all.isEmpty ? [] : valRows.map { all[$0] } }
            let fromFile = valTable != nil
            validation = LabelledData(
                features: validationFeatures, featureCount: f,
                classIndices: fromFile ? labels.validationClassIndices : heldOut(labels.classIndices),
                targets: (fromFile ? labels.validationTargets : heldOut(labels.targets)).map(normalize))
        }
        try checkValuesFit(config, table: table, trainRows: trainRows, validationTable: valTable, validationRows: valRows)
    }

    /// The rows that train and the rows held out for validation: a seeded split of `val_split` (stratified
    /// for classification), else every row trains (validation, if any, comes from the validation file).
    private static func splitRows(_ config: TrainConfig, rowCount: Int, classIndices: [Int]) throws -> (train: [Int], validation: [Int]) {
        guard let fraction = config.valSplit else { return (Array(0..<rowCount), []) }
        let split = validationSplit(
            rows: rowCount, fraction: fraction, strata: config.task == .classification ? classIndices : nil, seed: UInt64(config.seed))
        try checkSplitKeepsBoth(fraction: fraction, trainRows: split.train.count, validationRows: split.validation.count,
                                origin: config.origin(of: .valSplit))
        return split
    }

    /// Target standardization (regression with standardize_target): the training targets' mean and std;
    /// nil, nil otherwise.
    private static func targetStatistics(_ config: TrainConfig, _ trainTargets: [Double]) -> (mean: Double?, std: Double?) {
        guard config.task == .regression && config.standardizeTarget else { return (nil, nil) }
        let stats = Standardizer.fit(trainTargets, features: 1)
        return (stats.mean[0], stats.std[0])
    }

    /// The training file, and the validation file when there is one, read with the config's CSV options;
    /// a resumed run reads the columns and label its model was trained on.
    private static func readTables(
        _ config: TrainConfig, maxErrors: Int, stored: StoredPreprocessing?, onProgress: (@Sendable (ReadProgress) -> Void)?
    ) throws -> (train: CSVTable, validation: CSVTable?) {
        var options = CSVOptions(config)
        options.maxErrors = maxErrors
        options.onProgress = onProgress
        let label = stored.map { LabelColumn.name($0.labelName) } ?? config.label.map(LabelColumn.init(parsing:)) ?? .auto
        let table = try CSVReader.read(path: config.data!, label: label, featureColumns: stored?.featureNames, options: options)
        try checkHasFeatures(table.featureNames, labelName: table.labelName ?? "", file: table.path, delimiter: config.delimiter,
                             ignored: stored == nil ? config.ignoreColumns : [])
        let valTable = try config.valData.map {
            try CSVReader.read(path: $0, label: .name(table.labelName ?? ""), featureColumns: table.featureNames, options: options)
        }
        return (table, valTable)
    }

    /// The preprocessed values, training and validation, fit the network's float type; the first that does
    /// not names its line in the file it came from.
    private func checkValuesFit(
        _ config: TrainConfig, table: CSVTable, trainRows: [Int], validationTable: CSVTable?, validationRows: [Int]
    ) throws {
        let parts: [(LabelledData?, CSVTable, [Int]?)] = [
            (train, table, trainRows), (validation, validationTable ?? table, validationTable == nil ? validationRows : nil),
        ]
        for (data, source, rows) in parts {
            guard let data else { continue }
            let fileRow = { (row: Int) in rows?[row] ?? row }  // the split's rows are a subset of the file's
            try checkFits(data.features, names: featureNames, dtype: config.dtype, in: source,
                          standardized: !standardizer.isIdentity, inputScale: config.inputScale, fileRow: fileRow)
            try checkFits(data.targets, names: [labelName], dtype: config.dtype, in: source, what: "target",
                          standardized: targetStd != nil, fileRow: fileRow)
        }
    }
}

/// The label column of the training (and validation) file: class indices with the classes (sorted, from the
/// training file or a resumed model), or target values.
private struct EncodedLabels {
    var classes: [String] = []
    var classIndices: [Int] = [], validationClassIndices: [Int] = []
    var targets: [Double] = [], validationTargets: [Double] = []

    init(_ config: TrainConfig, _ table: CSVTable, _ validationTable: CSVTable?, classes stored: [String]?) throws {
        if config.task == .classification {
            let encoding: ClassEncoding
            if let stored {
                encoding = ClassEncoding(classes: stored)
            } else {
                let distinct = Set(table.labels)
                try checkNoMissingLabel(table, distinct: distinct)
                encoding = ClassEncoding(labels: Array(distinct))
            }
            classes = encoding.classes
            try checkClassCount(classes.count, labelName: table.labelName ?? "", file: table.path)
            classIndices = try TinyNetIO.classIndices(of: table, encoding: encoding)
            if let validationTable { validationClassIndices = try TinyNetIO.classIndices(of: validationTable, encoding: encoding) }
        } else {
            targets = try regressionTargets(of: table)
            if let validationTable { validationTargets = try regressionTargets(of: validationTable) }
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

    /// The scale of the training targets where they are not standardized (for warnings and the divergence advice).
    func scale(_ config: TrainConfig) -> DataScale {
        var scale = DataScale(inputScale: config.inputScale)
        if classes.isEmpty, targetStd == nil, !train.targets.isEmpty {
            scale.unstandardizedTargetRMS = RunningMoments(train.targets).rootMeanSquare[0]
        }
        return scale
    }

    /// The same, and the features' where they are not standardized: a pass over `x`, the training rows as
    /// the network takes them.
    func scale<T: Scalar>(_ config: TrainConfig, trainFeatures x: Matrix<T>) -> DataScale {
        var scale = scale(config)
        if !config.standardize, x.rows > 0, x.cols > 0 {
            var sumsOfSquares = Array(repeating: 0.0, count: x.cols)
            for r in 0..<x.rows {
                for c in 0..<x.cols {
                    let value = Double(x.pointer[r * x.cols + c])
                    sumsOfSquares[c] += value * value
                }
            }
            // Σx² overflows for values beyond 1e154 (f64): such a column's RMS is taken in scaled units.
            let rms = sumsOfSquares.indices.map { c in
                sumsOfSquares[c].isFinite ? (sumsOfSquares[c] / Double(x.rows)).squareRoot()
                    : RunningMoments((0..<x.rows).lazy.map { Double(x.pointer[$0 * x.cols + c]) }).rootMeanSquare[0]
            }
            // The rows are scaled by input_scale: the advice is about the values as read.
            scale.unstandardizedFeatureRMS = rms.max()! / config.inputScale
        }
        return scale
    }

    /// Lets go of the preprocessed rows once the network's datasets are made from them (in f32, the
    /// Double rows are twice the dataset: 439 MB beside MNIST's 219 MB). Their labels, targets and the
    /// preprocessing stay; `train.rows` is 0 from here on.
    mutating func releaseFeatures() {
        train.features = []
        validation?.features = []
    }

    /// The layer list with the final Linear's width taken from the data.
    func resolve(_ specs: [LayerSpec], config: TrainConfig) throws -> [LayerSpec] {
        try resolveLayers(specs, config: config, classCount: classes.count, inputs: train.featureCount, trainRows: train.rows)
    }

    /// The first `rows` training rows in Double.
    func firstRows(_ rows: Int, config: TrainConfig) -> Dataset<Double> {
        let n = min(rows, train.rows), f = train.featureCount
        // Only these rows become a dataset (MNIST's whole training set would be 376 MB more in Float64).
        let first = LabelledData(
            features: Array(train.features.prefix(n * f)), featureCount: f,
            classIndices: Array(train.classIndices.prefix(n)), targets: Array(train.targets.prefix(n)))
        return first.dataset(task: config.task, loss: config.resolvedLoss, classCount: classes.count)
    }
}
