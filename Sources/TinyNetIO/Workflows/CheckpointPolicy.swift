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
    /// The run's other files (`--log`, `--plot`): an interrupted run's state never goes to one of them.
    public var otherOutputs: [String] = []

    public init() {}

    /// True when OUT holds the best checkpoint and the last one goes elsewhere.
    public var keepsBest: Bool { saveBest || earlyStoppingPatience != nil }

    /// Where a run writing to `out` writes its last state: `out`, or OUT.last when OUT keeps the best.
    public func lastCheckpointPath(out: String) -> String { keepsBest ? Self.lastPath(for: out) : out }

    /// Refuses, before training, an `out` whose longest derived name (OUT.last.interrupted-99.EXT when the best
    /// is kept, else OUT.interrupted-99.EXT) would pass the 255 bytes a file name may have: the run would
    /// fail at its end, writing it.
    public func checkDerivedNamesFit(out: String) throws {
        let longest = Self.inserting("interrupted-99", beforeExtensionOf: lastCheckpointPath(out: out))
        let name = longest.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard name.utf8.count > 255 else { return }
        throw CheckpointError(file: out, message: "the names a run writes beside it, as long as \(String(name).utf8.count) bytes "
            + "(\(keepsBest ? "OUT.last.interrupted-N.EXT" : "OUT.interrupted-N.EXT")), pass the 255 bytes a file name may have; choose a shorter name")
    }

    /// "model.last.safetensors" → "model.safetensors": the best's path for a last checkpoint's (itself otherwise).
    /// An interrupted run's state kept beside it ("model.last.interrupted.safetensors") maps there too.
    public static func bestPath(forLast given: String) -> String {
        removing("last", beforeExtensionOf: removing(interruptedWord(in: given) ?? "interrupted", beforeExtensionOf: given))
    }

    /// "model.safetensors" → "model.last.safetensors" ("runs/model" → "runs/model.last"); the directory
    /// part is kept as given, relative or not.
    public static func lastPath(for out: String) -> String { inserting("last", beforeExtensionOf: out) }

    /// "model.safetensors" → "model.interrupted.safetensors": the first place an interrupted run writes its
    /// state when the file it would replace is from before the run (see `statePath`).
    public static func interruptedPath(for path: String) -> String { inserting("interrupted", beforeExtensionOf: path) }

    /// Where a run writes the state meant for `path`: beside it when the run was interrupted and a file
    /// from before the run is there (that file is kept), else `path`. An earlier interrupted run's state
    /// beside it is kept too: the state then goes to the first free "interrupted-2", "interrupted-3", …,
    /// free of `otherOutputs` too (a `--plot` named "m.interrupted.safetensors" is written after the state).
    static func statePath(
        for path: String, interrupted: Bool, keepingEarlierFile: Bool, resumedFrom: String? = nil, otherOutputs: [String] = []
    ) -> String {
        guard interrupted && keepingEarlierFile else { return path }
        // A run resumed from one of them ("--resume m.interrupted-3.safetensors --out m.safetensors") goes on there.
        if let resumedFrom, let word = interruptedWord(in: resumedFrom), removing(word, beforeExtensionOf: resumedFrom) == path,
           !otherOutputs.contains(where: { writeToSameFile($0, resumedFrom) }) {
            return resumedFrom
        }
        var candidate = interruptedPath(for: path)
        var number = 2
        while holdsEarlierFile(candidate, resumedFrom: resumedFrom) || otherOutputs.contains(where: { writeToSameFile($0, candidate) }) {
            candidate = inserting("interrupted-\(number)", beforeExtensionOf: path)
            number += 1
        }
        return candidate
    }

    /// The word an interrupted run's state path has before its extension: "interrupted" or "interrupted-N".
    private static func interruptedWord(in path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        return name.split(separator: ".").dropFirst().last {
            let number = $0.dropFirst("interrupted-".count)
            return $0 == "interrupted" || ($0.hasPrefix("interrupted-") && !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber })
        }.map(String.init)
    }

    /// `inserting`'s inverse: "m.interrupted.safetensors" → "m.safetensors"; the path as it is without the word.
    private static func removing(_ word: String, beforeExtensionOf path: String) -> String {
        let slash = path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex
        let name = path[slash...]
        if name.hasSuffix("." + word) && name.count > word.count + 1 { return String(path.dropLast(word.count + 1)) }
        guard let dot = name.lastIndex(of: "."), name[..<dot].hasSuffix("." + word), name[..<dot].count > word.count + 1 else { return path }
        return String(path[..<name.index(dot, offsetBy: -(word.count + 1))] + name[dot...])
    }

    private static func inserting(_ word: String, beforeExtensionOf path: String) -> String {
        let slash = path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex
        let name = path[slash...]
        // A leading dot starts a hidden name, not an extension (".model" has none).
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else {
            return path + "." + word
        }
        return String(path[..<dot]) + "." + word + String(path[dot...])
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
    /// A file from before this run is at the last checkpoint's path, and the run did not resume from it:
    /// an interrupted run keeps it and writes its state beside it (a finished run replaces it).
    let lastPathHoldsEarlierFile: Bool
    /// The checkpoint the run resumed from: an interrupt may write back there.
    private let resumedFrom: String?
    /// This run has written the last checkpoint's path (`--save-every`): an interrupt may replace it.
    private var wroteLastPath = false
    /// OUT holds this run's best: written by it, or the best of the run it resumed (which kept it there).
    private var outHoldsRunsBest: Bool
    /// Where the last state was written (`finish`).
    private(set) var statePath: String

    init(policy: CheckpointPolicy, out: String, write: Bool, resumedFrom: String? = nil, resumedWithBest: Bool = false) {
        (self.policy, self.out, self.write) = (policy, out, write)
        statePath = policy.lastCheckpointPath(out: out)
        lastPathHoldsEarlierFile = holdsEarlierFile(statePath, resumedFrom: resumedFrom)
        self.resumedFrom = resumedFrom
        outHoldsRunsBest = resumedWithBest && FileManager.default.fileExists(atPath: out)
    }

    var lastPath: String { policy.lastCheckpointPath(out: out) }

    mutating func afterEpoch(_ summary: EpochSummary, _ snapshot: (BestRecord?) -> Checkpoint) {
        guard write, writeError == nil else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { writeSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        do {
            if policy.keepsBest, let v = summary.validation {
                if tracker.record(epoch: summary.epoch, loss: v.loss) {
                    try save(snapshot(best), to: out)
                    outHoldsRunsBest = true
                }
                // Never after the first epoch, as Keras' EarlyStopping (epoch > 0): one whose validation loss is not
                // finite is no improvement, and stopped a run at once with patience 1.
                if let patience = policy.earlyStoppingPatience, tracker.epochsWithoutImprovement >= patience, summary.epoch > 1 { stop = true }
            }
            if let every = policy.saveEvery, summary.epoch % every == 0 {
                try save(snapshot(best), to: lastPath)
                wroteLastPath = true
            }
        } catch {
            (writeError, stop) = (error, true)
        }
    }

    /// The final write: the last state (the best is already at OUT when kept). An interrupted run does
    /// not replace a file from before it (another run's model): it writes NAME.interrupted.EXT (or -2, -3, …).
    mutating func finish(_ snapshot: (BestRecord?) -> Checkpoint, interrupted: Bool) throws {
        guard write else { return }
        let checkpoint = snapshot(best)
        statePath = CheckpointPolicy.statePath(
            for: lastPath, interrupted: interrupted, keepingEarlierFile: lastPathHoldsEarlierFile && !wroteLastPath,
            resumedFrom: resumedFrom, otherOutputs: policy.otherOutputs)
        try save(checkpoint, to: statePath)  // (the best is at OUT once an epoch was validated; none, no best)
    }

    /// The file holding the run's model: OUT when it holds the run's best, else (no validated epoch yet, a
    /// resumed run whose best is still in another file, no best kept) where its last state went.
    var pathHoldingTheModel: String {
        policy.keepsBest && outHoldsRunsBest ? out : statePath
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
