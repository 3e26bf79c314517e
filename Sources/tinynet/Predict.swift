import ArgumentParser
import Foundation
import TinyNetIO

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Predictions of a checkpoint as CSV.")

    @Option(help: "The checkpoint (.safetensors).") var model: String
    @Option(help: "CSV or CSV.gz, with or without the label column.") var data: String
    @Option(help: "Write the predictions here (default: stdout).") var out: String?
    @OptionGroup var csv: CSVFlags

    func run() throws {
        try reportingErrors {
            var runner = try ModelRun(checkpointPath: model)
            runner.csvOptions = csv.options
            let predictions = try runner.predict(dataPath: data)
            warnIgnored(predictions.ignoredColumns)
            if let out {
                do { try predictions.csv.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                    throw CheckpointError(file: out, message: "cannot write predictions (\(error.localizedDescription))")
                }
            } else {
                print(predictions.csv, terminator: "")
            }
        }
    }
}
