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
        // A file outgrowing `ulimit -f` fails its write (EFBIG: "File too large", the temporary file removed, a
        // log row taken back) instead of SIGXFSZ killing the process without a word, mid-write.
        signal(SIGXFSZ, SIG_IGN)
        BLASThreads.enablePolicy()  // every core (or OPENBLAS_NUM_THREADS) for networks with a large product, one for small ones
        do {
            var command = try parseAsRoot()
            if command is RunsProducts { try reserveBLASBuffers() }
            try command.run()
            try checkStandardOutputWritten()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version, printed here (as swift-argument-parser would) so that a failed write
                // exits 1, not 0: a help text lost to a full disk is no success.
                print(fullMessage(for: error))
                do { try checkStandardOutputWritten() } catch { Foundation.exit(1) }
                Foundation.exit(0)
            }
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
/// swift-argument-parser's nearest guess, when the command has that flag (`--optimizer`, which tinynet has
/// not, says what it has instead, where the command trains); a config or data file given as an
/// argument to a command that takes it with --config or --data (and was not given it) says the flag.
func withForeignFlagHint(_ text: String, arguments: [String] = CommandLine.arguments) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard var first = lines.first else { return text }
    let help = subcommandHelp(arguments)
    if let range = first.range(of: "Unknown option '"), let end = first[range.upperBound...].firstIndex(of: "'") {
        let flag = String(first[range.upperBound..<end])
        if let (ours, hint) = ForeignNames.flagHint(flag), mentions(help, flag: ours) {
            first = String(first[..<first.index(after: end)]) + hint  // drops ". Did you mean '--header'?"
        } else if let hint = ForeignNames.absentHint(flag), mentions(help, flag: "--momentum") {  // --optimizer adam, where SGD's flags are
            first = String(first[..<first.index(after: end)]) + hint
        } else {
            return text
        }
    } else if let range = first.range(of: "Unexpected argument '"), let end = first[range.upperBound...].lastIndex(of: "'") {
        let argument = String(first[range.upperBound..<end])
        if let equals = argument.firstIndex(of: "=") {  // LightGBM's `valid=val.csv`
            let (name, value) = (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
            guard let flag = (ConfigKey(rawValue: name) ?? ForeignNames.key(for: name))?.flag, mentions(help, flag: flag) else { return text }
            first += " (a setting is a flag here: \(flag) \(shellQuoted(value)))"
        } else {
            guard let flag = fileFlag(for: argument), mentions(help, flag: flag),
                  !arguments.contains(where: { $0 == flag || $0.hasPrefix(flag + "=") }) else { return text }
            first += " (\(fileKind(flag)) is given with \(flag) \(shellQuoted(argument)))"
        }
    } else if let range = first.range(of: "Missing expected argument '--"), let flagEnd = first[range.upperBound...].firstIndex(of: " ") {
        // `eval --model m.safetensors data.csv`: the file is there, without its flag.
        let flag = "--" + first[range.upperBound..<flagEnd]
        let positional = arguments.indices.dropFirst(2).filter { i in
            !arguments[i - 1].hasPrefix("-") || arguments[i - 1].contains("=")
        }.map { arguments[$0] }
        guard let file = positional.first(where: { fileFlag(for: $0) == flag }) else { return text }
        first += " (\(fileKind(flag)) is given with \(flag) \(shellQuoted(file)))"
    } else {
        return text
    }
    lines[0] = first
    return lines.joined(separator: "\n")
}

/// The flag that takes a file named like `argument`: a config, data or checkpoint file; nil for another name.
private func fileFlag(for argument: String) -> String? {
    if argument.hasSuffix(".toml") { return "--config" }
    if argument.hasSuffix(".csv") || argument.hasSuffix(".csv.gz") { return "--data" }
    return argument.hasSuffix(".safetensors") ? "--model" : nil
}

private func fileKind(_ flag: String) -> String {
    ["--config": "a config file", "--data": "a data file", "--model": "a checkpoint"][flag] ?? "a file"
}

/// The options section of the help of the subcommand that `arguments` run ("" when none), to name only flags it
/// takes (not those its description mentions).
private func subcommandHelp(_ arguments: [String]) -> String {
    guard let name = arguments.dropFirst().first,
          let command = TinyNetCLI.configuration.subcommands.first(where: { $0._commandName == name }) else { return "" }
    let help = command.helpMessage(columns: 10_000)
    return help.range(of: "\nOPTIONS:").map { String(help[$0.upperBound...]) } ?? ""
}

/// `help` lists `flag` (`--lr <lr>`, `--[no-]standardize`), not merely a longer flag that starts with it.
private func mentions(_ help: String, flag: String) -> Bool {
    let name = String(flag.dropFirst(2))
    for spelling in [flag, "--[no-]" + name] {
        var rest = help[...]
        while let range = rest.range(of: spelling) {
            let next = rest[range.upperBound...].first
            if next.map({ !($0.isLetter || $0.isNumber || $0 == "-") }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
    }
    return false
}
