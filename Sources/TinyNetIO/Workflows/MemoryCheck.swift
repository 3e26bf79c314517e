import Foundation
import TinyNet

/// Refuses, before anything is allocated, a model whose training would need
/// more memory than this machine (or its cgroup limit) has: a clear error
/// instead of a failed allocation or the out-of-memory killer.
func checkModelFitsInMemory(_ specs: [LayerSpec], inputs: Int, batchRows: Int, dtype: DType, origin: String?) throws {
    let scalarBytes = dtype == .f32 ? 4 : 8
    let (parameters, bytes) = trainingMemoryEstimate(specs, inputs: inputs, batchRows: batchRows, scalarBytes: scalarBytes)
    let available = availableMemoryBytes()
    guard available > 0, bytes > available else { return }
    let layers = specs.map(\.description).joined(separator: ",")
    throw ConfigError(file: origin, message: "layers [\(layers)] on \(inputs) inputs (\(count(parameters)) parameters) would need about "
        + "\(gigabytes(bytes)) of memory to train with batches of \(counted(batchRows, "row")), more than the \(gigabytes(available)) this machine has; "
        + "use narrower layers or a smaller batch_size")
}

/// Physical memory, or the cgroup v2 limit when that is lower; 0 when unknown.
func availableMemoryBytes() -> Double {
    let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
       let limit = Double(text.trimmed), limit > 0 {
        return physical > 0 ? min(physical, limit) : limit
    }
    return max(physical, 0)
}

private func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }

private func count(_ n: Double) -> String { n < 1e6 ? String(Int(n)) : String(format: "%.3g", n) }
