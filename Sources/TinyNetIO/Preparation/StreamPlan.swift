import TinyNet

/// What `train --stream` learns in its first pass over the training file (which also checks every row, so
/// nothing is trained on a file with an error), and how it turns each later pass into chunks for the engine:
/// the same label rules, class order, standardization and target scaling as in-memory training.
struct StreamPlan {
    let config: TrainConfig
    let data: String
    let label: LabelColumn
    let csvOptions: CSVOptions
    /// Rows per chunk read (nil: `CSVStream`'s choice, about 256 KB of values: 1 << 15 of them, between 16
    /// and 4096 rows).
    let chunkRows: Int?
    let featureNames: [String]
    /// The name of the training file's first column, for what its header says (`commentedHeaderWarning`).
    let firstColumn: String
    let labelName: String
    /// Classification: the classes of the whole file, sorted; empty for regression.
    let classes: ClassEncoding
    /// Classification: training rows per class (for balanced class weights).
    let classCounts: [Int]
    /// Classification: the longest run of consecutive training rows of one class, and the class.
    let longestClassRun: (label: String, rows: Int)
    let standardizer: Standardizer
    let targetMean: Double?
    let targetStd: Double?
    /// The scale of the training rows where it is not standardized (for warnings and the divergence advice).
    let scale: DataScale
    let trainRows: Int
    /// Rows of the training file held out by `val_split`.
    let heldOutRows: Int
    /// The training and validation files as the first pass read them: every later pass checks them.
    let versions: [String: FileVersion]
    /// Per feature, the smallest and largest value of the training file (held-out rows too), and the
    /// target's (regression): what preprocessing can take beyond the network's dtype.
    let featureRange: (minimum: [Double], maximum: [Double])
    let targetRange: (minimum: Double, maximum: Double)

    /// `onReadProgress` hears of this first pass only: each epoch's pass has the training's own progress.
    init(config: TrainConfig, maxErrors: Int, chunkRows: Int?, onReadProgress: (@Sendable (ReadProgress) -> Void)? = nil) throws {
        guard let data = config.data else { throw ConfigError(file: nil, message: "no training data: pass --data FILE") }
        for (flag, path) in [("--data", data), ("--val-data", config.valData)] {
            guard let path, !FileSource.isRereadable(path) else { continue }
            let what = path == "-" ? "is standard input, read once" : "is a pipe or device, read once"
            let instead = path == "-" ? "name the file (or /dev/stdin, when standard input is a file, not a pipe)" : "save the data to a file"
            throw ConfigError(file: nil, message: "\(flag) \(path) \(what); train --stream reads its files once per epoch (and once before, for the statistics): \(instead), or train without --stream")
        }
        self.config = config
        self.data = data
        self.chunkRows = chunkRows
        label = config.label.map(LabelColumn.init(parsing:)) ?? .auto
        var options = CSVOptions(config)
        options.maxErrors = maxErrors
        csvOptions = options
        versions = FileVersion.of([data] + (config.valData.map { [$0] } ?? []))
        let split = config.valSplit.map { fraction in (fraction, UInt64(config.seed)) }
        options.onProgress = onReadProgress
        let scan = try DataScan(path: data, label: label, task: config.task, options: options) { row in
            split.map { !isHeldOut(row: row, fraction: $0.0, seed: $0.1) } ?? true
        }
        try FileVersion.checkUnchanged(versions)
        try checkHasFeatures(scan.featureNames, labelName: scan.labelName, file: data, delimiter: config.delimiter, ignored: config.ignoreColumns)
        featureNames = scan.featureNames
        firstColumn = scan.header.first ?? ""
        labelName = scan.labelName
        (trainRows, heldOutRows) = (scan.rows, scan.excludedRows)
        if let fraction = config.valSplit { try checkSplitKeepsBoth(fraction: fraction, trainRows: trainRows, validationRows: heldOutRows, origin: config.origin(of: .valSplit)) }
        classes = config.task == .classification ? scan.classEncoding : ClassEncoding(classes: [])
        if config.task == .classification { try checkClassCount(classes.count, labelName: labelName, file: data) }
        classCounts = scan.rowsPerClass
        longestClassRun = scan.longestRun
        standardizer = config.standardize ? scan.features.standardizer : .identity(features: featureNames.count)
        if config.task == .regression && config.standardizeTarget {
            let target = scan.target.standardizer
            (targetMean, targetStd) = (target.mean[0], target.std[0])
        } else {
            (targetMean, targetStd) = (nil, nil)
        }
        // RMS = √E[x²] = √(μ² + σ²), from a column's mean and (population) standard deviation.
        var scale = DataScale(inputScale: config.inputScale)
        if config.task == .regression && targetStd == nil { scale.unstandardizedTargetRMS = scan.target.rootMeanSquare[0] }
        if !config.standardize { scale.unstandardizedFeatureRMS = scan.features.rootMeanSquare.max() }
        self.scale = scale
        featureRange = (zip(scan.features.minimum, scan.excludedFeatures.minimum).map { min($0, $1) },
                        zip(scan.features.maximum, scan.excludedFeatures.maximum).map { max($0, $1) })
        targetRange = (min(scan.target.minimum[0], scan.excludedTarget.minimum[0]),
                       max(scan.target.maximum[0], scan.excludedTarget.maximum[0]))
    }

