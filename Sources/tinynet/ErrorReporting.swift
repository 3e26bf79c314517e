import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

/// Writes a line to standard error.
func printError(_ message: String) {
    writeToStandardError(message + "\n")
}

/// Writes text to standard error with write(2). A failure (a full disk, a closed descriptor or pipe) is
/// ignored: there is nowhere left to report it, and it must not stop the work. So the SIGPIPE a closed
/// pipe raises (which would end the process) is blocked during the write and taken back if it came.
func writeToStandardError(_ text: String) {
    var pipeSignal = sigset_t(), previousMask = sigset_t(), pendingBefore = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
    sigpending(&pendingBefore)
    let (_, failure) = writeFully(STDERR_FILENO, Array(text.utf8))
    if failure == EPIPE && sigismember(&pendingBefore, SIGPIPE) == 0 {
        var pending = sigset_t(), taken: Int32 = 0
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 { sigwait(&pipeSignal, &taken) }  // pending: returns at once
    }
    pthread_sigmask(SIG_SETMASK, &previousMask, nil)
}

/// Flushes standard output and fails (exit 1) if anything written there was lost: a full disk or a
/// closed pipe must not pass for success with the output cut short.
func checkStandardOutputWritten() throws {
    let flushed = fflush(stdout) == 0
    guard flushed && ferror(stdout) == 0 else {
        // The reason is known when the flush failed; an earlier failed print left only the error flag.
        printError("error: \(StandardOutputError(code: flushed ? nil : errno))")
        throw ExitCode(1)
    }
}

/// A write to standard output failed. (When stdout is a closed pipe, SIGPIPE ends the process first,
/// as for any command-line tool, unless the parent ignores that signal.)
struct StandardOutputError: Error, CustomStringConvertible {
    var code: Int32?
    var description: String {
        "cannot write to standard output" + (code.map { " (\(String(cString: strerror($0))))" } ?? "")
    }
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
    } catch let error as DataError {
        for line in error.lines { printError("error: \(line)") }  // each problem its own error line
        throw ExitCode(1)
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

