import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Gradcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analytic against central-difference gradients of every parameter, in Float64.",
        discussion: "Reads the data and builds the model as train does; it trains nothing, so train's training flags (--epochs, --batch-size, --lr, --momentum, --nesterov, --weight-decay, --lr-schedule, --out, --dtype) are refused, and the same keys in a config file ignored. The defaults shown are train's.")

    @OptionGroup var options: ConfigOptions
    // Parsed only to be refused (they are train's), so hidden from the help.
    @OptionGroup(visibility: .hidden) var optimizer: OptimizerOptions
    @OptionGroup(visibility: .hidden) var runOptions: TrainingRunOptions
    @Option(parsing: .unconditional, help: "Rows of the training data to check on.") var samples = 8
    @Option(parsing: .unconditional, help: "Central-difference step h.") var step = 1e-5
    @Option(parsing: .unconditional, help: "Pass when every relative error is below this.") var tolerance = 1e-6
    @Option(parsing: .unconditional, help: "Check at most N seeded random coordinates of each tensor (default: all).") var coordinates: Int?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard step > 0, step.isFinite, tolerance > 0, tolerance.isFinite else {
            throw ValidationError("--step and --tolerance must be positive finite numbers")
        }
        // ‖a−n‖ ≤ ‖a‖+‖n‖: a relative error is at most 1 (but below 1e-12), so a tolerance of 1 passes any gradient.
        guard tolerance < 1 else { throw ValidationError("--tolerance \(tolerance): a relative error is at most 1, so a tolerance of 1 or more passes any gradient, a wrong one too; use a value below 1") }
        guard (coordinates ?? 1) >= 1 else { throw ValidationError("--coordinates must be at least 1") }
        try refuseFlags(of: [runOptions, optimizer],
                        because: "gradcheck compares the gradients of the initial weights on --samples rows, in Float64, and trains nothing")
    }

    func run() throws {
        try reportingErrors {
            let config = try options.resolve()
            var run = GradientCheckRun(config: config)
            run.samples = samples
            run.step = step
            run.coordinates = coordinates
            run.tolerance = tolerance
            let live = ProgressDisplay.Mode.detect(quiet: false) == .terminal
            var meter = CheckProgressMeter(live: live, sampling: coordinates != nil, columns: terminalColumns())
            if live { Interrupts.exitingSays("\ninterrupted; nothing checked") }  // off the live line
            run.onProgress = { progress in
                meter.update(progress, now: DispatchTime.now().uptimeNanoseconds).map(writeToStandardError)
            }
            let report = try run.run()
            writeToStandardError(meter.clear())
            if let rows = report.rows, rows < samples {
                printError("warning: --samples \(samples): the training data has \(counted(rows, "row")), all of them checked")
            }
            let shrinking = (config.task == .regression && !config.standardizeTarget ? ["--standardize-target"] : [])
                + (config.standardize ? [] : ["--standardize"])
            json ? printJSON(gradcheckJSON(report)) : print(GradcheckTable(report: report, shrinkingFlags: shrinking).text)
            if !report.passed { throw ExitCode(1) }
        }
    }
}
