import Foundation
import TestScratch
import Testing
import TinyNet

@testable import TinyNetIO

/// An in-memory run stopped and resumed reports and trains as the run that was never stopped; the record of
/// the best epoch (save-best, early stopping) counts across a resume.
@Suite struct TrainingRunResumeTests {
    /// 600 rows of three noisy blobs in four features, classes a, b, c, written to DIR/blobs.csv.
    private func writeBlobs(in dir: String) throws {
        var rng = SeededGenerator(seed: 21)
        var text = "w,x,y,z,label\n"
        for _ in 0..<600 {
            let k = rng.nextIndex(below: 3)
            let values = (0..<4).map { j in Double(j == k ? 2 : 0) + 1.5 * rng.nextNormal() }
            text += values.map { "\($0)" }.joined(separator: ",") + ",\(["a", "b", "c"][k])\n"
        }
        try text.write(toFile: dir + "/blobs.csv", atomically: true, encoding: .utf8)
    }

    /// A run on DIR/blobs.csv, validated on a fifth, written to DIR/OUT.
    private func config(in dir: String, out: String) -> TrainConfig {
        var config = TrainConfig()
        (config.data, config.valSplit, config.layers, config.out) = (dir + "/blobs.csv", 0.2, ["linear:8", "relu", "linear"], dir + "/" + out)
        (config.epochs, config.batchSize, config.lr, config.momentum, config.seed) = (4, 16, 0.05, 0.9, 5)
        return config
    }

    /// Each epoch's summary (train loss and accuracy, validation) of a run.
    private func summaries(_ run: inout TrainingRun) throws -> [EpochSummary] {
        var said: [EpochSummary] = []
        let previous = run.onEvent
        run.onEvent = { event in
            previous(event)
            if case .epoch(let summary) = event { said.append(summary) }
        }
        _ = try run.run()
        return said
    }

