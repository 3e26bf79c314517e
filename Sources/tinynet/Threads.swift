import ArgumentParser
import Foundation
import TinyNet

/// Sets OpenBLAS's thread count (`--threads`), warning when it runs fewer than asked: OpenBLAS is built
/// with a maximum (often 64) and quietly uses that instead, and an address-space limit may leave room for
/// the work buffers of fewer threads (`reserveBLASBuffers`).
func useBLASThreads(_ requested: Int) {
    BLASThreads.setLimit(cappedByBuffers(requested))
    let actual = BLASThreads.limit
    if actual < requested {
        printError("warning: --threads \(requested): OpenBLAS runs at most \(actual) threads here; using \(actual)")
    }
}

/// The threads whose buffers `reserveBLASBuffers` reserved under an address-space limit; nil without one.
nonisolated(unsafe) private var blasThreadsWithBuffers: Int?

/// `n` threads, or fewer when an address-space limit left room for the buffers of fewer.
func cappedByBuffers(_ n: Int) -> Int { min(n, blasThreadsWithBuffers ?? n) }

/// Under an address-space limit (`ulimit -v`), OpenBLAS may find no room for a thread's buffer, and then it
/// retries forever: the process hangs. So the commands that run products reserve the buffers first, when
/// such a limit is set: as many threads as fit (a note says when that is fewer than the cores), an error
/// when not one does; then a product split over them makes OpenBLAS reserve the buffers before the data
/// takes the room. Without a limit this does nothing.
func reserveBLASBuffers() throws {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return }  // RLIM_INFINITY
    let warmUp = (Matrix<Float>(rows: 512, cols: 512), Matrix<Float>(rows: 512, cols: 512))  // 134M multiply-adds: split
    let wanted = BLASThreads.limit, limitMB = Int(limit.rlim_cur >> 20)
    let threads = BLASThreads.affordableThreads(wanted: wanted) { bytes in
        // Address space only, never touched; mmap rather than malloc, whose unused result the compiler may drop.
        guard let probe = mmap(nil, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), probe != MAP_FAILED
        else { return false }
        munmap(probe, bytes)
        return true
    }
    guard threads > 0 else {
        printError("error: the address-space limit (ulimit -v: \(limitMB) MB) leaves no room for OpenBLAS's \(BLASThreads.bufferBytes >> 20) MB "
                   + "work buffer, without which it would wait forever: raise the limit (ulimit -v unlimited)")
        throw ExitCode(1)
    }
    if threads < wanted {
        printError("note: the address-space limit (ulimit -v: \(limitMB) MB) leaves room for the OpenBLAS work buffers of "
                   + "\(threads) of \(wanted) threads (\(BLASThreads.bufferBytes >> 20) MB each, and an arena for each added thread): products run on \(threads)")
        BLASThreads.setLimit(threads)
    }
    blasThreadsWithBuffers = threads
    gemm(warmUp.0, warmUp.0, into: warmUp.1)
}

/// The commands that run matrix products (and so need OpenBLAS's buffers).
protocol RunsProducts {}
extension Train: RunsProducts {}
extension Eval: RunsProducts {}
extension Predict: RunsProducts {}
extension Gradcheck: RunsProducts {}
extension Scale: RunsProducts {}
extension Bench: RunsProducts {}
