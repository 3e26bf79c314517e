#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TinyNetIO

// State the signal handler reads: plain words and C strings set up before they are needed, since a
// handler may only make async-signal-safe calls (write, unlink, _exit).

/// The signal that asked training to stop, or 0.
private var pendingSignal: sig_atomic_t = 0
/// 1 once training has begun: a first signal then stops it gracefully instead of exiting.
private var training: sig_atomic_t = 0
/// What to print when a signal exits at once (nil: nothing, as a shell's default would).
private var exitMessage: UnsafeMutablePointer<CChar>?

private let handledSignals = [SIGINT, SIGTERM, SIGHUP]

/// SIGINT, SIGTERM and SIGHUP. Until training begins (and in every other command) a signal exits at once
/// with 128 + its number, removing the temporary file being written, if any, so that nothing is left
/// half-written or behind. During training the first signal lets the current batch finish and the run
/// write a resumable checkpoint; a second exits at once without writing.
enum Interrupts {
    /// At start-up, for every command. A signal the parent ignores (a background job's SIGINT) stays ignored.
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            if training == 0 || pendingSignal != 0 {
                removeTemporaryFileInProgress()
                if let exitMessage { _ = write(STDERR_FILENO, exitMessage, strlen(exitMessage)) }
                _exit(128 + signal)
            }
            pendingSignal = sig_atomic_t(signal)
        }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in handledSignals {
            var old = sigaction()
            sigaction(sig, nil, &old)
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            // No SA_RESTART: a blocking call (opening a FIFO nobody reads) returns EINTR instead of
            // waiting on, so that a stop request during training is not stuck behind it.
            action.sa_flags = 0
            sigaction(sig, &action, nil)
            sigaddset(&unblock, sig)
        }
        // A parent may have started us with these signals blocked; take them.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// train, before it reads anything: what an exit before the first step says.
    static func exitingSays(_ message: String) {
        let old = exitMessage
        exitMessage = strdup(message + "\n")
        free(old)
    }

    /// train, once the model exists: from now on the first signal stops training gracefully.
    static func beginTraining(secondSignalSays message: String) {
        exitingSays(message)
        training = 1
    }

    static var requested: Bool { pendingSignal != 0 }

    /// 128 + the signal: 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP.
    static var exitStatus: Int32 { 128 + Int32(pendingSignal) }
}
