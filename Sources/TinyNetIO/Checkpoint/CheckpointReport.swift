import Foundation
import TinyNet

/// What `inspect` shows of a checkpoint: its modules, parameter counts and
/// statistics, and metadata.
public struct CheckpointReport: Sendable {
    public struct TensorStats: Sendable {
        public var name: String
        public var shape: [Int]
        public var dtype: String
        public var mean: Double, std: Double, min: Double, max: Double, norm: Double
    }

    public var path: String
    public var checkpoint: Checkpoint
    public var tensors: [TensorStats]  // model tensors, in module order
    public var parameterCount: Int

    public init(path: String) throws {
        self.path = path
        let checkpoint = try Checkpoint.load(path: path)
        self.checkpoint = checkpoint
        // Module order, weight before bias, as the network lists them.
        let names = checkpoint.layers.indices.flatMap { ["\($0).weight", "\($0).bias"] }.filter { checkpoint.tensors[$0] != nil }
        tensors = names.map { name in
            let t = checkpoint.tensors[name]!
            return TensorStats(name: name, shape: t.shape, dtype: t.values.dtypeName, statistics: t.doubles)
        }
        parameterCount = tensors.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }
}

extension CheckpointReport.TensorStats {
    init(name: String, shape: [Int], dtype: String, statistics v: [Double]) {
        let n = Double(Swift.max(v.count, 1))
        let mean = v.reduce(0, +) / n
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        self.init(name: name, shape: shape, dtype: dtype, mean: mean, std: variance.squareRoot(),
                  min: v.min() ?? 0, max: v.max() ?? 0, norm: v.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }
}
