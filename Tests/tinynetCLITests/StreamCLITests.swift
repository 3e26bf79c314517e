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

    /// Standard input (`-`) is read once too, and said to be standard input, whatever it is fed from.
    @Test func streamingRefusesStandardInputByName() throws {
        let r = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec \"$0\" train --stream --data - --layers linear < \"$1\"",
                                                                    CLI.binary.path, CLI.data("iris.csv")])
        #expect(r.status == 2 && r.stderr.contains("--data - is standard input, read once") && r.stderr.contains("/dev/stdin"), "\(r.stderr)")
    }

    /// A class whose rows val_split all holds out (two of 150 iris rows relabelled "9": the streamed split's hash
    /// holds both out at seed 0; in memory, a class of one row with val_split 0.6) is warned of: the model
    /// cannot learn to predict it. A class that keeps a training row is not.
    @Test func aClassWithoutTrainingRowsIsWarnedOf() throws {
        let dir = try CLI.temporaryDirectory()
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        func relabelled(_ rows: Set<Int>) -> String {
            ([lines[0]] + lines.dropFirst().enumerated().map { i, line in
                rows.contains(i) ? line.split(separator: ",").dropLast().joined(separator: ",") + ",9" : line
            }).joined(separator: "\n") + "\n"
        }
        try relabelled([4, 6]).write(to: dir.appendingPathComponent("two.csv"), atomically: true, encoding: .utf8)
        try relabelled([0]).write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let says = "1 class (\"9\") has no training rows: val_split held out all its rows, so the model can never predict it"
        for (file, split, extra, warned) in [("two.csv", "0.2", ["--stream"], true), ("one.csv", "0.6", [], true), ("one.csv", "0.2", [], false)] {
            let r = try CLI.run(["train", "--data", file, "--val-split", split, "--layers", "linear", "--epochs", "1", "--out", "/dev/null"] + extra, in: dir)
            #expect(r.status == 0 && r.stderr.contains(says) == warned, "\(file) \(split) \(extra): \(r.stderr)")
        }
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
