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
