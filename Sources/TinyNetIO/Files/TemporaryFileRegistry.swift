#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary file `AtomicFile.write` is writing, published for a signal handler. A signal handler
/// may not allocate, free or touch a Swift global variable (a debug build checks exclusive access to
/// those), so the path is copied into one of two buffers allocated once and published through a
/// pointer-sized slot, also allocated once; a buffer is reused only two writes later.
enum TemporaryFileRegistry {
    static let capacity = Int(PATH_MAX) + 1
    static let slot: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        return slot
    }()
    static let buffers = [UnsafeMutablePointer<CChar>.allocate(capacity: capacity), .allocate(capacity: capacity)]
    /// The buffer the next path goes to (the main thread's only).
    static var next = 0

    static func publish(_ path: String) {
        let utf8 = Array(path.utf8CString)
        guard utf8.count <= capacity else { return }  // too long to open anyway
        let buffer = buffers[next]
        next = 1 - next
        utf8.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        slot.pointee = buffer
    }

    static func withdraw() { slot.pointee = nil }
}

/// Removes the temporary file being written, if any: for a signal handler that exits at once
/// (async-signal-safe: one unlink), so that no `.NAME.tmp-…` file is left behind. Called once at
/// start-up too, so that the registry exists before any signal.
public func removeTemporaryFileInProgress() {
    if let path = TemporaryFileRegistry.slot.pointee { unlink(path) }
}
