import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

@main
struct TinyNetCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tinynet",
        abstract: "A small, fast neural-network trainer for CSV files.",
        version: "tinynet 0.1.0 (checkpoint layout \(Checkpoint.layoutVersion))",
        subcommands: [Train.self, Eval.self, Predict.self, Inspect.self, Gradcheck.self, Scale.self, Bench.self, Export.self, PlotCommand.self, MakeData.self, DataCommand.self])

    /// Like ParsableCommand.main, but a usage error exits with status 2 (as
    /// documented) instead of swift-argument-parser's 64.
    static func main() {
        Interrupts.install()
        BLASThreads.enablePolicy()  // every core (or OPENBLAS_NUM_THREADS) for networks with a large product, one for small ones
        do {
            var command = try parseAsRoot()
            if command is RunsProducts { try reserveBLASBuffers() }
            try command.run()
            try checkStandardOutputWritten()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(usageErrorMessage(fullMessage(for: error)))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// swift-argument-parser's message for a usage error, worded like tinynet's own errors: "error: …" in
/// lower case (it writes "Error: …"), and a pointer to the help only when it gives none of its own
/// ("See 'tinynet train --help' for more information.").
func usageErrorMessage(_ message: String) -> String {
    var text = message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message
    text = withForeignFlagHint(text)
    if !text.contains("--help' for more information") { text += "\nRun 'tinynet help' for usage." }
    return text
}

/// An unknown option that another library names so (`--learning-rate`) says tinynet's flag instead of
/// swift-argument-parser's nearest guess; a config or data file given without its flag says the flag.
func withForeignFlagHint(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard var first = lines.first else { return text }
    if let range = first.range(of: "Unknown option '"), let end = first[range.upperBound...].firstIndex(of: "'") {
        let flag = String(first[range.upperBound..<end])
        guard let hint = ForeignNames.flagHint(flag) else { return text }
        first = String(first[..<first.index(after: end)]) + hint  // drops ". Did you mean '--header'?"
    } else if let range = first.range(of: "Unexpected argument '"), let end = first[range.upperBound...].lastIndex(of: "'") {
        let argument = String(first[range.upperBound..<end])
        if argument.hasSuffix(".toml") {
            first += " (a config file is given with --config \(shellQuoted(argument)))"
        } else if argument.hasSuffix(".csv") || argument.hasSuffix(".csv.gz") {
            first += " (a data file is given with --data \(shellQuoted(argument)))"
        } else {
            return text
        }
    } else {
        return text
    }
    lines[0] = first
    return lines.joined(separator: "\n")
}
