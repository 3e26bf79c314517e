import Foundation
import TinyNet

/// When a run writes checkpoints: periodically, the best by validation loss,
/// and when to stop early.
public struct CheckpointPolicy: Sendable {
    /// Overwrite the output every N epochs (atomically).
    public var saveEvery: Int?
    /// Keep the best-validation checkpoint at OUT and the last at OUT with ".last" before the extension.
    public var saveBest = false
    /// Stop when the validation loss has not improved for this many epochs (keeps the best at OUT).
    public var earlyStoppingPatience: Int?

    public init() {}

    /// True when OUT holds the best checkpoint and the last one goes elsewhere.
    public var keepsBest: Bool { saveBest || earlyStoppingPatience != nil }

    /// "model.safetensors" → "model.last.safetensors".
    public static func lastPath(for out: String) -> String {
        let url = URL(fileURLWithPath: out)
        let ext = url.pathExtension
        guard !ext.isEmpty else { return out + ".last" }
        return url.deletingPathExtension().path + ".last." + ext
    }
}

/// Tracks validation losses for save-best and early stopping.
struct BestTracker {
    var bestLoss = Double.infinity
    var bestEpoch = 0
    var epochsWithoutImprovement = 0

    /// Records an epoch; true when it is the best so far.
    mutating func record(epoch: Int, loss: Double) -> Bool {
        guard loss < bestLoss else { epochsWithoutImprovement += 1; return false }
        (bestLoss, bestEpoch, epochsWithoutImprovement) = (loss, epoch, 0)
        return true
    }
}

extension Checkpoint {
    /// True when every model tensor is finite (a NaN checkpoint is never written).
    var isFinite: Bool {
        tensors.allSatisfy { name, t in !(name.first?.isNumber ?? false) || t.doubles.allSatisfy(\.isFinite) }
    }
}
