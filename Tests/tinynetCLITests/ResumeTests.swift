import Foundation
import Testing

/// Checkpoints you can trust: exact resume, interrupts, divergence, best/last.
@Suite struct ResumeTests {
    /// The tensor bytes of a safetensors file, by name (metadata left out).
    func tensors(_ url: URL) throws -> [String: Data] {
        let bytes = try Data(contentsOf: url)
        let n = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as! [String: Any]
        var out: [String: Data] = [:]
        for (name, entry) in header where name != "__metadata__" {
            let offsets = (entry as! [String: Any])["data_offsets"] as! [Int]
            out[name] = bytes.subdata(in: (8 + n + offsets[0])..<(8 + n + offsets[1]))
        }
        return out
    }

    /// Waits for `process` to end, up to `seconds`; kills it and returns false if it does not.
    func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return false }
        return true
    }

    /// Starts `process` and reads its stderr until `text` appears (or it ends).
    func start(_ process: Process, waitingFor text: String) throws -> (pipe: Pipe, seen: String) {
        let err = Pipe()
        (process.standardError, process.standardOutput) = (err, FileHandle.nullDevice)
        try process.run()
        var seen = ""
        while !seen.contains(text) {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return (err, seen)
    }

    /// An output that is a FIFO waits for a reader; a signal then ends the wait at once, saying so (the
    /// handlers restart interrupted system calls, so a first signal during training used to be lost in it).
    @Test(arguments: [["--out", "fifo"], ["--out", "m.safetensors", "--log", "fifo"]])
    func aSignalEndsAWaitForAFIFOReader(outputs: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try #require(mkfifo(dir.appendingPathComponent("fifo").path, 0o644) == 0)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear:4,relu,linear", "--epochs", "1"] + outputs
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "epoch 1/1")  // trained: now writing
        // Signal once the process waits in the open (Linux names the wait in wchan; elsewhere, a pause).
        let wchan = "/proc/\(process.processIdentifier)/wchan"
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, FileManager.default.fileExists(atPath: wchan),
              (try? String(contentsOfFile: wchan, encoding: .utf8))?.contains("partner") != true { usleep(20_000) }
        if !FileManager.default.fileExists(atPath: wchan) { usleep(300_000) }
        kill(process.processIdentifier, SIGTERM)
        #expect(waitForExit(process, seconds: 20), "a SIGTERM did not end the wait")
        let message = err.seen + String(decoding: err.pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 143, "\(message)")
        #expect(message.contains("interrupted while waiting for a reader of the FIFO fifo; stopped at once, without writing a checkpoint"), "\(message)")
        // Off a terminal there is no live line to end: the message is a line of its own, with no blank line before it.
        #expect(!message.contains("\n\ninterrupted") && message.contains("\ninterrupted while waiting"), "\(message)")
    }

    /// Once an open of a FIFO has found its reader, a signal is the usual first one again: a run whose --log is
    /// a FIFO (written each epoch) stops after its batch and writes its checkpoint, not "waiting for a reader".
    @Test func aSignalAfterAFIFOOpenStopsTheRunGracefully() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("log.fifo").path
        try #require(mkfifo(fifo, 0o644) == 0)
        let reader = open(fifo, O_RDWR)  // a reader for the whole run (read-write: its open does not wait)
        try #require(reader >= 0)
        defer { close(reader) }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:64,relu,linear", "--epochs", "500",
                             "--batch-size", "16", "--out", "m.safetensors", "--log", "log.fifo"]
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "epoch 2/500")  // epoch 1's row went through the FIFO
        process.interrupt()
        let message = err.seen + String(decoding: err.pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message.suffix(300))")
        #expect(message.contains("interrupted after epoch") && !message.contains("waiting for a reader"), "\(message.suffix(300))")
        let inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
        #expect(inspect.status == 0 && (inspect.json["epochs_done"] as? Int ?? 0) >= 2, "\(inspect.stdout)")
    }

    let base = ["--data", CLI.data("digits.csv.gz"), "--layers", "linear:32,relu,linear", "--val-split", "0.2",
                "--batch-size", "32", "--lr", "0.05", "--momentum", "0.9", "--lr-schedule", "step:1:0.5", "--seed", "7", "--quiet"]

    @Test func twoPlusTwoEpochsEqualFour() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "4", "--out", "full.safetensors"], in: dir).status == 0)
        #expect(try CLI.run(["train"] + base + ["--epochs", "2", "--out", "resumed.safetensors"], in: dir).status == 0)
        let resumed = try CLI.run(["train", "--resume", "resumed.safetensors", "--epochs", "4", "--quiet", "--json"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.json["epochs"] as? Int == 4)
        let full = try tensors(dir.appendingPathComponent("full.safetensors"))
        #expect(full.count == 10, "weights, biases and their velocities")
        #expect(try tensors(dir.appendingPathComponent("resumed.safetensors")) == full)
    }

    /// Momentum switched on at a resume of a run without it starts its buffer from the next gradient, as
    /// torch.optim.SGD does (it keeps none at momentum 0): on full batches the first step is then plain SGD's,
    /// not one carrying the stored last gradient.
    @Test func momentumSwitchedOnAtAResumeStartsFresh() throws {
        let dir = try CLI.temporaryDirectory()
        let flags = ["--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--dtype", "f64", "--batch-size", "1000", "--lr", "0.1"]
        #expect(try CLI.run(["train"] + flags + ["--epochs", "3", "--out", "m3.safetensors"], in: dir).status == 0)
        for (momentum, out) in [("0", "plain.safetensors"), ("0.9", "momentum.safetensors")] {
            let r = try CLI.run(["train", "--resume", "m3.safetensors", "--momentum", momentum, "--epochs", "4", "--out", out], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let plain = try tensors(dir.appendingPathComponent("plain.safetensors"))
        let momentum = try tensors(dir.appendingPathComponent("momentum.safetensors"))
        for name in ["0.weight", "0.bias", "2.weight", "2.bias"] { #expect(plain[name] != nil && plain[name] == momentum[name], "\(name)") }
    }

    /// A config file's `out` is where a resumed run writes, as the file's other keys apply: the checkpoint it
    /// resumed from is left as it was. Without one (and without --out) the run writes back to it.
    @Test func aConfigFilesOutIsWhereAResumedRunWrites() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        try "out = \"next.safetensors\"\nlr = 0.02\n".write(to: dir.appendingPathComponent("more.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--config", "more.toml", "--resume", "m.safetensors", "--epochs", "2", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("note: writing to next.safetensors (out in more.toml), not back to m.safetensors\n"), "\(r.stderr)")
        #expect(r.json["checkpoint"] as? String == "next.safetensors")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before, "the resumed checkpoint is kept")
        let back = try CLI.run(["train", "--resume", "next.safetensors", "--epochs", "3", "--quiet", "--json"], in: dir)
        #expect(back.status == 0 && back.json["checkpoint"] as? String == "next.safetensors", "\(back.stderr)")
        // No note where the config's out is where the run writes anyway: the resumed file, however spelled, or
        // OUT for OUT.last under --save-best.
        try "out = \"./next.safetensors\"\n".write(to: dir.appendingPathComponent("same.toml"), atomically: true, encoding: .utf8)
        let same = try CLI.run(["train", "--config", "same.toml", "--resume", "next.safetensors", "--epochs", "4"], in: dir)
        #expect(same.status == 0 && !same.stderr.contains("note:"), "\(same.stderr)")
        try "out = \"b.safetensors\"\n".write(to: dir.appendingPathComponent("best.toml"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train"] + base + ["--config", "best.toml", "--save-best", "--epochs", "1"], in: dir).status == 0)
        let best = try CLI.run(["train", "--config", "best.toml", "--save-best", "--resume", "b.last.safetensors", "--epochs", "2"], in: dir)
        #expect(best.status == 0 && !best.stderr.contains("note:"), "\(best.stderr)")
    }

    @Test func resumeRefusesAShapeChange() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let r = try CLI.run(["train", "--resume", "m.safetensors", "--layers", "linear:64,relu,linear", "--epochs", "2"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("layers") && r.stderr.contains("keeps the model's shape"), "\(r.stderr)")
        // The seed chooses the validation rows: the refusal says so rather than speak of the model's shape.
        let seed = try CLI.run(["train", "--resume", "m.safetensors", "--seed", "99", "--epochs", "2"], in: dir)
        #expect(seed.status == 2 && seed.stderr.contains("seed is 99") && seed.stderr.contains("validation rows"), "\(seed.stderr)")
    }

    /// The label column is the same column however it is named: by name, by index or by default (the last).
    @Test func theSameLabelColumnByIndexNameOrDefaultResumes() throws {
        let dir = try CLI.temporaryDirectory()
        let iris = ["--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--quiet"]  // label: column 4, "label"
        #expect(try CLI.run(["train"] + iris + ["--epochs", "1", "--out", "default.safetensors"], in: dir).status == 0)
        #expect(try CLI.run(["train"] + iris + ["--label", "4", "--epochs", "1", "--out", "index.safetensors"], in: dir).status == 0)
        for (model, label) in [("default", ["--label", "4"]), ("default", ["--label", "label"]), ("index", []), ("index", ["--label", "label"])] {
            let r = try CLI.run(["train", "--resume", "\(model).safetensors", "--epochs", "2", "--out", "r.safetensors", "--quiet"] + label, in: dir)
            #expect(r.status == 0, "\(model) \(label): \(r.stderr)")
        }
        let other = try CLI.run(["train", "--resume", "default.safetensors", "--label", "0", "--epochs", "2", "--out", "r.safetensors"], in: dir)
        #expect(other.status == 2 && other.stderr.contains("--label 0 picks the column \"sepal length (cm)\", but the checkpoint was trained on \"label\""),
                "another column is refused, both named: \(other.stderr)")
    }

    @Test func anInterruptedRunResumesToTheSameResult() throws {
        let dir = try CLI.temporaryDirectory()
        let args = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:64,relu,linear", "--epochs", "150",
                    "--batch-size", "16", "--lr", "0.01", "--momentum", "0.9", "--seed", "3"]
        #expect(try CLI.run(args + ["--out", "full.safetensors", "--quiet", "--log", "full.csv"], in: dir).status == 0)
        // Send SIGINT once the first epoch line appears on stderr.
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = args + ["--out", "cut.safetensors", "--log", "cut.csv"]
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "epoch 1/150")
        process.interrupt()
        let rest = err.pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = err.seen + String(decoding: rest, as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(message.suffix(300))")
        #expect(message.contains("interrupted after epoch"))
        #expect(message.contains("continue with: tinynet train --resume cut.safetensors --log cut.csv"), "\(message.suffix(300))")  // the log goes on too
        let resumed = try CLI.run(["train", "--resume", "cut.safetensors", "--quiet", "--log", "cut.csv"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try tensors(dir.appendingPathComponent("cut.safetensors")) == tensors(dir.appendingPathComponent("full.safetensors")))
        // The log's rows, the interrupted epoch's too, are those of the uninterrupted run (but for the seconds).
        func rows(_ name: String) throws -> [String] {
            try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
                .map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        }
        #expect(try rows("cut.csv") == rows("full.csv"))
    }

    /// A checkpoint written mid-epoch continues that epoch's shuffled order over its rows: another file with
    /// the same columns and rows in another order is refused (exit 2), the original resumes.
    @Test func aMidEpochCheckpointResumesOnlyOnItsRows() throws {
        let dir = try CLI.temporaryDirectory()
        let digits = try String(decoding: gunzipped(CLI.data("digits.csv.gz")), as: UTF8.self).split(separator: "\n")
        try (digits.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try (([digits[0]] + digits.dropFirst().reversed()).joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("reversed.csv"), atomically: true, encoding: .utf8)
        // An interrupt lands mid-epoch unless it meets one of the 225 batches' last: then try again.
        var inspect = CLIResult(status: 1, stdout: "", stderr: "")
        for _ in 0..<3 where (inspect.json["batches_done"] as? Int ?? 0) == 0 {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("m.safetensors"))  // (else the interrupt keeps it)
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["train", "--data", "d.csv", "--layers", "linear:64,relu,linear", "--epochs", "100000", "--batch-size", "8",
                                 "--out", "m.safetensors"]
            process.currentDirectoryURL = dir
            let err = try start(process, waitingFor: "epoch 1/100000")
            usleep(100_000)  // (at once, the signal would meet the first batch of epoch 2)
            process.interrupt()
            _ = err.pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
        }
        try #require((inspect.json["batches_done"] as? Int ?? 0) > 0, "\(inspect.stdout)")
        let done = try #require(inspect.json["epochs_done"] as? Int)
        let other = try CLI.run(["train", "--resume", "m.safetensors", "--data", "reversed.csv", "--epochs", "\(done + 1)"], in: dir)
        #expect(other.status == 2 && other.stderr.contains("other rows (as many, 1797, but different values or order)"), "\(other.stderr)")
        let same = try CLI.run(["train", "--resume", "m.safetensors", "--epochs", "\(done + 1)", "--quiet"], in: dir)
        #expect(same.status == 0, "\(same.stderr)")
    }

    /// The bytes of a gzip file, through gzip -dc.
    private func gunzipped(_ path: String) throws -> Data {
        try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc \"$0\"", path]).stdout.data(using: .utf8)!
    }

    /// An interrupted run does not replace a model from before it: the model at --out is kept byte for
    /// byte, the interrupted state goes to OUT.interrupted.EXT, and the command the message gives resumes
    /// it into --out. (A run resumed from --out, or one that already wrote it, writes back there.) A --plot
    /// given that name (written after the state) sends the state on to OUT.interrupted-2.EXT.
    @Test(arguments: [false, true], [false, true])
    func anInterruptKeepsAModelFromBeforeTheRun(stream: Bool, plotInTheWay: Bool) throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:64,relu,linear", "--epochs", "500",
                             "--batch-size", "16", "--out", "m.safetensors"] + (stream ? ["--stream"] : [])
            + (plotInTheWay ? ["--plot", "./m.interrupted.safetensors"] : [])
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "epoch 1/500")
        process.interrupt()
        let message = err.seen + String(decoding: err.pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message.suffix(300))")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before, "the earlier model is kept")
        let state = plotInTheWay ? "m.interrupted-2.safetensors" : "m.interrupted.safetensors"
        #expect(message.contains("checkpoint written to \(state); m.safetensors, from before this run, is kept"), "\(message.suffix(300))")
        let inspect = try CLI.run(["inspect", state, "--json"], in: dir)
        #expect(inspect.status == 0 && (inspect.json["layers"] as? [String])?.count == 3, "\(inspect.stdout)")
        if plotInTheWay {
            #expect(try String(contentsOf: dir.appendingPathComponent("m.interrupted.safetensors"), encoding: .utf8).hasPrefix("<svg"))
        }
        guard !stream else { return }
        #expect(message.contains("continue with: tinynet train --resume \(state) --out m.safetensors"), "\(message.suffix(300))")
        let resumed = try CLI.run(["train", "--resume", state, "--out", "m.safetensors", "--quiet", "--json"], in: dir)
        #expect(resumed.status == 0 && resumed.json["checkpoint"] as? String == "m.safetensors", "\(resumed.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) != before, "a finished run replaces it")
    }

    /// Ctrl-C while the data loads (here: a FIFO whose writer sends nothing, so that tinynet waits in a
    /// read) exits at once and writes nothing: the model already at --out and the plot are kept.
    @Test func anInterruptBeforeTheFirstStepExitsAtOnceKeepingTheOutputs() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        try Data("an earlier plot".utf8).write(to: dir.appendingPathComponent("curves.svg"))
        let fifo = dir.appendingPathComponent("rows.csv").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", "rows.csv", "--layers", "linear", "--out", "m.safetensors", "--plot", "curves.svg"]
        process.currentDirectoryURL = dir
        let err = Pipe()
        (process.standardError, process.standardOutput) = (err, FileHandle.nullDevice)
        try process.run()
        let writer = FileHandle(forWritingAtPath: fifo)!  // opens once tinynet opens it to read
        process.interrupt()
        let exited = waitForExit(process, seconds: 60)
        try writer.close()
        #expect(exited, "a signal while waiting for the data must end the run")
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130 && message.contains("before the first training step; nothing written"), "\(message)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before)
        #expect(try String(contentsOf: dir.appendingPathComponent("curves.svg"), encoding: .utf8) == "an earlier plot")
    }

    /// A second signal while the first lets the batch finish and the checkpoint be written exits at once
    /// without a checkpoint (and without a temporary file left behind).
    @Test func aSecondSignalStopsAtOnceWithoutWriting() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:256,relu,linear", "--epochs", "500",
                             "--out", "m.safetensors"]
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "epoch 1/500")
        process.interrupt()
        kill(process.processIdentifier, SIGTERM)  // another signal: two SIGINTs sent at once could merge into one
        let rest = err.pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = err.seen + String(decoding: rest, as: UTF8.self)
        // 128 + the signal that ended it: whichever of the two the kernel delivered second.
        #expect([130, 143].contains(process.terminationStatus), "status \(process.terminationStatus)")
        #expect(message.contains("interrupted again: stopped at once"), "\(message.suffix(300))")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["m.safetensors"])
    }

    /// A signal that lands as the run ends (here in the last epoch's long validation, after its only batch) lets it
    /// finish, and still says so and exits 128 + the signal (it exited 0, so a Ctrl-C did not stop a shell loop).
    @Test func aSignalAsTheRunEndsStillExitsWithTheSignal() throws {
        let dir = try CLI.temporaryDirectory()
        let digits = try String(decoding: gunzipped(CLI.data("digits.csv.gz")), as: UTF8.self)
        let header = digits.prefix { $0 != "\n" }, body = digits.dropFirst(header.count + 1)
        try (header + "\n" + String(repeating: String(body), count: 150)).write(to: dir.appendingPathComponent("val.csv"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--val-data", "val.csv", "--layers", "linear:2048,relu,linear",
                             "--epochs", "1", "--batch-size", "2048", "--out", "m.safetensors"]
        process.currentDirectoryURL = dir
        let err = try start(process, waitingFor: "model ")
        // Past the initial loss and the one batch (a signal before it stops the run with nothing trained), within
        // the validation of 270 000 rows (about two seconds) or the write: the run completes.
        usleep(300_000)
        process.interrupt()
        let rest = err.pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = err.seen + String(decoding: rest, as: UTF8.self)
        #expect(process.terminationStatus == 130 && message.contains("interrupted as the run ended: it trained every epoch and wrote m.safetensors"),
                "\(process.terminationStatus): \(message.suffix(400))")
        #expect(try CLI.run(["inspect", "m.safetensors"], in: dir).stdout.contains(", 1 epoch, seed"))
    }

    /// A log that runs ahead of the checkpoint resumed (a run killed after an epoch's row, before its checkpoint)
    /// is warned of: the resumed run's rows repeat those epochs.
    @Test func aLogAheadOfTheCheckpointIsWarnedOfOnResume() throws {
        let dir = try CLI.temporaryDirectory()
        let args = ["--data", CLI.data("iris.csv"), "--layers", "linear", "--log", "l.csv"]
        #expect(try CLI.run(["train"] + args + ["--epochs", "2", "--out", "m.safetensors", "--quiet"], in: dir).status == 0)
        let log = dir.appendingPathComponent("l.csv")
        let rows = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        try (rows.joined(separator: "\n") + "\n" + "3" + rows[2].drop { $0 != "," } + "\n").write(to: log, atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["train", "--resume", "m.safetensors", "--epochs", "4"] + args, in: dir)
        #expect(resumed.status == 0 && resumed.stderr.contains(
            "warning: --log l.csv ends with rows for epoch 3, after the checkpoint's epoch 2: the rows this run appends repeat it"), "\(resumed.stderr)")
        let again = try CLI.run(["train", "--resume", "m.safetensors", "--epochs", "5"] + args, in: dir)  // its log ends at its epoch 4
        #expect(again.status == 0 && !again.stderr.contains("warning"), "\(again.stderr)")
    }

    /// Resuming a run that keeps the best (from its OUT.last, as the interrupt message says) keeps the best
    /// at OUT: the best validation loss is stored, so a worse resumed epoch does not replace it.
    @Test func aResumedSaveBestRunKeepsItsBest() throws {
        let dir = try CLI.temporaryDirectory()
        let run = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear:16,relu,linear", "--val-split", "0.3",
                   "--lr", "0.5", "--momentum", "0.9", "--save-best", "--quiet", "--json"]
        let first = try CLI.run(run + ["--epochs", "30", "--out", "b.safetensors"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let best = try Data(contentsOf: dir.appendingPathComponent("b.safetensors"))
        let bestEpoch = first.json["best_epoch"] as? Int ?? 0
        let resumed = try CLI.run(["train", "--resume", "b.last.safetensors", "--save-best", "--epochs", "31", "--json"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.json["checkpoint"] as? String == "b.safetensors", "\(resumed.stdout)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(files == ["b.safetensors", "b.last.safetensors"], "\(files)")
        // (This seeded run peaks early, at epoch 8: epoch 31 is worse and must not replace it.)
        #expect(bestEpoch < 30 && resumed.json["best_epoch"] as? Int == bestEpoch, "\(first.stdout) \(resumed.stdout)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("b.safetensors")) == best, "the best is kept")
        // Resumed into another --out that no better epoch reaches, the model written is the last: said so.
        let elsewhere = try CLI.run(["train", "--resume", "b.last.safetensors", "--save-best", "--epochs", "32", "--out", "o.safetensors", "--json"], in: dir)
        #expect(elsewhere.status == 0 && elsewhere.json["checkpoint"] as? String == "o.last.safetensors", "\(elsewhere.stdout)")
    }

    /// Resumed on a file with more columns, the model keeps its features and says which it ignores.
    @Test func resumingOnAFileWithMoreColumnsNamesTheIgnoredOnes() throws {
        let dir = try CLI.temporaryDirectory()
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n")
        let wider = [lines[0] + ",extra"] + lines.dropFirst().map { $0 + ",1" }
        try wider.joined(separator: "\n").write(to: dir.appendingPathComponent("wider.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let r = try CLI.run(["train", "--resume", "m.safetensors", "--data", "wider.csv", "--epochs", "2"], in: dir)
        #expect(r.status == 0 && r.stderr.contains("warning: ignoring 1 column(s) the resumed model does not use: extra"), "\(r.stderr)")
    }

    /// The cosine schedule depends on the total: a resume with another total says the rate jumps.
    @Test func resumingACosineScheduleWithAnotherTotalWarns() throws {
        let dir = try CLI.temporaryDirectory()
        let first = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--lr-schedule", "cosine", "--out", "c.safetensors"]
        #expect(try CLI.run(first + ["--epochs", "4"], in: dir).status == 0)
        let r = try CLI.run(["train", "--resume", "c.safetensors", "--epochs", "10"], in: dir)
        #expect(r.status == 0 && r.stderr.contains("warning: the cosine schedule follows the total epochs, 4 in the first run and 10 now"), "\(r.stderr)")
    }

    /// A streamed run's checkpoint resumes in memory, where every epoch shuffles all rows: said, since the run does
    /// not continue as the streamed one would have.
    @Test func resumingAStreamedRunInMemoryWarns() throws {
        let dir = try CLI.temporaryDirectory()
        let first = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--stream", "--shuffle-buffer", "20", "--out", "s.safetensors"]
        #expect(try CLI.run(first + ["--epochs", "2"], in: dir).status == 0)
        let r = try CLI.run(["train", "--resume", "s.safetensors", "--epochs", "4"], in: dir)
        #expect(r.status == 0 && r.stderr.contains("warning: the checkpoint was trained with --stream (a shuffle buffer of 20 rows)"), "\(r.stderr)")
        #expect(try CLI.run(["train", "--resume", "s.safetensors", "--epochs", "6"], in: dir).stderr.contains("--stream") == false,
                "a checkpoint written in memory is not a streamed one")
    }

    @Test func divergenceExitsOneAndLeavesTheCheckpointAlone() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + base + ["--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        let r = try CLI.run(["train"] + base + ["--epochs", "3", "--lr", "1e30", "--input-scale", "10", "--out", "m.safetensors"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("diverged at epoch 1, batch") && r.stderr.contains("lower learning rate"), "\(r.stderr)")
        #expect(r.stderr.contains("divide the learning rate by it"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files == ["m.safetensors"], "no NaN or temporary file left: \(files)")
    }

    /// A regression target in the hundreds, left as it is (--no-standardize-target), makes the MSE gradients
    /// that much larger: the divergence message says so and names --standardize-target (in memory and
    /// streamed). The default, a standardized target, trains.
    @Test(arguments: [[], ["--stream"]])
    func divergenceOnALargeRawTargetPointsAtStandardizeTarget(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let arguments = ["train", "--data", CLI.data("diabetes.csv"), "--task", "regression", "--layers", "linear:32,relu,linear",
                         "--epochs", "5", "--lr", "0.05", "--momentum", "0.9", "--out", "m.safetensors", "--json", "--quiet"] + stream
        let r = try CLI.run(arguments + ["--no-standardize-target"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the regression target is not standardized") && r.stderr.contains("--standardize-target"), "\(r.stderr)")
        let byDefault = try CLI.run(arguments, in: dir)
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", CLI.data("diabetes.csv"), "--json"], in: dir)
        #expect((eval.json["r2"] as? Double ?? 0) > 0.3, "trained on the z-scored target, evaluated in its own units: \(eval.stdout)")
    }

    /// The same raw target warns before the first epoch, even when training does not diverge (it then
    /// learns little); a standardized target does not.
    @Test(arguments: [[], ["--stream"]])
    func aLargeRawTargetWarnsBeforeTraining(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let arguments = ["train", "--data", CLI.data("diabetes.csv"), "--task", "regression", "--layers", "linear:8,tanh,linear",
                         "--epochs", "1", "--lr", "0.0001", "--out", "m.safetensors"] + stream
        let raw = try CLI.run(arguments + ["--no-standardize-target"], in: dir)
        #expect(raw.status == 0, "\(raw.stderr)")
        let warning = raw.stderr.range(of: "warning: the regression target is not standardized (root mean square 1")
        #expect(warning != nil && raw.stderr.contains("--standardize-target z-scores it"), "\(raw.stderr)")
        #expect(warning.map { $0.lowerBound < raw.stderr.range(of: "epoch 1/1")!.lowerBound } ?? false, "before the first epoch: \(raw.stderr)")
        let standardized = try CLI.run(arguments, in: dir)
        #expect(standardized.status == 0 && !standardized.stderr.contains("not standardized"), "\(standardized.stderr)")
    }

    /// Features on a scale of millions, left as they are (--no-standardize), make dW = dYᵀ·X that large: the
    /// divergence message names --standardize before the learning rate.
    @Test(arguments: [[], ["--stream"]])
    func divergenceOnLargeRawFeaturesPointsAtStandardize(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<200).map { i in "\(Double(i) * 50_000),\(Double(i % 7) - 3),\(Double(i % 7) * 10 + 100)" }
        try (["a,b,y"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("raw.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", "raw.csv", "--task", "regression", "--layers", "linear:16,relu,linear",
                             "--no-standardize", "--epochs", "3", "--lr", "0.1", "--out", "m.safetensors"] + stream, in: dir)
        #expect(r.status == 1 && r.stderr.contains("training diverged"), "\(r.stderr)")
        #expect(r.stderr.contains("the features are not standardized") && r.stderr.contains("pass --standardize, or try a lower learning rate"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.safetensors").path))
    }

    /// The advice fits the run: before any step (--lr 0, or the first batch) no learning rate is suggested (the
    /// initial weights already give a non-finite loss), and inputs scaled down (input_scale < 1) neither ask to
    /// divide the learning rate nor blame features that the scale shrinks.
    @Test func divergenceAdviceFitsTheLearningRateAndTheInputScale() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<50).map { i in "\(Double(i) * 1e19 - 2e20),\(Double(i % 5)),\(Double(i % 7))" }
        try (["a,b,y"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("huge.csv"), atomically: true, encoding: .utf8)
        let zero = try CLI.run(["train", "--data", "huge.csv", "--task", "regression", "--layers", "linear", "--no-standardize",
                                "--lr", "0", "--epochs", "2", "--out", "m.safetensors"], in: dir)
        #expect(zero.status == 1 && zero.stderr.contains("before any step, at the initial weights, so no learning rate helps"), "\(zero.stderr)")
        #expect(!zero.stderr.contains("lower learning rate") && !zero.stderr.contains("--lr 0;"), "\(zero.stderr)")
        let first = try CLI.run(["train", "--data", "huge.csv", "--task", "regression", "--layers", "linear", "--no-standardize",
                                 "--lr", "0.1", "--epochs", "2", "--out", "m.safetensors"], in: dir)
        #expect(first.status == 1 && first.stderr.contains("epoch 1, batch 1") && !first.stderr.contains("lower learning rate"), "\(first.stderr)")
        let down = try CLI.run(["train", "--data", CLI.data("diabetes.csv"), "--task", "regression", "--layers", "linear",
                                "--input-scale", "0.5", "--lr", "5", "--epochs", "5", "--out", "m.safetensors"], in: dir)
        #expect(down.status == 1 && down.stderr.contains("lower learning rate, e.g. --lr 0.5"), "\(down.stderr)")
        #expect(!down.stderr.contains("divide the learning rate"), "\(down.stderr)")
        // Features ×10 (largest column RMS ~1900) scaled by 0.001 reach the network at ~2: not a case for --standardize.
        let lines = try String(contentsOfFile: CLI.data("diabetes.csv"), encoding: .utf8).split(separator: "\n")
        let big = [String(lines[0])] + lines.dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (fields.dropLast().map { "\(Double($0)! * 10)" } + [String(fields.last!)]).joined(separator: ",")
        }
        try big.joined(separator: "\n").write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let shrunk = try CLI.run(["train", "--data", "big.csv", "--task", "regression", "--layers", "linear", "--no-standardize",
                                  "--input-scale", "0.001", "--lr", "50", "--epochs", "5", "--out", "m.safetensors"], in: dir)
        #expect(shrunk.status == 1 && shrunk.stderr.contains("lower learning rate") && !shrunk.stderr.contains("not standardized"), "\(shrunk.stderr)")
        // A weight decay with lr·wd > 2(1 + momentum) grows the weights at every step: the advice names it, not the learning rate.
        let decay = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--weight-decay", "1e300",
                                 "--momentum", "0.5", "--epochs", "2", "--out", "m.safetensors"], in: dir)
        #expect(decay.status == 1 && decay.stderr.contains("lr × weight_decay is 1e+298, above 3 (2(1 + μ) with momentum μ)")
                    && decay.stderr.contains("--weight-decay 1"), "\(decay.stderr)")
        #expect(!decay.stderr.contains("lower learning rate"), "\(decay.stderr)")
    }

    /// A run that diverges without overflowing (f64's range, a weight decay past the growth limit) is warned of
    /// with the advice, once, and its huge losses print in scientific notation.
    @Test func aLossGrowingAThousandfoldIsWarnedOf() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--lr", "0.1", "--weight-decay", "21",
                             "--epochs", "30", "--dtype", "f64", "--out", "m.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = r.stderr.split(separator: "\n").filter { $0.contains("times the initial loss") }
        #expect(warnings.count == 1 && warnings[0].contains("the run is diverging without overflowing")
                    && warnings[0].contains("lr × weight_decay is 2.1, above 2, where"), "\(r.stderr)")
        #expect(r.stdout.contains("final train loss 2.7") && r.stdout.contains("e+22"), "\(r.stdout)")
        let calm = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--epochs", "30", "--out", "c.safetensors"], in: dir)
        #expect(calm.status == 0 && !calm.stderr.contains("diverging"), "\(calm.stderr)")
    }

    /// --lr 0 is allowed, as torch.optim.SGD allows it: the weights do not move, so every epoch's loss is the
    /// initial loss, and the checkpoint holds the initial weights (those of a 1-epoch run, and of any).
    @Test func aZeroLearningRateKeepsTheInitialWeights() throws {
        let dir = try CLI.temporaryDirectory()
        var weights: [[String: Data]] = []
        for epochs in ["1", "3"] {
            let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--lr", "0", "--momentum", "0.9",
                                 "--epochs", epochs, "--out", "m\(epochs).safetensors"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let initial = r.stderr.split(separator: "\n").first { $0.hasPrefix("initial loss ") }?.split(separator: " ")[2]
            let losses = r.stderr.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.map { $0.split(separator: " ")[3] }
            #expect(initial != nil && losses.count == Int(epochs) && losses.allSatisfy { $0 == initial! }, "\(r.stderr)")
            weights.append(try tensors(dir.appendingPathComponent("m\(epochs).safetensors")).filter { $0.key.first!.isNumber })
        }
        #expect(weights[0].count == 4 && weights[0] == weights[1])
    }

    @Test func earlyStoppingKeepsTheBestAndTheLast() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train"] + base + ["--epochs", "100", "--lr-schedule", "constant", "--early-stopping", "3",
                                                "--out", "m.safetensors", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let epochs = r.json["epochs"] as? Int ?? 0, best = r.json["best_epoch"] as? Int ?? 0
        #expect(r.json["stopped_early"] as? Bool == true)
        #expect(epochs == best + 3, "stops 3 epochs after the best")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.last.safetensors").path))
        let inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
        #expect(inspect.json["epochs_done"] as? Int == best)
        let last = try CLI.run(["inspect", "m.last.safetensors", "--json"], in: dir)
        #expect(last.json["epochs_done"] as? Int == epochs)
    }

    /// Early stopping never stops after the first epoch, as Keras' EarlyStopping: a validation loss that is not
    /// finite there (a validation target of 1e25, whose squared error overflows f32) is no improvement, and
    /// patience 1 stopped the run at once.
    @Test func earlyStoppingRunsPastTheFirstEpoch() throws {
        let dir = try CLI.temporaryDirectory()
        let diabetes = try String(contentsOf: URL(fileURLWithPath: CLI.data("diabetes.csv")), encoding: .utf8)
        try (diabetes + "36,1,19.6,71.0,250,133.2,97.0,3.0,4.5951,92,1e25\n").write(to: dir.appendingPathComponent("val.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", CLI.data("diabetes.csv"), "--val-data", "val.csv", "--task", "regression",
                             "--layers", "linear:16,tanh,linear", "--epochs", "5", "--early-stopping", "1", "--out", "m.safetensors", "--json"], in: dir)
        #expect(r.status == 0 && r.json["epochs"] as? Int == 2 && r.json["stopped_early"] as? Bool == true, "\(r.stdout)\(r.stderr)")
    }

    @Test func saveEveryLeavesAValidCheckpointWhenTheProcessIsKilled() throws {
        let dir = try CLI.temporaryDirectory()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:64,relu,linear",
                             "--epochs", "1000", "--batch-size", "16", "--save-every", "1", "--out", "m.safetensors"]
        process.currentDirectoryURL = dir
        _ = try start(process, waitingFor: "epoch 3/1000")
        kill(process.processIdentifier, SIGKILL)  // no chance to write anything at exit
        process.waitUntilExit()
        let inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect((inspect.json["epochs_done"] as? Int ?? 0) >= 2)
    }
}