    /// Stopped part-way through epoch 2 (batch 7 of 30), the checkpoint keeps that epoch's running loss and
    /// accuracy; the resumed run finishes epoch 2 with the same train loss and accuracy as the whole run, to the
    /// bit (they would count only the batches after the resume otherwise), then trains on identically.
    @Test func aRunStoppedMidEpochResumesWithThatEpochsSums() throws {
        let dir = try Scratch.directory().path
        try writeBlobs(in: dir)
        var whole = TrainingRun(config: config(in: dir, out: "whole.safetensors"))
        let expected = try summaries(&whole)
        #expect(expected.count == 4)

        var cut = TrainingRun(config: config(in: dir, out: "cut.safetensors"))
        var batches = 0
        cut.onEvent = { if case .batch = $0 { batches += 1 } }
        let batchesPerEpoch = (480 + 15) / 16
        cut.shouldStop = { batches >= batchesPerEpoch + 7 }
        let stopped = try summaries(&cut)
        let checkpoint = try Checkpoint.load(path: dir + "/cut.safetensors")
        #expect(stopped.count == 1 && checkpoint.epochsDone == 1 && checkpoint.batchesDone == 7)

        var resumed = TrainingRun(config: checkpoint.config)
        resumed.resume = checkpoint
        let rest = try summaries(&resumed)
        #expect(rest.map(\.epoch) == [2, 3, 4])
        for (got, want) in zip(stopped + rest, expected) {
            #expect(got.trainLoss == want.trainLoss && got.trainAccuracy == want.trainAccuracy, "epoch \(want.epoch)")
            #expect(got.validation?.loss == want.validation?.loss, "epoch \(want.epoch)")
        }
        let (a, b) = (try Checkpoint.load(path: dir + "/cut.safetensors"), try Checkpoint.load(path: dir + "/whole.safetensors"))
        for (name, tensor) in b.tensors { #expect(a.tensors[name]?.values == tensor.values, "\(name)") }
    }

    /// An equal validation loss is no improvement (Keras' `min_delta = 0` compares strictly): a plateau
    /// counts towards early stopping and leaves the best epoch where the loss was first reached.
    @Test func anEqualLossIsNoImprovement() {
        var tracker = BestTracker()
        let improved = [(1, 0.5), (2, 0.5)].map { tracker.record(epoch: $0.0, loss: $0.1) }
        #expect(improved == [true, false] && tracker.bestEpoch == 1 && tracker.epochsWithoutImprovement == 1)
        let lower = tracker.record(epoch: 3, loss: 0.4)
        #expect(lower && tracker.epochsWithoutImprovement == 0 && tracker.bestEpoch == 3)
    }

    /// A tracker continued from a checkpoint's record goes on counting epochs without improvement where the
    /// stopped run left off, so a resumed run stops early at the epoch the uninterrupted one would.
    @Test func aResumedTrackerKeepsCountingTowardsPatience() throws {
        var uninterrupted = BestTracker()
        for (epoch, loss) in [(1, 0.5), (2, 0.6), (3, 0.7)] { _ = uninterrupted.record(epoch: epoch, loss: loss) }
        let record = try #require(uninterrupted.record)
        #expect(record.epoch == 1 && record.epochsWithoutImprovement == 2)
        var resumed = BestTracker(record)
        _ = resumed.record(epoch: 4, loss: 0.8)
        _ = uninterrupted.record(epoch: 4, loss: 0.8)
        #expect(resumed.epochsWithoutImprovement == 3 && uninterrupted.epochsWithoutImprovement == 3)
        #expect(resumed.bestEpoch == 1 && resumed.bestLoss == 0.5)
    }

    /// A run resumed from its checkpoint and interrupted again writes its state back into that checkpoint: the
    /// file at --out is the one it continues, not a model from before the run to keep (no NAME.interrupted.EXT).
    @Test func anInterruptedResumeWritesBackIntoTheCheckpointItResumed() throws {
        let dir = try Scratch.directory().path
        try writeBlobs(in: dir)
        let batchesPerEpoch = (480 + 15) / 16
        var cut = TrainingRun(config: config(in: dir, out: "m.safetensors"))
        var batches = 0
        cut.onEvent = { if case .batch = $0 { batches += 1 } }
        cut.shouldStop = { batches >= batchesPerEpoch + 7 }
        _ = try cut.run()
        let checkpoint = try Checkpoint.load(path: dir + "/m.safetensors")
        #expect(checkpoint.epochsDone == 1 && checkpoint.batchesDone == 7)

        var resumed = TrainingRun(config: checkpoint.config)
        (resumed.resume, resumed.resumePath) = (checkpoint, dir + "/m.safetensors")
        var more = 0
        resumed.onEvent = { if case .batch = $0 { more += 1 } }
        resumed.shouldStop = { more >= 5 }
        let outcome = try resumed.run()
        #expect(outcome.interrupted && outcome.statePath == dir + "/m.safetensors", "\(String(describing: outcome.statePath))")
        #expect(try Checkpoint.load(path: dir + "/m.safetensors").batchesDone == 12)
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.interrupted.safetensors"))
    }

    /// With --save-every the run itself has replaced the file from before it at the last checkpoint's path:
    /// an interrupt then writes its state there too, not beside it.
    @Test func anInterruptAfterASaveEveryWriteReplacesThatCheckpoint() throws {
        let dir = try Scratch.directory().path
        try writeBlobs(in: dir)
        try Data("a model from before the run".utf8).write(to: URL(fileURLWithPath: dir + "/m.safetensors"))
        let batchesPerEpoch = (480 + 15) / 16
        var run = TrainingRun(config: config(in: dir, out: "m.safetensors"))
        run.policy.saveEvery = 1
        var batches = 0
        run.onEvent = { if case .batch = $0 { batches += 1 } }
        run.shouldStop = { batches >= batchesPerEpoch + 3 }
        let outcome = try run.run()
        #expect(outcome.interrupted && outcome.statePath == dir + "/m.safetensors", "\(String(describing: outcome.statePath))")
        let written = try Checkpoint.load(path: dir + "/m.safetensors")
        #expect(written.epochsDone == 1 && written.batchesDone == 3)
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.interrupted.safetensors"))
    }

    /// A checkpoint stopped mid-epoch resumes only on the rows it was trained on, labels included: the same
    /// features with one label changed are other rows (the rest of the epoch would train on other targets).
    @Test func aMidEpochResumeRefusesChangedLabels() throws {
        let dir = try Scratch.directory().path
        try writeBlobs(in: dir)
        var base = config(in: dir, out: "m.safetensors")
        base.valSplit = nil
        var cut = TrainingRun(config: base)
        var batches = 0
        cut.onEvent = { if case .batch = $0 { batches += 1 } }
        cut.shouldStop = { batches >= 7 }
        _ = try cut.run()
        let checkpoint = try Checkpoint.load(path: dir + "/m.safetensors")
        #expect(checkpoint.epochsDone == 0 && checkpoint.batchesDone == 7)

        var lines = try String(contentsOfFile: dir + "/blobs.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let last = lines[1].last!
        lines[1] = String(lines[1].dropLast()) + (last == "a" ? "b" : "a")  // one label changed, the features kept
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/relabelled.csv", atomically: true, encoding: .utf8)
        var other = TrainingRun(config: checkpoint.config)
        other.config.data = dir + "/relabelled.csv"
        other.resume = checkpoint
        #expect { try other.run() } throws: { error in
            "\(error)".contains("other rows (as many, 600, but different values or order)")
        }
        var same = TrainingRun(config: checkpoint.config)
        same.resume = checkpoint
        #expect(try same.run().epochsDone == 4)
    }

    /// A run keeping the best that is interrupted before its first validation has no best yet: its state (at
    /// OUT.last) records none, is the model reported, and resumes.
    @Test func aSaveBestRunInterruptedBeforeItsFirstValidationHasNoBestYet() throws {
        let dir = try Scratch.directory().path
        try writeBlobs(in: dir)
        var run = TrainingRun(config: config(in: dir, out: "m.safetensors"))
        run.policy.saveBest = true
        var batches = 0
        run.onEvent = { if case .batch = $0 { batches += 1 } }
        run.shouldStop = { batches >= 7 }
        let outcome = try run.run()
        #expect(outcome.interrupted && outcome.checkpointPath == dir + "/m.last.safetensors", "\(String(describing: outcome.checkpointPath))")
        let state = try Checkpoint.load(path: dir + "/m.last.safetensors")
        #expect(state.best == nil && state.batchesDone == 7)
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
        var resumed = TrainingRun(config: state.config)
        (resumed.resume, resumed.resumePath, resumed.policy) = (state, dir + "/m.last.safetensors", run.policy)
        resumed.config.out = dir + "/m.safetensors"
        let finished = try resumed.run()
        #expect(finished.epochsDone == 4 && finished.checkpointPath == dir + "/m.safetensors" && finished.bestEpoch != nil)
    }
}
