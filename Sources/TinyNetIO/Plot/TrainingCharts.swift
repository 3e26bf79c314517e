import Foundation
import TinyNet

/// The numbers of a training run per epoch, by metrics-log column name
/// (`epoch`, `train_loss`, `val_accuracy`, …; see `MetricsLog`).
public struct MetricsHistory: Sendable, Equatable {
    /// Column name → one value per row; every column has `rowCount` values (NaN where a row lacks it).
    public var columns: [String: [Double]]
    public var rowCount: Int

    public init(columns: [String: [Double]]) {
        self.columns = columns
        rowCount = columns.values.map(\.count).max() ?? 0
    }

    /// The history of the epochs of one run, with the columns its metrics log would have.
    public init(summaries: [EpochSummary]) {
        var columns: [String: [Double]] = [:]
        for (row, s) in summaries.enumerated() {
            for (name, value) in zip(MetricsLog.columns(for: s), MetricsLog.values(for: s)) {
                columns[name, default: Array(repeating: .nan, count: row)].append(value)
            }
            for name in columns.keys where columns[name]!.count == row { columns[name]!.append(.nan) }
        }
        self.init(columns: columns)
    }

    /// The columns a training chart draws, in the order they are drawn.
    public static let plotted = ["epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "val_r2"]

    /// Reads the plotted columns of a metrics log (`train --log`; `-` is standard input) with the project's
    /// CSV reader; other columns (such as `--grad-stats` ones) are not parsed.
    /// A file without `epoch` and `train_loss` columns is an error naming it.
    public static func read(logPath: String) throws -> MetricsHistory {
        var options = CSVOptions()
        options.allowsNonFinite = true  // a non-finite loss is a gap in its curve, as train --plot draws it
        // Read twice (the header, then its plotted columns): standard input is kept in memory for that.
        let input: [UInt8]? = logPath == "-" ? Array(FileHandle.standardInput.readDataToEndOfFile()) : nil
        func read(_ columns: [String]) throws -> CSVTable {
            guard let input else { return try CSVReader.read(path: logPath, label: .none, featureColumns: columns, options: options) }
            return try CSVReader.read(bytes: input, name: "standard input", label: .none, featureColumns: columns, options: options)
        }
        let probe = try read([])
        let missing = ["epoch", "train_loss"].filter { !probe.header.contains($0) }
        guard missing.isEmpty else {
            throw DataError(file: input == nil ? logPath : "standard input", line: 1,
                            message: "not a metrics log (train --log writes one): no column \(missing.map(doubleQuoted).joined(separator: " or ")); "
                                + "the columns are: \(probe.header.prefix(12).joined(separator: ", "))\(probe.header.count > 12 ? ", …" : "")")
        }
        let names = plotted.filter(probe.header.contains)
        let table = try read(names)
        var columns: [String: [Double]] = [:]
        for (j, name) in names.enumerated() {
            columns[name] = (0..<table.rowCount).map { table.features[$0 * names.count + j] }
        }
        return MetricsHistory(columns: columns)
    }
}

/// The pictures of training and evaluation, as self-contained SVG documents.
public enum TrainingCharts {
    /// Loss curves (train and validation) in a first panel and accuracy (or
    /// validation R² for regression) in a second, against the epoch. Where the
    /// epoch number does not increase (a second run appended to the same log)
    /// the lines break. A history without accuracy or R² gets the loss panel only.
    public static func curves(title: String, history h: MetricsHistory) -> String {
        let epochs = h.columns["epoch"] ?? (0..<h.rowCount).map { Double($0 + 1) }
        var breaks = Set<Int>()
        for i in epochs.indices.dropFirst() where !(epochs[i] > epochs[i - 1]) { breaks.insert(i) }
        func series(_ column: String, _ name: String) -> ChartSeries? {
            guard let ys = h.columns[column] else { return nil }
            var xs: [Double] = [], values: [Double] = []
            for i in epochs.indices where i < ys.count {
                if breaks.contains(i) { xs.append(.nan); values.append(.nan) }
                xs.append(epochs[i])
                values.append(ys[i])
            }
            return ChartSeries(name: name, xs: xs, ys: values)
        }
        let losses = [series("train_loss", "train loss"), series("val_loss", "validation loss")].compactMap { $0 }
        var panels = [ChartPanel(title: "Loss", xLabel: "epoch", yLabel: "loss", series: losses)]
        let accuracy = [series("train_accuracy", "train accuracy"), series("val_accuracy", "validation accuracy")].compactMap { $0 }
        if !accuracy.isEmpty {
            panels.append(ChartPanel(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", series: accuracy))
        } else if let r2 = series("val_r2", "validation R²") {
            panels.append(ChartPanel(title: "R²", xLabel: "epoch", yLabel: "R²", series: [r2]))
        }
        return SVGChart.lines(title: title, panels: panels)
    }

    /// The confusion matrix (`confusion[true][predicted]`) as a heat map with the count in each cell.
    public static func confusionMatrix(title: String, classes: [String], confusion: [[Int]]) -> String {
        SVGChart.heatmap(
            title: title, rowLabels: classes, columnLabels: classes, values: confusion,
            rowTitle: "true class", columnTitle: "predicted class")
    }

    /// Writes an SVG document atomically (a temporary file renamed into place);
    /// errors name the path and the system's reason.
    public static func write(_ svg: String, to path: String) throws {
        try AtomicFile.write(Array(svg.utf8), toPath: path)
    }
}
