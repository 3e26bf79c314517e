import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

extension Task: ExpressibleByArgument {}

/// `tinynet data FILE`: a dataset summary, read exactly as `train` reads it.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Summary of a dataset (rows, classes or target, per-feature statistics), read exactly as train reads it.")

    @Argument(help: "CSV or CSV.gz file (- for stdin).") var file: String
    @Option(parsing: .unconditional, help: "Label column: header name or 0-based index (default: 'label', else the last).")
    var label: String?
    @Option(help: "What the label is.") var task: Task = .classification
    @Option(help: "Columns that are neither features nor the label, comma-separated names: id,date (as train's ignore_columns).")
    var ignoreColumns: String?
    @OptionGroup var csv: CSVFlags
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws { try checkLabelFlag(label) }

    func run() throws {
        try reportingErrors {
            let summary = try showingReadingProgress { observer in
                var options = csv.options()
                options.ignoredColumns = ignoreColumns.map(TrainConfig.columnNames(fromFlag:)) ?? []
                options.onProgress = observer
                return try DataSummary(path: file, label: label.map(LabelColumn.init(parsing:)) ?? .auto, task: task, options: options)
            }
            summary.warnings.forEach { printError("warning: \($0)") }
            json ? printJSON(summary.json) : print(summary.text)
        }
    }
}

extension DataSummary {
    /// The `data --json` object: `rows`, `columns`, `label`, `class_counts` (label → rows) or
    /// `target_mean` / `target_std`, `features` ({name, mean, std, min, max}), `constant_features` (a count).
    var json: [String: Any] {
        var d: [String: Any] = [
            "rows": rows, "columns": columns, "label": label, "constant_features": constantFeatures.count,
            "features": features.map { f in
                ["name": f.name, "mean": f.mean, "std": f.std, "min": f.min, "max": f.max] as [String: Any]
            },
        ]
        if task == .classification {
            d["class_counts"] = Dictionary(uniqueKeysWithValues: classCounts.map { ($0.label, $0.count) })
        } else {
            (d["target_mean"], d["target_std"]) = (targetMean, targetStd)
        }
        return d
    }

    /// The readable summary: the file, the label, then one aligned row per feature.
    var text: String {
        var lines = [
            "file      \(path)",
            "rows      \(rows)",
            "columns   \(columns): \(counted(features.count, "feature")) and the label \(doubleQuoted(label))"
                + (columns > features.count + 1 ? ", \(columns - features.count - 1) ignored" : ""),
        ]
        if task == .classification {
            lines.append("task      classification, \(counted(classCounts.count, "class", plural: "classes"))")
            let width = max(7, (classCounts.map { tableCell($0.label).count }.max() ?? 0) + 2)
            lines.append("          " + rightPad("class", width) + leftPad("rows", 9) + leftPad("share", 9))
            for c in classCounts.prefix(shownClasses) {
                let share = rows > 0 ? 100 * Double(c.count) / Double(rows) : 0
                lines.append("          " + rightPad(tableCell(c.label), width) + leftPad("\(c.count)", 9)
                    + leftPad(String(format: "%.1f%%", share), 9))
            }
            if classCounts.count > shownClasses {
                lines.append("          … \(classCounts.count - shownClasses) more classes (all of them in --json)")
            }
        } else {
            lines.append(String(format: "task      regression, target mean %.6g, std %.6g", targetMean ?? 0, targetStd ?? 0))
        }
        lines += [""] + featureTable
        let constant = constantFeatures
        let names = constant.prefix(20).joined(separator: ", ") + (constant.count > 20 ? ", …" : "")
        lines.append("")
        lines.append("constant features: \(constant.count)" + (constant.isEmpty ? "" : " (\(names))"))
        return lines.joined(separator: "\n")
    }

    /// Classes listed in the table (a label column read as classes by mistake can have thousands).
    private var shownClasses: Int { 30 }

    private var featureTable: [String] {
        let width = max(9, (features.map(\.name.count).max() ?? 0) + 2)
        // %.6g is at most 12 characters ("-1.23457e-09"): a space before each keeps the columns apart.
        let numbers = ["mean", "std", "min", "max"].map { " " + leftPad($0, 12) }.joined()
        var lines = [rightPad("feature", width) + numbers]
        for f in features {
            let values = [f.mean, f.std, f.min, f.max].map { " " + leftPad(String(format: "%.6g", $0), 12) }.joined()
            lines.append(rightPad(f.name, width) + values + (f.isConstant ? "  constant" : ""))
        }
        return lines
    }
}