    /// Fails, naming the line, when a row of the training file holds a value that preprocessing takes beyond
    /// what T holds, before anything is trained (a later pass would fail there, an epoch or more in). The
    /// preprocessing is affine per column, so it takes a column's extremes to its extremes: the first pass's
    /// ranges tell whether such a value exists, and only then one more pass finds its row.
    func checkValuesFit<T: Scalar>(as: T.Type) throws {
        let dtype = DType(T.self)
        let features = standardizer.apply(featureRange.minimum + featureRange.maximum, scale: config.inputScale)
        let targets = [targetRange.minimum, targetRange.maximum].filter(\.isFinite)
            .map { Standardizer.zScore($0, mean: targetMean ?? 0, std: targetStd ?? 1) }
        guard firstValueBeyond(features, dtype: dtype) != nil
            || firstValueBeyond(targets, dtype: dtype) != nil else { return }
        let training: ChunkSource<T> = try trainingFileChunks()
        while try training() != nil {}
        if config.valSplit != nil, let heldOut: ChunkSource<T> = try validationChunks() { while try heldOut() != nil {} }
    }

    /// The layer list with the final Linear's width taken from the data.
    func resolve(_ specs: [LayerSpec]) throws -> [LayerSpec] {
        try resolveLayers(specs, config: config, classCount: classes.count, inputs: featureNames.count, trainRows: trainRows)
    }

    /// A warning when the training rows come in runs of one class longer than half the shuffle buffer (a
    /// file sorted by class): the buffer then holds one or two classes at a time, and so does every batch.
    func sortedClassesWarning(bufferRows: Int) -> String? {
        guard bufferRows < trainRows, longestClassRun.rows > bufferRows / 2 else { return nil }
        // Twice the run is enough; all the training rows, a full shuffle, is enough too.
        let enough = min(2 * longestClassRun.rows, trainRows)
        return "the training rows come in long runs of one class (\(longestClassRun.rows) rows of \(doubleQuoted(longestClassRun.label)) in a row) "
            + "and the shuffle buffer holds \(bufferRows): batches will see one class at a time and training suffers; "
            + "shuffle the file first (keeping its header) or raise --shuffle-buffer to \(enough)"
            + (enough == trainRows ? " (the training rows: a full shuffle)" : " or more")
    }

    /// "balanced" class weights, n / (C · count_c), from the first pass's counts.
    var balancedClassWeights: [Double] { TinyNetIO.balancedClassWeights(counts: classCounts) }

    /// A fresh pass over the training rows (`heldOut` false) or the rows `val_split` holds out, as chunks.
    func trainingFileChunks<T: Scalar>(heldOut: Bool = false) throws -> ChunkSource<T> {
        let next = try checkedChunks(CSVStream(path: data, label: label, options: csvOptions, chunkRows: chunkRows))
        let split = config.valSplit.map { fraction in (fraction, UInt64(config.seed)) }
        return {
            while let chunk = try next() {
                let rows = (0..<chunk.table.rowCount).filter { r in
                    let held = split.map { isHeldOut(row: chunk.firstRow + r, fraction: $0.0, seed: $0.1) } ?? false
                    return held == heldOut
                }
                if !rows.isEmpty { return try dataset(chunk.table.selectingRows(rows)) }
            }
            return nil
        }
    }

    /// A fresh pass over the validation rows: the `val_data` file (columns matched by name), or the rows
    /// `val_split` holds out; nil without validation.
    func validationChunks<T: Scalar>() throws -> ChunkSource<T>? {
        if config.valSplit != nil { return try trainingFileChunks(heldOut: true) }
        guard let path = config.valData else { return nil }
        let next = try checkedChunks(validationStream(path))
        return { try next().map { try dataset($0.table) } }
    }

    /// The columns of the `val_data` file that the model does not use (its header read again; none for val_split).
    func validationIgnoredColumns() throws -> [String] {
        guard config.valSplit == nil, let path = config.valData else { return [] }
        return try validationStream(path).ignoredColumns
    }

    /// The `val_data` file opened with the training file's label and features (matched by name).
    private func validationStream(_ path: String) throws -> CSVStream {
        try CSVStream(path: path, label: .name(labelName), featureColumns: featureNames, options: csvOptions, chunkRows: chunkRows)
    }

    /// The chunks of a pass, checking that the files are those of the first pass: before the pass, at its
    /// end, and when a read fails (a bad row in a later pass is most likely the file cut short under us).
    private func checkedChunks(_ open: @autoclosure () throws -> CSVStream) throws -> () throws -> CSVChunk? {
        try FileVersion.checkUnchanged(versions)
        let stream = try open(), versions = versions
        return {
            let chunk: CSVChunk?
            do { chunk = try stream.nextChunk() } catch {
                try FileVersion.checkUnchanged(versions)
                throw error
            }
            if chunk == nil { try FileVersion.checkUnchanged(versions) }
            return chunk
        }
    }

    /// Rows of a chunk as the engine trains on them.
    func dataset<T: Scalar>(_ table: CSVTable) throws -> Dataset<T> {
        try RowEncoding(
            task: config.task, loss: config.resolvedLoss, standardizer: standardizer, inputScale: config.inputScale,
            classes: classes, targetMean: targetMean, targetStd: targetStd
        ).dataset(table)
    }
}
