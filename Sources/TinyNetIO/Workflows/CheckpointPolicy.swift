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

    /// Where a run writing to `out` writes its last state: `out`, or OUT.last when OUT keeps the best.
    public func lastCheckpointPath(out: String) -> String { keepsBest ? Self.lastPath(for: out) : out }

    /// "model.last.safetensors" → "model.safetensors": the best's path for a last checkpoint's (itself otherwise).
    public static func bestPath(forLast path: String) -> String {
        let slash = path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex
        let name = path[slash...]
        if name.hasSuffix(".last") && name.count > 5 { return String(path.dropLast(5)) }
        guard let dot = name.lastIndex(of: "."), name[..<dot].hasSuffix(".last"), name[..<dot].count > 5 else { return path }
        return String(path[..<name.index(dot, offsetBy: -5)] + name[dot...])
    }

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

    /// A fresh tracker, or one that continues a resumed run's record.
    init(_ record: BestRecord? = nil) {
        guard let record else { return }
        (bestLoss, bestEpoch, epochsWithoutImprovement) = (record.loss, record.epoch, record.epochsWithoutImprovement)
    }

    var record: BestRecord? {
        bestEpoch == 0 ? nil : BestRecord(loss: bestLoss, epoch: bestEpoch, epochsWithoutImprovement: epochsWithoutImprovement)
    }

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
