import Foundation
import TinyNet
import TinyNetIO

/// Progress lines of `train` on stderr.
func report(_ event: TrainingEvent) {
    switch event {
    case .started(let layers, let inputs, let parameters, let trainRows, let validationRows):
        let shape = ([inputs] + layers.compactMap { if case .linear(let n?) = $0 { n } else { nil } }).map(String.init)
        printError("model \(shape.joined(separator: "-")) [\(layers.map(\.description).joined(separator: ", "))], "
                   + "\(parameters) parameters; \(counted(trainRows, "training row"))" + (validationRows > 0 ? ", \(counted(validationRows, "validation row"))" : ""))
    case .warning(let message):
        printError("warning: \(message)")
    case .initialLoss(let value, let expected):
        guard let expected else { printError(String(format: "initial loss %.4f", value)); return }
        printError(String(format: "initial loss %.4f (expected %.4f at initialization)", value, expected))
    case .epoch(let summary):
        printError(epochLine(summary))
        if let stats = summary.statistics { printError(statisticsLines(stats)) }
    case .batch:
        break
    }
}

/// The `--grad-stats` block of an epoch.
func statisticsLines(_ s: EpochStatistics) -> String {
    var lines = s.parameters.map { p in
        "    " + rightPad(p.name, 12) + String(format: "‖W‖ %-10.4g ‖dW‖ %-10.4g ‖ΔW‖/‖W‖ %.3g", p.norm, p.gradientNorm, p.updateRatio)
    }
    lines += s.activations.map { a in "    " + rightPad(a.name, 12) + String(format: "%.1f%% %@", 100 * a.fraction, a.kind) }
    return lines.joined(separator: "\n")
}

/// `--overfit-batch`: the loss on the few rows must come down to near zero if the model and its backward
/// pass can learn; a loss already there before the first step shows nothing.
func overfitVerdict(_ o: TrainingOutcome) -> String {
    let bar = TrainingOutcome.overfitLossThreshold
    let verdict: String
    switch o.overfitVerdict {
    case .learned: verdict = "reached near zero: the model and its backward pass can learn"
    case .notLearned: verdict = "did not reach near zero (< \(bar)): train longer, raise the learning rate, or check the model"
    case .provedNothing:
        verdict = String(format: "proved nothing: the loss was already below %g before training (%.6f), so reaching it shows nothing learned; "
                         + "check on rows the initial model does not fit (more rows, with targets or classes that differ)", bar, o.initialLoss ?? .nan)
    }
    return String(format: "overfit check on %@: final loss %.6f — %@", counted(o.trainRows, "row"), o.finalTrainLoss, verdict)
}
