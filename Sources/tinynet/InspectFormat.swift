import Foundation
import TinyNet
import TinyNetIO

extension CheckpointReport {
    var json: [String: Any] {
        let c = checkpoint
        var d: [String: Any] = [
            "path": path, "layers": c.layers.map(\.description), "task": c.task.rawValue, "loss": c.loss.rawValue,
            "label": c.labelColumn, "features": c.featureNames, "classes": c.classes, "dtype": c.dtype.rawValue,
            "epochs_done": c.epochsDone, "batches_done": c.batchesDone, "seed": c.seed, "input_scale": c.inputScale,
            "standardize": c.config.standardize, "parameter_count": parameterCount,
            "parameters": tensors.map { t in
                ["name": t.name, "shape": t.shape, "dtype": t.dtype, "mean": t.mean, "std": t.std,
                 "min": t.min, "max": t.max, "norm": t.norm] as [String: Any]
            },
            "metadata": c.metadata,
        ]
        if let mean = c.targetMean, let std = c.targetStd { (d["target_mean"], d["target_std"]) = (mean, std) }
        return d
    }

    /// How eval and predict turn a row's values into the network's inputs: standardized or not, then scaled.
    private var inputPreprocessing: String {
        let c = checkpoint
        return (c.config.standardize ? ", standardized with the training rows' mean and std" : ", not standardized (standardize = false)")
            + (c.inputScale != 1 ? ", input scale \(c.inputScale)" : "")
    }

    /// Regression with a standardized target: the statistics that eval and predict undo.
    private var targetScaling: String {
        guard let mean = checkpoint.targetMean, let std = checkpoint.targetStd else { return "" }
        return String(format: " — standardized (mean %.10g, std %.10g), undone by eval and predict", mean, std)
    }

    /// The feature columns by name, the first 8 and how many in all beyond that.
    private var featureList: String {
        let names = checkpoint.featureNames
        return names.prefix(8).map { $0.isEmpty ? "\"\"" : tableCell($0) }.joined(separator: ", ")
            + (names.count > 8 ? ", … (\(names.count) in all)" : "")
    }

    /// Where the stored config trained and validated, and with which SGD settings (its `config` metadata).
    private var trainingLines: [String] {
        let k = checkpoint.config
        let validation = k.valData.map { ", validated on \(tableCell($0))" }
            ?? k.valSplit.map { String(format: ", validated on a %g%% split", 100 * $0) } ?? ""
        let streamed = checkpoint.shuffleBuffer.map { ", streamed (--stream) with a shuffle buffer of \(counted($0, "row"))" } ?? ""
        let data = k.data.map { "trained on  \(tableCell($0))\(validation)\(streamed)" }
        let sgd = "optimizer   SGD, lr \(String(format: "%g", k.lr)), momentum \(String(format: "%g", k.momentum))" + (k.nesterov ? " (Nesterov)" : "")
            + ", weight_decay \(String(format: "%g", k.weightDecay)), batch_size \(k.batchSize), lr_schedule \(k.lrSchedule)"
            + (k.classWeight == .balanced ? ", class_weight balanced" : "") + (k.initialization == .torch ? ", init torch" : "")
        // --save-best / --early-stopping: the best epoch so far, which a resumed run must beat.
        let best = checkpoint.best.map { b in
            "best        epoch \(b.epoch), validation loss \(String(format: "%.6g", b.loss))"
                + (b.epochsWithoutImprovement > 0 ? ", \(counted(b.epochsWithoutImprovement, "epoch")) without improvement since" : "")
        }
        return [data, sgd, best].compactMap { $0 }
    }

    var text: String {
        let c = checkpoint
        var lines = ["checkpoint  \(path)",
                     "task        \(c.task.rawValue) (\(c.loss.rawValue)), \(c.dtype.rawValue), \(counted(c.epochsDone, "epoch"))"
                         + (c.batchesDone > 0 ? " and \(counted(c.batchesDone, "batch", plural: "batches")) of the next (interrupted)" : "") + ", seed \(c.seed)",
                     "inputs      \(counted(c.inputWidth, "feature"))" + inputPreprocessing,
                     "features    " + featureList,
                     "label       \(tableCell(c.labelColumn))" + (c.classes.isEmpty ? "" : " — classes: \(c.classes.map(doubleQuoted).joined(separator: ", "))")
                         + targetScaling]
            + trainingLines + ["", "architecture (\(parameterCount) parameters)"]
        // A row per module (index, spec, and for a Linear its widths and parameters), in aligned columns.
        var width = c.inputWidth
        let modules = c.layers.enumerated().map { i, spec -> [String] in
            guard case .linear(let out?) = spec else { return ["\(i)", spec.description] }
            defer { width = out }
            return ["\(i)", spec.description, "\(width)", "\(out)", counted(width * out + out, "parameter")]
        }
        let w = (0..<5).map { column in modules.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        func padded(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        for m in modules {
            let head = "  " + leftPad(m[0], max(2, w[0])) + "  "
            lines.append(m.count == 2 ? head + m[1]
                : head + padded(m[1], w[1]) + "  " + leftPad(m[2], w[2]) + " → " + padded(m[3], w[3]) + "   " + leftPad(m[4], w[4]))
        }
        // Columns as wide as their longest entry, the numbers right-aligned under their headers.
        let shapes = tensors.map { $0.shape.map(String.init).joined(separator: "×") }
        let nameWidth = max(15, (tensors.map(\.name.count).max() ?? 0) + 2)
        let shapeWidth = max(10, (shapes.map(\.count).max() ?? 0) + 2)
        let numbers = [("mean", 11), ("std", 11), ("min", 11), ("max", 11), ("norm", 11)]
        lines += ["", rightPad("parameter", nameWidth) + rightPad("shape", shapeWidth) + numbers.map { leftPad($0.0, $0.1) }.joined(separator: " ")]
        for (t, shape) in zip(tensors, shapes) {
            lines.append(rightPad(t.name, nameWidth) + rightPad(shape, shapeWidth)
                         + String(format: "%11.4g %11.4g %11.4g %11.4g %11.4g", t.mean, t.std, t.min, t.max, t.norm))
        }
        return lines.joined(separator: "\n")
    }
}
