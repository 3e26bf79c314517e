import Foundation

/// What reserving OpenBLAS's work buffers under an address-space limit came to (`BLASThreads.reserveBuffers`).
public enum BLASBufferReservation: Sendable, Equatable {
    /// No address-space limit: OpenBLAS reserves its buffers as it needs them.
    case unlimited
    /// The buffers of `threads` of the `wanted` threads fit under the limit (`limitMB`), and are reserved;
    /// products run on that many.
    case reserved(threads: Int, wanted: Int, limitMB: Int)
    /// Not one thread's buffer fits under the limit.
    case noRoom(limitMB: Int)
}

/// The process's address-space limit (`ulimit -v`) in bytes; nil when there is none.
public func addressSpaceLimit() -> UInt64? {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
    return UInt64(limit.rlim_cur)
}

extension BLASThreads {
    /// The threads whose buffers `reserveBuffers` reserved under an address-space limit; nil without one.
    nonisolated(unsafe) private static var threadsWithBuffers: Int?

    /// `n` threads, or fewer when an address-space limit left room for the buffers of fewer.
    public static func cappedByBuffers(_ n: Int) -> Int { min(n, threadsWithBuffers ?? n) }

    /// Under an address-space limit (`ulimit -v`), OpenBLAS may find no room for a thread's buffer, and then it
    /// retries forever: the process hangs. So a command that runs products reserves the buffers first, when such
    /// a limit is set: as many threads as fit, then a product split over them makes OpenBLAS reserve the buffers
    /// before the data takes the room. Without a limit this does nothing.
    public static func reserveBuffers() -> BLASBufferReservation {
        guard let limit = addressSpaceLimit() else { return .unlimited }
        let warmUp = (Matrix<Float>(rows: 512, cols: 512), Matrix<Float>(rows: 512, cols: 512))  // 134M multiply-adds: split
        let wanted = Self.limit, limitMB = Int(limit >> 20)
        let threads = affordableThreads(wanted: wanted) { bytes in
            // Address space only, never touched; mmap rather than malloc, whose unused result the compiler may drop.
            guard let probe = mmap(nil, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), probe != MAP_FAILED
            else { return false }
            munmap(probe, bytes)
            return true
        }
        guard threads > 0 else { return .noRoom(limitMB: limitMB) }
        if threads < wanted { setLimit(threads) }
        threadsWithBuffers = threads
        gemm(warmUp.0, warmUp.0, into: warmUp.1)
        return .reserved(threads: threads, wanted: wanted, limitMB: limitMB)
    }
}
