import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Metrics of a checkpoint on labelled data.")

    @Option(help: "The checkpoint (.safetensors).") var model: String
    @Option(help: "Labelled CSV or CSV.gz; columns are matched by header name.") var data: String
    @Option(parsing: .unconditional, help: "Label column, by header name or 0-based index (default: the one the model was trained with).")
    var label: String?
    @OptionGroup var csv: CSVFlags
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Draw the confusion matrix as a heat map in this SVG file.") var plot: String?

    func validate() throws { try checkLabelFlag(label) }

    func run() throws {
        try reportingErrors {
            if let plot {
                try checkOutputsSpareInputs(outputs: [("--plot", plot)], inputs: [("--model", model), ("--data", data)])
                try checkWritableFilePath(plot)  // before the evaluation, not after it
            }
            var runner = try ModelRun(checkpointPath: model)
            runner.csvOptions = csv.options(trainedWith: runner.checkpoint)
            let report = try runner.evaluate(dataPath: data, label: label)
            if let plot { try writeConfusionPlot(report, dataPath: data, modelPath: model, to: plot) }
            warnIgnored(report.ignoredColumns)
            json ? printJSON(evalJSON(report)) : print(EvalTable(report: report).text)
        }
    }

    func evalJSON(_ r: EvaluationReport) -> [String: Any] {
        let e = r.evaluation
        var d: [String: Any] = ["samples": e.samples, "loss": e.loss]
        if r.task == .classification {
            d["accuracy"] = e.accuracy
            d["confusion"] = e.confusion
            d["classes"] = r.classes
            d["per_class"] = ClassMetrics.perClass(e.confusion ?? []).enumerated().map { i, m in
                ["class": r.classes[i], "precision": m.precision, "recall": m.recall, "f1": m.f1, "support": m.support] as [String: Any]
            }
        } else {
            (d["mse"], d["mae"], d["r2"]) = (e.mse, e.mae, e.r2)
        }
        return d
    }
}

/// CSV reading flags shared by eval, predict and data.
struct CSVFlags: ParsableArguments {
    @Option(help: "CSV field separator (one character; \\t for tab). Default: a comma; eval and predict: as the model's training file.")
    var delimiter: String?
    @Flag(inversion: .prefixedNo, help: "The CSV's first row is a header. Default: yes; eval and predict: as the model's training file.")
    var header: Bool?
    @Option(parsing: .unconditional, help: "List up to N problems in the data before stopping.") var maxErrors = 1

    func validate() throws {
        if let delimiter, CSVOptions.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter must be \(CSVOptions.delimiterRule)")
        }
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1") }
    }

    /// The reading options: the flags given, else how `checkpoint`'s training file was read.
    func options(trainedWith checkpoint: Checkpoint? = nil) -> CSVOptions {
        let trained = checkpoint?.config
        let delimiterText = delimiter ?? trained?.delimiter ?? ","
        return CSVOptions(
            delimiter: CSVOptions.delimiterByte(delimiterText) ?? UInt8(ascii: ","),
            hasHeader: header ?? trained?.header ?? true, maxErrors: maxErrors)
    }
}

/// Eval's and predict's warning for the columns of the file the model does not use.
func warnIgnored(_ columns: [String]) {
    if let warning = ignoredColumnsWarning(columns) { printError("warning: \(warning)") }
}
