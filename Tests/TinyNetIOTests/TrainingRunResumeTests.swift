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
}
