import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Metrics of a checkpoint on labelled data.")

    @Option(help: "The checkpoint (.safetensors).") var model: String
    @Option(help: "Labelled CSV or CSV.gz (- for stdin); columns are matched by header name.") var data: String
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
            if plot != nil { try checkConfusionPlotFits(runner.checkpoint, modelPath: model) }
            runner.csvOptions = csv.options(trainedWith: runner.checkpoint)
            let report = try showingReadingProgress { observer in
                runner.csvOptions.onProgress = observer
                return try runner.evaluate(dataPath: data, label: label)
            }
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
            d["confusion"] = e.confusion.map { $0 as Any } ?? NSNull()  // null beyond Evaluation.maxConfusionClasses
            d["classes"] = r.classes
            d["per_class"] = (e.classCounts?.metrics ?? []).enumerated().map { i, m in
                ["class": r.classes[i], "precision": m.precision, "recall": m.recall, "f1": m.f1, "support": m.support] as [String: Any]
            }
        } else {
            (d["mse"], d["mae"], d["r2"]) = (e.mse, e.mae, e.r2)
        }
        return d
    }
}

/// Eval's and predict's warning for the columns of the file the model does not use.
func warnIgnored(_ columns: [String]) {
    if let warning = ignoredColumnsWarning(columns) { printError("warning: \(warning)") }
}
