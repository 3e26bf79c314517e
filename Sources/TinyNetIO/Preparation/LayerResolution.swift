import Foundation
import TinyNet

/// The layer list with the final Linear's width taken from the data: one
/// output per class (one in all for binary BCE), or one for regression;
/// refused when training it would not fit in memory.
func resolveLayers(_ specs: [LayerSpec], config: TrainConfig, classCount: Int, inputs: Int, trainRows: Int) throws -> [LayerSpec] {
    let outputs = outputWidth(task: config.task, loss: config.resolvedLoss, classCount: classCount, targetCount: 1)
    let resolved: [LayerSpec]
    let layersOrigin = config.origin(of: .layers)
    do { resolved = try LayerSpec.resolve(specs, outputs: outputs) } catch { throw ConfigError(file: layersOrigin, message: "\(error)") }
    if let last = resolved.last(where: \.isLinear), last != .linear(outputs) {
        let data = config.data.map { " " + $0 } ?? ""
        let why = config.task == .regression ? "a regression target" : "\(classCount) classes"
        throw ConfigError(file: layersOrigin, message: "the last linear layer is \(last), but the data\(data) (\(why)) needs \(counted(outputs, "output")); write a final \"linear\" without a width")
    }
    try checkModelFitsInMemory(resolved, inputs: inputs, batchRows: min(config.batchSize, max(trainRows, 1)), dtype: config.dtype,
                               origin: config.origin(of: .layers, .batchSize))
    return resolved
}

/// Refuses, before anything is allocated, a model whose training would need
/// more memory than this machine (or its cgroup limit) has: a clear error
/// instead of a failed allocation or the out-of-memory killer.
func checkModelFitsInMemory(_ specs: [LayerSpec], inputs: Int, batchRows: Int, dtype: DType, origin: String?) throws {
    let scalarBytes = dtype == .f32 ? 4 : 8
    let (parameters, bytes) = trainingMemoryEstimate(specs, inputs: inputs, batchRows: batchRows, scalarBytes: scalarBytes)
    guard let available = MemoryBound.current(), bytes > available.bytes else { return }
    let layers = specs.map(\.description).joined(separator: ",")
    throw ConfigError(file: origin, message: "layers [\(layers)] on \(inputs) inputs (\(count(parameters)) parameters) would need about "
        + "\(gigabytes(bytes)) of memory to train with batches of \(counted(batchRows, "row")), more than \(available); "
        + "use narrower layers or a smaller batch_size")
}

private func count(_ n: Double) -> String { n < 1e6 ? String(Int(n)) : String(format: "%.3g", n) }
