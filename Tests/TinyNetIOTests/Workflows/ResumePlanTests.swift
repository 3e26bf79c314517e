import Foundation
import TestScratch
import Testing

@testable import TinyNetIO

/// `ResumePlan`: the configuration and checkpoint `train` runs with, and `ignoredColumnsWarning`.
@Suite struct ResumePlanTests {
    /// A one-epoch model of two separable classes, validated on a held-out quarter, written to `out`.
    private func trainedCheckpoint(at out: String) throws -> TrainConfig {
        let data = URL(fileURLWithPath: out).deletingLastPathComponent().appendingPathComponent("d.csv").path
        let rows = (0..<40).map { i in "\(Double(i % 2) * 4 + Double(i) / 100),\(Double(i % 3)),\(i % 2)" }
        try (["x1,x2,label"] + rows).joined(separator: "\n").appending("\n").write(toFile: data, atomically: true, encoding: .utf8)
        var config = TrainConfig()
        (config.data, config.out, config.layers, config.epochs, config.valSplit) = (data, out, ["linear"], 1, 0.25)
        _ = try TrainingRun(config: config).run()
        return config
    }

    /// The resumed configuration with one more epoch (`epochs` is the total).
    private func oneMoreEpoch(_ base: TrainConfig) -> TrainConfig {
        var config = base
        config.epochs += 1
        return config
    }

    private func policy(saveBest: Bool) -> CheckpointPolicy {
        var policy = CheckpointPolicy()
        policy.saveBest = saveBest
        return policy
    }

