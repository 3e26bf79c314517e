#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a FIFO for writing waits until a reader opens it, and the signal handlers, installed with
/// SA_RESTART, resume that wait: a first signal during training (which only asks the run to stop) would
/// be lost in it. So such an open is published here, and the handler exits at once while one is waiting.
/// The message is prepared when published, in memory allocated once (a handler may not allocate).
enum BlockingOpen {
    static let capacity = Int(PATH_MAX) + 160
    static let slot: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        return slot
    }()
    static let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)

    /// open(2) of `path` for writing; while it may wait for a reader (a FIFO), a signal exits at once
    /// saying so. Other files open as usual.
    static func openForWriting(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) -> Int32 {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO else { return open(path, flags, mode) }
        // A live progress line may be showing on a terminal: the message starts a line of its own.
        let message = (isatty(STDERR_FILENO) != 0 ? "\n" : "")
            + "interrupted while waiting for a reader of the FIFO \(path); stopped at once, without writing a checkpoint\n"
        let utf8 = Array(message.utf8CString)
        guard utf8.count <= capacity else { return open(path, flags, mode) }
        utf8.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        slot.pointee = buffer
        defer { slot.pointee = nil }
        return open(path, flags, mode)
    }
}

/// For a signal handler (async-signal-safe: write only): when an open is waiting for a FIFO's reader,
/// writes why the process stops and returns true; the handler then exits at once. Called once at
/// start-up too, so that the slot exists before any signal.
public func reportOpenWaitingForReader() -> Bool {
    guard let message = BlockingOpen.slot.pointee else { return false }
    _ = write(STDERR_FILENO, message, strlen(message))
    return true
}
