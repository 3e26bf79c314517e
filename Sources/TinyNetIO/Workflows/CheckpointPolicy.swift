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

    /// "model.safetensors" → "model.last.safetensors" ("runs/model" → "runs/model.last"); the directory
    /// part is kept as given, relative or not.
    public static func lastPath(for out: String) -> String {
        let slash = out.lastIndex(of: "/").map(out.index(after:)) ?? out.startIndex
        let name = out[slash...]
        // A leading dot starts a hidden name, not an extension (".model" has none).
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else {
            return out + ".last"
        }
        return String(out[..<dot]) + ".last" + String(out[dot...])
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

/// The checkpoints of one run: periodic, best and last, never a non-finite one.
struct CheckpointSession {
    let policy: CheckpointPolicy
    let out: String
    let write: Bool
    var tracker = BestTracker()
    var stop = false
    var writeError: Error?
    /// Time spent writing checkpoints during the epochs (left out of the run's train_seconds).
    var writeSeconds = 0.0

    init(policy: CheckpointPolicy, out: String, write: Bool) {
        (self.policy, self.out, self.write) = (policy, out, write)
    }

    var lastPath: String { policy.lastCheckpointPath(out: out) }

    mutating func afterEpoch(_ summary: EpochSummary, _ snapshot: (BestRecord?) -> Checkpoint) {
        guard write, writeError == nil else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { writeSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        do {
            if policy.keepsBest, let v = summary.validation {
                if tracker.record(epoch: summary.epoch, loss: v.loss) { try save(snapshot(best), to: out) }
                if let patience = policy.earlyStoppingPatience, tracker.epochsWithoutImprovement >= patience { stop = true }
            }
            if let every = policy.saveEvery, summary.epoch % every == 0 { try save(snapshot(best), to: lastPath) }
        } catch {
            (writeError, stop) = (error, true)
        }
    }

    /// The final write: the last state (the best is already at OUT when kept).
    func finish(_ snapshot: (BestRecord?) -> Checkpoint) throws {
        guard write else { return }
        let checkpoint = snapshot(best)
        try save(checkpoint, to: lastPath)  // (the best is at OUT once an epoch was validated; none, no best)
    }

    /// The file holding the run's model: OUT, except when the run keeps the best and none reached OUT
    /// (no validated epoch yet, or a resumed run whose best is still in another file): then OUT.last.
    var pathHoldingTheModel: String {
        policy.keepsBest && !FileManager.default.fileExists(atPath: out) ? lastPath : out
    }

    /// The best so far, stored in the checkpoints of a run that keeps the best.
    var best: BestRecord? { policy.keepsBest ? tracker.record : nil }

    private func save(_ checkpoint: Checkpoint, to path: String) throws {
        guard checkpoint.isFinite else {
            throw CheckpointError(file: path, message: "refusing to write a checkpoint with NaN or infinite weights")
        }
        try checkpoint.write(to: path)
    }
}

extension Checkpoint {
    /// True when every model tensor is finite (a NaN checkpoint is never written).
    var isFinite: Bool {
        tensors.allSatisfy { name, t in !(name.first?.isNumber ?? false) || t.doubles.allSatisfy(\.isFinite) }
    }
}
