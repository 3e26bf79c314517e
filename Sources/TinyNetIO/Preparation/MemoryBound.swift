import Foundation
import TinyNet

/// How much memory a run may take, and what says so, as messages name it.
struct MemoryBound: CustomStringConvertible {
    var bytes: Double
    /// "this machine has", or what an address-space limit leaves.
    var source: String
    /// The bound is what is left beside what the process maps already (an address-space limit), not all memory.
    var besideProcess = false

    var description: String { "the \(gigabytes(bytes)) \(source)" }

    /// Physical memory, or the cgroup v2 limit when that is lower, or what an address-space limit (`ulimit -v`)
    /// leaves beside what the process maps already (OpenBLAS's buffers among it) when that is lower still:
    /// a model or table beyond it would end in Swift's "failed to allocate" crash. Nil when unknown.
    static func current() -> MemoryBound? {
        let pageBytes = Double(sysconf(Int32(_SC_PAGESIZE)))
        let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * pageBytes
        var bound = physical > 0 ? MemoryBound(bytes: physical, source: "this machine has") : nil
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let limit = Double(text.trimmed), limit > 0, limit < bound?.bytes ?? .infinity {
            bound = MemoryBound(bytes: limit, source: "this machine has")
        }
        if let limit = addressSpaceLimit(),
           let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
           let pages = statm.split(separator: " ").first.flatMap({ Double($0) }) {
            let left = max(Double(limit) - pages * pageBytes, 0)
            if left < bound?.bytes ?? .infinity {
                bound = MemoryBound(bytes: left, source: "left under the address-space limit (ulimit -v)", besideProcess: true)
            }
        }
        return bound
    }
}

/// "1.5 GB": a size in messages.
func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