    /// A stored config whose keys disagree (class_weight with mse, which an earlier version accepted and
    /// ignored) is named as the checkpoint's, not left without a source.
    @Test func keysThatDisagreeOnlyInTheCheckpointAreNamedSo() throws {
        let out = try Scratch.path("m.safetensors")
        _ = try trainedCheckpoint(at: out)
        var checkpoint = try Checkpoint.load(path: out)
        (checkpoint.config.loss, checkpoint.config.classWeight) = (.mse, .balanced)
        checkpoint.loss = .mse
        let old = try Scratch.path("old.safetensors")
        try checkpoint.write(to: old)
        #expect { try ResumePlan(resumePath: old, policy: CheckpointPolicy()) { self.oneMoreEpoch($0) } } throws: { error in
            "\(error)".hasPrefix("--resume: class_weight = \"balanced\" weights the softmax_ce and bce losses") && "\(error)".contains("as stored in the config of \(old)")
        }
        let fixed = try ResumePlan(resumePath: old, policy: CheckpointPolicy()) { base in
            var config = self.oneMoreEpoch(base)
            try config.set(.classWeight, .string("none"), source: "--class-weight")
            return config
        }
        #expect(fixed.config.classWeight == .unweighted)
    }

    @Test func aFreshRunResolvesOverTheDefaults() throws {
        let plan = try ResumePlan(resumePath: nil, policy: CheckpointPolicy()) { base in
            #expect(base == TrainConfig())
            var config = base
            config.epochs = 7
            return config
        }
        #expect(plan.checkpoint == nil && plan.config.epochs == 7 && plan.config.out == TrainConfig().out)
    }

    @Test func keepingTheBestNeedsValidationRows() throws {
        #expect(throws: ConfigError(file: nil, message: "--save-best and --early-stopping watch the validation loss: give --val-data FILE or --val-split FRACTION")) {
            try ResumePlan(resumePath: nil, policy: policy(saveBest: true)) { $0 }
        }
    }

    @Test func aResumeWritesWhereItWasReadFrom() throws {
        let dir = try Scratch.directory().path
        let trained = try trainedCheckpoint(at: dir + "/m.last.safetensors")
        let base = try ResumePlan(resumePath: dir + "/m.last.safetensors", policy: CheckpointPolicy()) { base in
            #expect(base.data == trained.data && base.valSplit == 0.25)
            return oneMoreEpoch(base)
        }
        #expect(base.checkpoint?.epochsDone == 1 && base.config.out == dir + "/m.last.safetensors")
        // Resuming OUT.last of a run that keeps the best at OUT keeps the best there; --out wins over both.
        let best = try ResumePlan(resumePath: dir + "/m.last.safetensors", policy: policy(saveBest: true), resolve: oneMoreEpoch)
        #expect(best.config.out == dir + "/m.safetensors")
        let given = try ResumePlan(resumePath: dir + "/m.last.safetensors", policy: policy(saveBest: true)) { base in
            var config = oneMoreEpoch(base)
            try config.set(.out, .string(dir + "/other.safetensors"), source: "--out")
            return config
        }
        #expect(given.config.out == dir + "/other.safetensors")
    }

    @Test func aResumeRefusesAChangedShape() throws {
        let dir = try Scratch.directory().path
        _ = try trainedCheckpoint(at: dir + "/m.safetensors")
        let error = #expect(throws: ConfigError.self) {
            try ResumePlan(resumePath: dir + "/m.safetensors", policy: CheckpointPolicy()) { base in
                var config = oneMoreEpoch(base)
                config.layers = ["linear:4", "relu", "linear"]
                return config
            }
        }
        #expect(error?.message.hasPrefix("--resume: layers is") == true, "\(String(describing: error))")
    }

    /// A checkpoint that has done the most epochs a count holds (crafted: its config says as many) is refused
    /// with a message, not a trap computing the next count.
    @Test func aCheckpointAtTheLargestEpochCountCannotGoOn() throws {
        let dir = try Scratch.directory().path
        _ = try trainedCheckpoint(at: dir + "/m.safetensors")
        var file = try SafetensorsFile.load(path: dir + "/m.safetensors")
        file.metadata["epochs_done"] = "\(Int.max)"
        file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"epochs\":1,", with: "\"epochs\":\(Int.max),")
        try file.write(toFile: dir + "/m.safetensors")
        let error = #expect(throws: ConfigError.self) {
            try ResumePlan(resumePath: dir + "/m.safetensors", policy: CheckpointPolicy()) { $0 }
        }
        #expect(error?.message.hasSuffix("no count is larger, so it cannot train further") == true, "\(String(describing: error))")
    }

    @Test func ignoredColumnsAreNamedUpToEight() {
        #expect(ignoredColumnsWarning([]) == nil)
        #expect(ignoredColumnsWarning(["notes"]) == "ignoring 1 column(s) the model does not use: notes")
        let nine = (1...9).map { "c\($0)" }
        #expect(ignoredColumnsWarning(nine, model: "the resumed model")
            == "ignoring 9 column(s) the resumed model does not use: c1, c2, c3, c4, c5, c6, c7, c8, …")
    }

    /// The last checkpoint's path keeps the directory as given (a relative one stays relative), and
    /// `bestPath(forLast:)` undoes it.
    @Test func lastPathKeepsTheGivenDirectory() {
        let cases = [
            ("m.safetensors", "m.last.safetensors"), ("runs/m.safetensors", "runs/m.last.safetensors"),
            ("./m.safetensors", "./m.last.safetensors"), ("/tmp/a.b/m", "/tmp/a.b/m.last"), ("a.b/m", "a.b/m.last"),
            (".hidden", ".hidden.last"), ("m.tar.gz", "m.tar.last.gz"),
            ("m.", "m..last"),  // a trailing dot is no extension: the word goes after it
        ]
        for (out, last) in cases {
            #expect(CheckpointPolicy.lastPath(for: out) == last)
            #expect(CheckpointPolicy.bestPath(forLast: last) == out)
            // An interrupted run's state kept beside the last checkpoint resumes with the same best.
            #expect(CheckpointPolicy.bestPath(forLast: CheckpointPolicy.interruptedPath(for: last)) == out)
        }
        // A hidden file named ".last" is not the last checkpoint of an empty name: it is its own best.
        for name in [".last", "runs/.last", ".interrupted"] { #expect(CheckpointPolicy.bestPath(forLast: name) == name) }
    }

    /// What an interrupted run must keep: a regular file from before it, not the checkpoint it resumed,
    /// nor a device it writes to.
    @Test func aFileFromBeforeTheRunIsARegularFileNotTheResumedOne() throws {
        let dir = try Scratch.directory()
        let model = dir.appendingPathComponent("m.safetensors").path
        try Data("earlier".utf8).write(to: URL(fileURLWithPath: model))
        #expect(holdsEarlierFile(model, resumedFrom: nil))
        #expect(!holdsEarlierFile(model, resumedFrom: model))
        #expect(!holdsEarlierFile(dir.appendingPathComponent("new.safetensors").path, resumedFrom: nil))
        #expect(!holdsEarlierFile("/dev/null", resumedFrom: nil))
    }

    /// An interrupted run's state goes beside a file from before the run, and not over an earlier
    /// interrupted run's state there either: to the first free "interrupted-N" ("m.interrupted-2.safetensors"),
    /// except back into the state it resumed from. `bestPath(forLast:)` maps each back to OUT.
    @Test func anInterruptKeepsAnEarlierInterruptedState() throws {
        let dir = try Scratch.directory()
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let out = path("m.safetensors")
        let state = { (resumedFrom: String?) in
            CheckpointPolicy.statePath(for: out, interrupted: true, keepingEarlierFile: true, resumedFrom: resumedFrom)
        }
        #expect(CheckpointPolicy.statePath(for: out, interrupted: false, keepingEarlierFile: true) == out)
        #expect(CheckpointPolicy.statePath(for: out, interrupted: true, keepingEarlierFile: false) == out)
        #expect(state(nil) == path("m.interrupted.safetensors"))
        try Data("earlier interrupt".utf8).write(to: URL(fileURLWithPath: path("m.interrupted.safetensors")))
        #expect(state(nil) == path("m.interrupted-2.safetensors"))
        try Data("another".utf8).write(to: URL(fileURLWithPath: path("m.interrupted-2.safetensors")))
        #expect(state(nil) == path("m.interrupted-3.safetensors"))
        let plot = dir.path + "/./m.interrupted-3.safetensors"  // another output (--plot) not yet written, spelled otherwise
        #expect(CheckpointPolicy.statePath(for: out, interrupted: true, keepingEarlierFile: true, otherOutputs: [plot]) == path("m.interrupted-4.safetensors"))
        #expect(state(path("m.interrupted.safetensors")) == path("m.interrupted.safetensors"), "resumed from it: written back")
        try Data("resumed".utf8).write(to: URL(fileURLWithPath: path("m.interrupted-5.safetensors")))
        #expect(state(path("m.interrupted-5.safetensors")) == path("m.interrupted-5.safetensors"), "not the free -3")
        #expect(CheckpointPolicy.bestPath(forLast: "m.last.interrupted-+2.safetensors") == "m.last.interrupted-+2.safetensors")
        for name in ["m.last.interrupted-2.safetensors", "m.last.interrupted-12.safetensors", "m.last.interrupted.safetensors"] {
            #expect(CheckpointPolicy.bestPath(forLast: "runs/" + name) == "runs/m.safetensors")
        }
        #expect(CheckpointPolicy.bestPath(forLast: "m.last.interrupted-x.safetensors") == "m.last.interrupted-x.safetensors")
    }

    /// With --save-best, a file at OUT from before the run is not this run's model: until the run writes a
    /// best there, the model is where its last state goes.
    @Test func anEarlierFileAtOutIsNotTheRunsBest() throws {
        let dir = try Scratch.directory()
        let out = dir.appendingPathComponent("m.safetensors").path
        try Data("earlier".utf8).write(to: URL(fileURLWithPath: out))
        let session = CheckpointSession(policy: policy(saveBest: true), out: out, write: true)
        #expect(session.pathHoldingTheModel == CheckpointPolicy.lastPath(for: out))
        let resumed = CheckpointSession(policy: policy(saveBest: true), out: out, write: true, resumedWithBest: true)
        #expect(resumed.pathHoldingTheModel == out, "a resumed run's best stays at OUT")
    }
}
