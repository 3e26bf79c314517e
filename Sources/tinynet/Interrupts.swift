#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The signal that asked training to stop (SIGINT or SIGTERM), or 0.
private var pendingSignal: sig_atomic_t = 0

/// SIGINT and SIGTERM during training: the first lets the current batch
/// finish and the run write a resumable checkpoint; a second SIGINT exits at
/// once without writing.
enum Interrupts {
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            if pendingSignal != 0 && signal == SIGINT { _exit(130) }
            pendingSignal = sig_atomic_t(signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked; take them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var requested: Bool { pendingSignal != 0 }

    /// 130 after SIGINT, 143 after SIGTERM (128 + the signal number).
    static var exitStatus: Int32 { 128 + Int32(pendingSignal) }
}
