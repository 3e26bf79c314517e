import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The file arguments that were given, for `checkOutputsSpareInputs`.
func givenFiles(_ files: [(flag: String, path: String?)]) -> [FileArgument] {
    files.compactMap { file in file.path.map { (file.flag, $0) } }
}

/// Runs a subcommand's work and turns its errors into messages and exit
/// codes: 2 for usage and config errors, 1 for runtime failures (bad data,
/// unreadable checkpoints, divergence).
func reportingErrors<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as ConfigError {
        printError("error: \(error)")
        throw ExitCode(2)
    } catch let error as ValidationError {
        printError("error: \(error.message)")
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

/// `path` as a shell word: single-quoted when it holds anything beyond letters, digits and `/._-`.
func shellQuoted(_ path: String) -> String {
    let plain = path.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+".unicodeScalars.contains($0)) }
    return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
