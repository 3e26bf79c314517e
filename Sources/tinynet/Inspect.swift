import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Architecture, metadata and parameter statistics of a checkpoint.")

    @OptionGroup var checkpoint: CheckpointArgument
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try reportingErrors {
            let report = try CheckpointReport(path: checkpoint.path)
            json ? printJSON(report.json) : print(report.text)
        }
    }
}
