import ArgumentParser
import Foundation
import TinyNet

/// Sets OpenBLAS's thread count (`--threads`), warning when it runs fewer than asked: OpenBLAS is built
/// with a maximum (often 64) and quietly uses that instead, and an address-space limit may leave room for
/// the work buffers of fewer threads (`BLASThreads.reserveBuffers`).
func useBLASThreads(_ requested: Int) {
    BLASThreads.setLimit(BLASThreads.cappedByBuffers(requested))
    let actual = BLASThreads.limit
    if actual < requested {
        printError("warning: --threads \(requested): OpenBLAS runs at most \(actual) threads here; using \(actual)")
    }
}

/// Reserves OpenBLAS's work buffers under an address-space limit (`BLASThreads.reserveBuffers`): a note when
/// they fit for fewer threads than the cores, an error when not one thread's does.
func reserveBLASBuffers() throws {
    switch BLASThreads.reserveBuffers() {
    case .unlimited: break
    case .noRoom(let limitMB):
        printError("error: the address-space limit (ulimit -v: \(limitMB) MB) leaves no room for OpenBLAS's \(BLASThreads.bufferBytes >> 20) MB "
                   + "work buffer, without which it would wait forever: raise the limit (ulimit -v unlimited)")
        throw ExitCode(1)
    case .reserved(let threads, let wanted, let limitMB):
        if threads < wanted {
            printError("note: the address-space limit (ulimit -v: \(limitMB) MB) leaves room for the OpenBLAS work buffers of "
                       + "\(threads) of \(wanted) threads (\(BLASThreads.bufferBytes >> 20) MB each, and an arena for each added thread): products run on \(threads)")
        }
    }
}

/// The commands that run matrix products (and so need OpenBLAS's buffers).
protocol RunsProducts {}
extension Train: RunsProducts {}
extension Eval: RunsProducts {}
extension Predict: RunsProducts {}
extension Gradcheck: RunsProducts {}
extension Scale: RunsProducts {}
extension Bench: RunsProducts {}
