import ArgumentParser
import Foundation
import TinyNetIO

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Predictions of a checkpoint as CSV.")

    @Option(help: "The checkpoint (.safetensors).") var model: String
    @Option(help: "CSV or CSV.gz (- for stdin), with or without the label column.") var data: String
    @Option(help: "Write the predictions here (default, or -: stdout).") var out: String?
    @OptionGroup var csv: CSVFlags

    func run() throws {
        try reportingErrors {
            let out = out == "-" ? nil : out
            if let out {
                try checkOutputsSpareInputs(outputs: [("--out", out)], inputs: [("--model", model), ("--data", data)])
                try checkWritableFilePath(out)  // before the predictions, not after them
            }
            var runner = try ModelRun(checkpointPath: model)
            runner.csvOptions = csv.options(trainedWith: runner.checkpoint)
            // Rows are written as they are predicted; a file appears at --out only when all are done. Written to a
            // file, the reading shows on a terminal (to stdout, the predictions do).
            let ignored = try out.map { path in
                try showingReadingProgress { observer in
                    runner.csvOptions.onProgress = observer
                    var ignored: [String] = []
                    try writeTextFileAtomically(path) { write in ignored = try runner.predict(dataPath: data, write: write) }
                    return ignored
                }
            } ?? runner.predict(dataPath: data) { text in
                // Stop at the first lost write (a closed pipe, a full disk) instead of predicting on.
                guard fputs(text, stdout) >= 0 else { throw StandardOutputError(code: errno) }
            }
            warnIgnored(ignored)
        }
    }
}
