import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

/// `tinynet plot LOG.csv --out FILE.svg`: the training curves of a metrics log (`train --log`).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw the loss and accuracy (or R²) curves of a metrics log (train --log) as SVG.")

    @Argument(help: "A metrics log written by train --log (- for stdin).") var log: String
    @Option(help: "The SVG file to write.") var out: String
    @Option(help: "Chart title (default: tinynet: the log's file name).") var title: String?

    func run() throws {
        try reportingErrors {
            try checkOutputsSpareInputs(outputs: [("--out", out)], inputs: [("LOG", log)])
            try checkWritableFilePath(out)  // a directory or a missing one is named, not the temporary file
            let history = try MetricsHistory.read(logPath: log)
            let name = log == "-" ? "standard input" : URL(fileURLWithPath: log).lastPathComponent
            try TrainingCharts.write(TrainingCharts.curves(title: title ?? "tinynet: \(name)", history: history), to: out)
        }
    }
}

/// The most classes `eval --plot` draws: 100² cells of at least 14 px already make a 1400 px square.
let maxPlottedClasses = 100

/// Refuses `eval --plot` before the evaluation when the model has too many classes to draw.
func checkConfusionPlotFits(_ checkpoint: Checkpoint, modelPath: String) throws {
    guard checkpoint.task == .classification, checkpoint.classes.count > maxPlottedClasses else { return }
    throw ValidationError("--plot draws a confusion matrix of up to \(maxPlottedClasses) classes; \(modelPath) has "
        + "\(checkpoint.classes.count) (eval --json gives the matrix up to \(Evaluation.maxConfusionClasses) classes)")
}

/// `eval --plot FILE.svg`: the confusion matrix of a classification report as a heat map.
func writeConfusionPlot(_ report: EvaluationReport, dataPath: String, modelPath: String, to path: String) throws {
    guard report.task == .classification, let confusion = report.evaluation.confusion else {
        throw ValidationError("--plot draws a confusion matrix, which needs a classification model; \(modelPath) is a regression model")
    }
    let title = "Confusion matrix: \(URL(fileURLWithPath: modelPath).lastPathComponent) on \(URL(fileURLWithPath: dataPath).lastPathComponent)"
    try TrainingCharts.write(TrainingCharts.confusionMatrix(title: title, classes: report.classes, confusion: confusion), to: path)
}
