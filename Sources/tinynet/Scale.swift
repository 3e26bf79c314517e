import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Scale: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How scaling the inputs by k scales the weight gradients (dW = dYᵀ·X), and what it does to training.",
        discussion: "Measures on one fixed batch of --batch-size rows (64 unless given, not train's 32 shown below; a config file's batch_size stays the mini-batch of --train-epochs), in Float64. --train-epochs N trains N epochs at every scale at a constant rate; --epochs, --lr-schedule, --out and --dtype are refused, and the optimizer flags without --train-epochs. The other defaults shown are train's too.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var optimizer: OptimizerOptions
    // Parsed only to be refused (they are train's), so hidden from the help.
    @OptionGroup(visibility: .hidden) var runOptions: TrainingRunOptions
    @Option(parsing: .unconditional, help: "Comma-separated input scales; ratios are relative to scale 1.") var scales = "1,10,100,1000"
    @Option(parsing: .unconditional, help: "Also train N epochs at each scale and report the final loss.") var trainEpochs: Int?
    @Flag(help: "With --train-epochs: also train with the learning rate divided by the scale.") var compensate = false
    @Option(help: "Write a log-log plot of gradient norm against scale (SVG).") var plot: String?
    @Flag(help: "Print one JSON object.") var json = false

    /// The entries of --scales, empty ones included ("1,,2" has three).
    var scaleEntries: [String] { scales.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
    var parsedScales: [Double] { scaleEntries.compactMap { Double($0) } }

    func validate() throws {
        if scaleEntries.contains("") {
            throw ValidationError("--scales \"\(scales)\" has an empty entry; give positive numbers separated by commas, e.g. 1,10,100,1000")
        }
        let values = parsedScales
        guard values.count == scaleEntries.count, values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ValidationError("--scales must be positive numbers separated by commas, e.g. 1,10,100,1000")
        }
        if let trainEpochs, trainEpochs < 1 { throw ValidationError("--train-epochs must be at least 1") }
        if compensate && trainEpochs == nil { throw ValidationError("--compensate changes the training of --train-epochs N; pass both") }
        try refuseFlags(of: [runOptions],
                        because: "scale measures in Float64, trains (with --train-epochs N) N epochs at a constant rate, and writes no checkpoint")
        if trainEpochs == nil {
            try refuseFlags([.lr, .momentum, .nesterov, .weightDecay], of: [optimizer], because: "scale trains only with --train-epochs N")
        }
    }

    func run() throws {
        try reportingErrors {
            var config = try options.resolve(more: [optimizer])  // --batch-size checked as train checks it
            // --batch-size sizes the fixed batch here (64 unless given); a config file's
            // batch_size (or train's default) stays the mini-batch of the --train-epochs runs.
            config.batchSize = try options.resolve().batchSize
            if let plot {
                try checkOutputsSpareInputs(outputs: [("--plot", plot)], inputs: givenFiles([("--data", config.data), ("--config", options.config)]))
                try checkWritableFilePath(plot)  // before the measurements, not after them
            }
            var run = ScaleRun(config: config)
            run.scales = parsedScales
            run.batchSize = optimizer.batchSize ?? 64
            run.trainEpochs = trainEpochs
            run.compensate = compensate
            let report = try run.run()
            if let asked = optimizer.batchSize, report.batchRows < asked {
                printError("warning: --batch-size \(asked): the training data has \(counted(report.batchRows, "row")), all of them measured")
            }
            if let plot { try TrainingCharts.write(TrainingCharts.gradientScaling(report), to: plot) }
            json ? printJSON(scaleJSON(report)) : print(ScaleTable(report: report).text)
            // A scale so large that Float64 overflows measures nothing: said, and exit 1 (as a failed check).
            let overflowed = report.overflowedScales
            if !overflowed.isEmpty {
                // As typed: the entries whose value overflowed.
                let typed = scaleEntries.filter { Double($0).map(overflowed.contains) == true }
                printError("error: at --scales \(typed.joined(separator: ", ")) the gradients are not finite: "
                    + "the scaled inputs or the network's outputs overflow Float64; use smaller scales")
                throw ExitCode(1)
            }
        }
    }

    func scaleJSON(_ r: ScaleReport) -> [String: Any] {
        var d: [String: Any] = ["scales": r.measurements.map { m in
            ["scale": m.scale, "local_ratio": m.localRatio.map { $0 as Any } ?? NSNull(),
             "layers": m.layers.map { ["name": $0.name, "grad_norm": $0.gradientNorm, "ratio": $0.ratio.map { $0 as Any } ?? NSNull()] as [String: Any] }] as [String: Any]
        }, "local_ratio_is_scale": r.localRatioIsScale]
        if !r.training.isEmpty {
            d["training"] = r.training.map { t -> [String: Any] in
                var e: [String: Any] = ["scale": t.scale, "initial_loss": t.initialLoss, "lr": t.learningRate, "final_loss": t.finalLoss.isFinite ? t.finalLoss : NSNull()]
                if let c = t.compensatedLearningRate { e["compensated_lr"] = c }
                if let l = t.compensatedLoss { e["compensated_loss"] = l.isFinite ? l : NSNull() }
                return e
            }
        }
        return d
    }
}
