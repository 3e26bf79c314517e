import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

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
