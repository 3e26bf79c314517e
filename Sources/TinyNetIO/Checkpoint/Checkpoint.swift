import Foundation
import TinyNet

/// A trained model as tinynet stores it: the network's tensors named like a
/// PyTorch `nn.Sequential`, the preprocessing, and everything eval, predict
/// and resume need, in a safetensors file (layout version 1).
public struct Checkpoint: Sendable {
    public static let layoutVersion = "1"

    public var layers: [LayerSpec]      // resolved: every Linear has its width
    public var task: Task
    public var loss: LossKind
    public var labelColumn: String
    public var featureNames: [String]
    public var classes: [String]        // classification; empty for regression
    public var preprocessing: Standardizer
    public var inputScale: Double
    /// Regression with standardize_target: the model predicts (y − mean) / std.
    public var targetMean: Double?
    public var targetStd: Double?
    public var epochsDone: Int
    /// Batches of the next epoch already trained (non-zero only after an interrupt).
    public var batchesDone: Int = 0
    public var seed: Int
    public var config: TrainConfig
    /// After an interrupt: the unfinished epoch's running sums (see `batchesDone`).
    public var partialEpoch = PartialEpoch()
    /// With --save-best or --early-stopping: the best validation loss so far, so that a resumed run keeps it.
    public var best: BestRecord?
    /// A `train --stream` run: its shuffle buffer's rows (nil for in-memory training).
    public var shuffleBuffer: Int? = nil
    /// The shuffling generator's state after the last epoch (for exact resume).
    public var generatorState: [UInt64]
    /// Every tensor: "0.weight", …, "preprocess.mean", "optimizer.0.weight.velocity", …
    public var tensors: [String: SafeTensor]
    /// After an interrupt: the rows the unfinished epoch was shuffled over (nil in older checkpoints).
    public var epochData: DataFingerprint? = nil

    /// The training dtype: that of the model tensors (preprocessing is always F64).
    public var dtype: DType {
        let anyF64 = tensors.contains { name, tensor in
            if case .f64 = tensor.values { name.first?.isNumber == true } else { false }
        }
        return anyF64 ? .f64 : .f32
    }
    public var inputWidth: Int { featureNames.count }
    public var outputWidth: Int {
        for spec in layers.reversed() { if case .linear(let n?) = spec { return n } }
        return 0
    }
}

extension Checkpoint {
    /// Captures a network, its optimizer state and the run's settings.
    public init<T: Scalar>(
        network: Sequential<T>, task: Task, loss: LossKind, labelColumn: String, featureNames: [String],
        classes: [String], preprocessing: Standardizer, inputScale: Double, targetMean: Double?, targetStd: Double?,
        epochsDone: Int, batchesDone: Int = 0, config: TrainConfig, generatorState: [UInt64]
    ) {
        var tensors: [String: SafeTensor] = [:]
        for p in network.parameters {
            tensors[p.name] = SafeTensor(p.shape, p.value.values)
            tensors["optimizer.\(p.name).velocity"] = SafeTensor(p.shape, p.velocity.values)
        }
        tensors["preprocess.mean"] = SafeTensor(shape: [preprocessing.mean.count], values: .f64(preprocessing.mean))
        tensors["preprocess.std"] = SafeTensor(shape: [preprocessing.std.count], values: .f64(preprocessing.std))
        self.init(
            layers: network.specs, task: task, loss: loss, labelColumn: labelColumn, featureNames: featureNames,
            classes: classes, preprocessing: preprocessing, inputScale: inputScale, targetMean: targetMean,
            targetStd: targetStd, epochsDone: epochsDone, batchesDone: batchesDone, seed: config.seed, config: config,
            generatorState: generatorState, tensors: tensors)
    }

    /// A network with the stored weights (and optimizer velocities, when present).
    public func makeNetwork<T: Scalar>(as: T.Type = T.self) throws -> Sequential<T> {
        var rng = SeededGenerator(seed: 0)
        let network = Sequential<T>(specs: layers, inputs: inputWidth, using: &rng)
        for p in network.parameters {
            guard let stored = tensors[p.name] else { throw CheckpointError(file: "", message: "missing tensor '\(p.name)'") }
            guard stored.shape == p.shape else {
                throw CheckpointError(file: "", message: "tensor '\(p.name)' has shape \(stored.shape), the layer list needs \(p.shape)")
            }
            copy(stored, into: p.value)
            if let v = tensors["optimizer.\(p.name).velocity"], v.shape == p.shape { copy(v, into: p.velocity) }
        }
        return network
    }

    private func copy<T: Scalar>(_ tensor: SafeTensor, into m: Matrix<T>) {
        switch tensor.values {
        case .f32(let v): for i in 0..<m.count { m.pointer[i] = T(v[i]) }
        case .f64(let v): for i in 0..<m.count { m.pointer[i] = T(v[i]) }
        }
    }
}

extension SafeTensor {
    /// A tensor of the scalar type T (F32 for Float, F64 for Double).
    init<T: Scalar>(_ shape: [Int], _ values: [T]) {
        if let f = values as? [Float] { self.init(shape: shape, values: .f32(f)) }
        else { self.init(shape: shape, values: .f64(values.map { Double($0) })) }
    }
}

extension Checkpoint {
    /// This checkpoint with a run's unfinished-epoch sums and best record.
    func with(partialEpoch: PartialEpoch, best: BestRecord?) -> Checkpoint {
        var copy = self
        (copy.partialEpoch, copy.best) = (partialEpoch, best)
        return copy
    }
}

/// The best validation loss of a run so far, its epoch, and the epochs since (early stopping's count).
public struct BestRecord: Equatable, Sendable {
    public var loss: Double
    public var epoch: Int
    public var epochsWithoutImprovement: Int
}
