import TinyNet

/// Statistics of one feature column. `std` is the population standard deviation (what standardization
/// divides by); it is 0 for a constant column.
public struct FeatureSummary: Sendable, Equatable {
    public var name: String
    public var mean: Double
    public var std: Double
    public var min: Double
    public var max: Double
    /// Rows the statistics are of.
    public var rows: Int

    /// The column holds one value in every row, or one but for rounding (`isConstantWithinRounding`, as
    /// scikit-learn's StandardScaler tells): standardization maps it to 0; it cannot help the model.
    public var isConstant: Bool { min == max || isConstantWithinRounding(mean: mean, std: std, count: rows) }
}

/// How many rows carry one class label.
public struct ClassCount: Sendable, Equatable {
    public var label: String
    public var count: Int

    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// `tinynet data`: what a data file holds, read exactly as `train` reads it (the same reader, label rules
/// and checks), in one streaming pass, so it is also how a user checks a file before training.
/// Nothing is printed: the CLI formats it.
public struct DataSummary: Sendable {
    public var path: String
    public var rows: Int
    /// Columns in the file, the label included.
    public var columns: Int
    public var label: String
    public var task: Task
    /// Classification: rows per class, in the order training numbers the classes.
    public var classCounts: [ClassCount]
    /// Regression: the target's mean and population standard deviation.
    public var targetMean: Double?
    public var targetStd: Double?
    /// One entry per feature column, in file order.
    public var features: [FeatureSummary]
    /// What would make `train` refuse the file, or suggests a wrong setting (for warnings).
    public var warnings: [String]

    /// The names of the features that hold one value in every row.
    public var constantFeatures: [String] { features.filter(\.isConstant).map(\.name) }

    /// Reads `path` with train's rules: `label` as `--label`, `task` as `--task`, `options` as `--delimiter`,
    /// `--no-header` and `--max-errors`. Throws `DataError` for a file `train` would refuse to read.
    public init(
        path: String, label: LabelColumn = .auto, task: Task = .classification, options: CSVOptions = CSVOptions()
    ) throws {
        let scan = try DataScan(path: path, label: label, task: task, options: options)
        try checkHasFeatures(scan.featureNames, labelName: scan.labelName, file: path, delimiter: String(decoding: [options.delimiter], as: UTF8.self), ignored: options.ignoredColumns)
        self.path = path
        rows = scan.rows
        columns = scan.header.count
        self.label = scan.labelName
        self.task = task
        // Each statistic as one array (computed properties: once each, not once per column).
        let (means, stds) = (scan.features.mean, scan.features.standardDeviation)
        let (minima, maxima) = (scan.features.minimum, scan.features.maximum)
        features = scan.featureNames.indices.map { c in
            FeatureSummary(name: scan.featureNames[c], mean: means[c], std: stds[c], min: minima[c], max: maxima[c], rows: scan.features.count)
        }
        classCounts = []
        warnings = columnNameWarnings(scan.featureNames, label: scan.labelName, classes: scan.classEncoding.classes,
                                      firstColumn: scan.header.first ?? "")
        if task == .classification {
            let classes = scan.classEncoding.classes
            classCounts = zip(classes, scan.rowsPerClass).map { ClassCount(label: $0, count: $1) }
            warnings += DataSummary.labelWarnings(task: task, classes: classes, rows: rows, label: scan.labelName)
            warnings += classSpellingWarnings(classes, labelName: scan.labelName)
        } else {
            targetMean = scan.target.mean[0]
            targetStd = scan.target.standardDeviation[0]
        }
    }

    /// A label column with one class cannot be trained on; one of numbers with many classes of a few rows
    /// each (diabetes' target: 214 values in 442 rows), or fewer than two rows a class (linnerud's Weight: 16
    /// values in 20 rows), is likely a regression target read as classes (words are classes however few
    /// their rows).
    static func labelWarnings(task: Task, classes labels: [String], rows: Int, label: String) -> [String] {
        guard task == .classification else { return [] }
        let classes = labels.count
        if classes < 2 {
            return ["the label column \(doubleQuoted(label)) has \(counted(classes, "distinct value")); classification needs at least 2"]
        }
        let fewRows = (classes > 20 && rows < 5 * classes) || (classes > 2 && rows < 2 * classes)
        if fewRows && labels.allSatisfy({ Double($0.trimmed) != nil }) {
            return ["the label column \(doubleQuoted(label)) has \(classes) distinct values in \(rows) rows "
                + String(format: "(%.1f rows per class): ", Double(rows) / Double(classes))
                + "if it is a quantity, use --task regression"]
        }
        return []
    }
}
