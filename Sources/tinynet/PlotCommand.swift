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
