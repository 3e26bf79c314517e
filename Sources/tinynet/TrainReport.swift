import Foundation
import TinyNet
import TinyNetIO

extension Train {
    /// The `train --json` object: epochs, the final train loss, time, the checkpoint, the validation scores
    /// (null without validation rows), and what stopped the run.
    func trainJSON(_ o: TrainingOutcome) -> [String: Any] {
        var d: [String: Any] = [
            "epochs": o.epochs.last?.epoch ?? 0, "train_loss": o.finalTrainLoss, "train_seconds": o.trainSeconds,
            "samples_per_second": o.samplesPerSecond,
        ]
        d["checkpoint"] = o.checkpointPath ?? NSNull()
        if overfitBatch != nil {
            d["overfit_passed"] = o.overfitVerdict == .learned
            d["overfit_initial_loss"] = o.initialLoss ?? .nan
        }
        if o.stoppedEarly { d["stopped_early"] = true }
        if let best = o.bestEpoch, best > 0 { d["best_epoch"] = best }
        if o.interrupted { d["interrupted"] = true }
        // The validation keys are always there (null without validation rows), so a reader need not guess.
        let metric = o.task == .classification ? o.validation?.accuracy : o.validation?.r2
        d["val_loss"] = o.validation.map { $0.loss as Any } ?? NSNull()
        d[o.task == .classification ? "val_accuracy" : "val_r2"] = metric.map { $0 as Any } ?? NSNull()
        return d
    }

    /// The readable summary: what was trained, in what time, the final train loss, the validation scores of
    /// the kept model, an early stop, and the checkpoint.
    func summary(_ o: TrainingOutcome) -> String {
        // "trained 10 epochs", or after a resume "trained epochs 3–4 (4 in total)".
        let first = o.epochs.first?.epoch ?? 0, last = o.epochs.last?.epoch ?? 0
        let trained = first > 1 ? (first == last ? "epoch \(last)" : "epochs \(first)–\(last)") + " (\(last) in total)"
                                : counted(o.epochs.count, "epoch")
        // An interrupt in the first epoch of a run leaves no epoch and so no epoch's loss to report.
        let loss = o.epochs.isEmpty ? "no epoch completed" : "final train loss " + lossText(o.finalTrainLoss)
        var lines = [String(format: "trained %@ on %@ in %.2fs (%.0f samples/s); %@",
                            trained, counted(o.trainRows, "row"), o.trainSeconds, o.samplesPerSecond, loss)]
        if let v = o.validation {
            let metric = o.task == .classification
                ? String(format: "accuracy %.4f", v.accuracy ?? 0) : "R² " + decimalsOrScientific(v.r2 ?? 0, digits: 4)
            // With --save-best / --early-stopping the checkpoint at --out is the best epoch's: so are these scores.
            var which = ""
            if let best = o.bestEpoch, best > 0 {
                which = best == o.validationEpoch ? " of epoch \(best), the best, kept at \(o.checkpointPath ?? "--out")"
                    : " of the last epoch (the best, epoch \(best), is from before this run)"
            }
            lines.append(String(format: "validation (%@)%@: loss %@, %@", counted(o.validationRows, "row"), which, lossText(v.loss), metric))
        }
        if o.stoppedEarly, let last = o.epochs.last?.epoch {
            lines.append("stopped early after epoch \(last): the validation loss had not improved for \(counted(checkpoints.earlyStopping ?? 0, "epoch"))")
        }
        // A streamed run keeps whole epochs only: stopped in its first, it may have stepped and still wrote nothing.
        let unwritten = overfitBatch != nil ? "(--overfit-batch)" : read.stream ? "(stopped in the first epoch)" : "(stopped before the first step)"
        lines.append(o.checkpointPath.map { "checkpoint: \($0)" } ?? "no checkpoint written " + unwritten)
        return lines.joined(separator: "\n")
    }
}

/// One line per epoch: train loss and accuracy, validation loss and metric, lr, time.
func epochLine(_ s: EpochSummary) -> String {
    var parts = ["epoch \(s.epoch)/\(s.epochs)  loss " + lossText(s.trainLoss)]
    if let a = s.trainAccuracy { parts.append(String(format: "acc %.4f", a)) }
    if let v = s.validation {
        parts.append("val_loss " + lossText(v.loss))
        if let a = v.accuracy { parts.append(String(format: "val_acc %.4f", a)) }
        if let r2 = v.r2 { parts.append("val_r2 " + decimalsOrScientific(r2, digits: 4)) }  // R² has no lower bound
    }
    parts.append(String(format: "lr %.4g  %.2fs", s.learningRate, s.seconds))
    return parts.joined(separator: "  ")
}

/// The line before training: the model's shape and layers, its parameters, and the rows it sees.
func startedLine(layers: [LayerSpec], inputs: Int, parameters: Int, trainRows: Int, validationRows: Int) -> String {
    let shape = ([inputs] + layers.compactMap { if case .linear(let n?) = $0 { n } else { nil } }).map(String.init)
    return "model \(shape.joined(separator: "-")) [\(layers.map(\.description).joined(separator: ", "))], "
        + "\(parameters) parameters; \(counted(trainRows, "training row"))" + (validationRows > 0 ? ", \(counted(validationRows, "validation row"))" : "")
}

/// The loss before the first step, with its expected value when there is one.
func initialLossLine(_ value: Double, expected: Double?) -> String {
    guard let expected else { return "initial loss " + lossText(value) }
    return "initial loss \(lossText(value)) (expected \(lossText(expected)) at initialization)"
}

/// The `--grad-stats` block of an epoch.
func statisticsLines(_ s: EpochStatistics) -> String {
    var lines = s.parameters.map { p in
        "    " + rightPad(p.name, 12) + String(format: "‖W‖ %-10.4g ‖dW‖ %-10.4g ‖ΔW‖/‖W‖ %.3g", p.norm, p.gradientNorm, p.updateRatio)
    }
    lines += s.activations.map { a in "    " + rightPad(a.name, 12) + String(format: "%.1f%% %@", 100 * a.fraction, a.kind.rawValue) }
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
