#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TinyNetIO

/// What the signal handler reads and writes. A handler may only make async-signal-safe calls (write,
/// unlink, _exit) and must not touch a Swift global variable (a debug build checks exclusive access to
/// those, and would trap when a signal lands during a read): so the state lives in memory allocated once,
/// at start-up, and reached through constants.
private enum SignalState {
    /// [0]: the signal that asked training to stop, or 0; [1]: 1 once training has begun (a first signal
    /// then stops it gracefully instead of exiting).
    static let words: UnsafeMutablePointer<sig_atomic_t> = {
        let words = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 2)
        words.initialize(repeating: 0, count: 2)
        return words
    }()
    /// What to print when a signal exits at once (nil: nothing, as a shell's default would). A message
    /// replaced is not freed: a handler on another thread may still be writing it.
    static let exitMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        return slot
    }()
}

/// SIGINT, SIGTERM and SIGHUP. Until training begins (and in every other command) a signal exits at once
/// with 128 + its number, removing the temporary file being written, if any, so that nothing is left
/// half-written or behind. During training the first signal lets the current batch finish and the run
/// write a resumable checkpoint; a second exits at once without writing.
enum Interrupts {
    private static let handled = [SIGINT, SIGTERM, SIGHUP]

    /// At start-up, for every command. A signal the parent ignores (a background job's SIGINT) stays ignored.
    static func install() {
        _ = (SignalState.words, SignalState.exitMessage)  // allocated now, not first in a handler
        removeTemporaryFileInProgress()  // likewise for the temporary-file registry (none yet: a no-op)
        _ = reportOpenWaitingForReader()  // and the FIFO-open slot (none yet: a no-op)
        let handler: @convention(c) (Int32) -> Void = { signal in
            let words = SignalState.words
            // An open waiting for a FIFO's reader would resume after the handler (SA_RESTART) and could
            // wait forever: then even a first signal exits, saying so.
            let waitingForReader = reportOpenWaitingForReader()
            if words[1] == 0 || words[0] != 0 || waitingForReader {
                removeTemporaryFileInProgress()
                if !waitingForReader, let message = SignalState.exitMessage.pointee { _ = write(STDERR_FILENO, message, strlen(message)) }
                _exit(128 + signal)
            }
            words[0] = sig_atomic_t(signal)
        }
        var all = sigset_t()
        sigemptyset(&all)
        for sig in handled { sigaddset(&all, sig) }
        for sig in handled where !isIgnored(sig) {
            var action = sigaction()
            setHandler(&action, handler)
            action.sa_mask = all  // one handler at a time: a second signal waits for the first's to return
            sigaddset(&action.sa_mask, SIGPIPE)  // and its message to a closed stderr pipe does not end it with 141
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
        // A parent may have started us with these signals blocked; take them.
        pthread_sigmask(SIG_UNBLOCK, &all, nil)
    }

    /// What a signal that exits at once says: train sets it before it reads anything, when training begins, and
    /// once an interrupted run's state is written (the pointer is stored after its bytes are).
    static func exitingSays(_ message: String) {
        SignalState.exitMessage.pointee = strdup(message + "\n")
    }

    /// train, once the model exists: from now on the first signal stops training gracefully.
    static func beginTraining(secondSignalSays message: String) {
        SignalState.words[1] = 1
        exitingSays(message)
    }

    static var requested: Bool { SignalState.words[0] != 0 }

    /// 128 + the signal: 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP.
    static var exitStatus: Int32 { 128 + Int32(SignalState.words[0]) }

    private static func isIgnored(_ sig: Int32) -> Bool {
        var old = sigaction()
        sigaction(sig, nil, &old)
        #if os(Linux)
        let current = old.__sigaction_handler.sa_handler
        #else
        let current = old.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(current, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func setHandler(_ action: inout sigaction, _ handler: @convention(c) (Int32) -> Void) {
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
    }
}
