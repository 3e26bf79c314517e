import Foundation
import Testing

/// What happens when the output side fails: a full standard output or error, a signal mid-write.
@Suite struct OutputFailureTests {
    /// Runs tinynet with stdout and stderr going where asked (a path such as /dev/full), returns its status.
    func run(_ arguments: [String], stdout: String, stderr: String, in directory: URL? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? CLI.repository
        // Without the file (no /dev/full), the child would inherit ours and test nothing.
        process.standardOutput = try #require(FileHandle(forWritingAtPath: stdout), "\(stdout)")
        process.standardError = try #require(FileHandle(forWritingAtPath: stderr), "\(stderr)")
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A file that outgrows `ulimit -f` is a write error naming it (exit 1), not SIGXFSZ killing the process
    /// (exit 153) mid-write: the checkpoint from before is kept and no temporary file is left; a log row that
    /// does not fit is taken back, so the log holds whole rows.
    @Test func aFileSizeLimitIsAWriteErrorThatKeepsTheEarlierFile() throws {
        let dir = try CLI.temporaryDirectory()
        let train = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear:512,relu,linear"]
        try #require(try CLI.run(train + ["--epochs", "1", "--out", "m.safetensors", "--quiet"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        try #require(before.count > 16 * 1024, "the checkpoint must outgrow the limit: \(before.count) bytes")
        // 16 blocks of 512 bytes (dash's and bash's unit for -f): 8 KB.
        // 100 epochs of --grad-stats rows (some 140 bytes each) outgrow it too, before the checkpoint is written.
        let limited = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "cd \"$1\" && shift && ulimit -f 16 && exec \"$0\" \"$@\"", CLI.binary.path, dir.path]
                                         + train + ["--epochs", "100", "--out", "m.safetensors", "--log", "log.csv", "--grad-stats"])
        #expect(limited.status == 1 && limited.stderr.contains("File too large"), "\(limited.status): \(limited.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp") }
        #expect(left.isEmpty, "\(left)")
        let log = try String(contentsOf: dir.appendingPathComponent("log.csv"), encoding: .utf8)
        let fields = log.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).count }
        #expect(log.hasSuffix("\n") && Set(fields).count == 1 && fields.count < 101, "whole rows only, not all 100: \(fields)")
    }

    /// A long output name is written (its temporary file takes a shortened name: ".NAME.tmp-…" was too long,
    /// and the run failed after training), as long as the names derived from it fit 255 bytes too: a longer
    /// one is refused before training, not when an interrupt or --save-best writes OUT.interrupted / OUT.last.
    @Test func aLongFileNameIsWrittenAndOneTooLongForItsDerivedNamesRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let train = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--quiet", "--val-split", "0.2"]
        let long = String(repeating: "é", count: 114) + ".safetensors"  // 240 bytes; a temporary name cut mid-character would not be UTF-8
        let r = try CLI.run(train + ["--out", long], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try CLI.run(["inspect", long], in: dir).status == 0)
        let best = try CLI.run(train + ["--out", long, "--save-best"], in: dir)  // OUT.last.interrupted-99: 260 bytes
        #expect(best.status == 1 && best.stderr.contains("the names a run writes beside it, as long as 260 bytes (OUT.last.interrupted-N.EXT), pass the 255 bytes"),
                "\(best.stderr)")
        let tooLong = String(repeating: "é", count: 121) + ".safetensors"  // 254 bytes
        for stream in [false, true] {
            let refused = try CLI.run(train.filter { $0 != "--val-split" && $0 != "0.2" } + ["--out", tooLong] + (stream ? ["--stream"] : []), in: dir)
            #expect(refused.status == 1 && refused.stderr.contains("as long as 269 bytes (OUT.interrupted-N.EXT)"), "\(refused.stderr)")
        }
    }

    /// Progress and errors that cannot be written (stderr on a full disk) neither crash nor stop the work.
    @Test func aFullStandardErrorDoesNotStopTraining() throws {
        let dir = try CLI.temporaryDirectory()
        let train = ["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--epochs", "3", "--out", "m.safetensors"]
        #expect(try run(train, stdout: "/dev/null", stderr: "/dev/full", in: dir) == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.safetensors").path))
        // An error path that cannot print its message still exits with its status, not a crash.
        #expect(try run(["eval", "--model", "m.safetensors", "--data", CLI.data("xor.csv")], stdout: "/dev/null", stderr: "/dev/full", in: dir) == 1)
    }

    /// A closed standard error pipe (`tinynet train 2>&1 >/dev/null | head -1`) neither kills training
    /// with SIGPIPE nor stops it: the checkpoint is written and the run succeeds.
    @Test func aClosedStandardErrorPipeDoesNotStopTraining() throws {
        // The test proves something only if the child starts with SIGPIPE's default action (not ignored).
        let probe = Process(), probeOut = Pipe()
        (probe.executableURL, probe.arguments, probe.standardOutput) = (URL(fileURLWithPath: "/bin/sh"), ["-c", "grep SigIgn /proc/self/status"], probeOut)
        try probe.run()
        probe.waitUntilExit()
        let ignored = String(decoding: probeOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let mask = UInt64(ignored.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "", radix: 16)
        try #require(mask.map { $0 & (1 << (UInt64(SIGPIPE) - 1)) == 0 } == true, "children start with SIGPIPE ignored: \(ignored)")

        let dir = try CLI.temporaryDirectory()
        let process = Process(), err = Pipe()
        process.executableURL = CLI.binary
        process.arguments = ["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:16,relu,linear", "--epochs", "20", "--out", "m.safetensors"]
        (process.currentDirectoryURL, process.standardOutput, process.standardError) = (dir, FileHandle.nullDevice, err)
        try process.run()
        try err.fileHandleForReading.close()  // the reader is gone before the first line is written
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "status \(process.terminationStatus)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.safetensors").path))
    }

    /// Output lost on a full standard output is an error (exit 1), not a success with the output cut short.
    @Test(arguments: [["eval"], ["eval", "--json"], ["predict"]])
    func aFullStandardOutputFails(command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--out", "m.safetensors", "--quiet"],
                            in: dir).status == 0)
        let errors = dir.appendingPathComponent("errors.txt")
        #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
        let status = try run(command + ["--model", "m.safetensors", "--data", CLI.data("iris.csv")], stdout: "/dev/full", stderr: errors.path, in: dir)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(status == 1 && message.contains("cannot write to standard output"), "\(message)")
    }

    /// --help and --version on a full standard output fail too (swift-argument-parser would exit 0); on a
    /// writable one they succeed.
    @Test(arguments: [["--help"], ["train", "--help"], ["help", "eval"], ["--version"]])
    func helpOnAFullStandardOutputFails(arguments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let errors = dir.appendingPathComponent("errors.txt")
        #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
        let status = try run(arguments, stdout: "/dev/full", stderr: errors.path, in: dir)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(status == 1 && message.contains("cannot write to standard output (No space left on device)"), "\(message)")
        #expect(try run(arguments, stdout: "/dev/null", stderr: errors.path, in: dir) == 0)
    }

    /// make-data's CSV on a full standard output fails with the reason.
    @Test func makeDataOnAFullStandardOutputSaysWhy() throws {
        let dir = try CLI.temporaryDirectory()
        let errors = dir.appendingPathComponent("errors.txt")
        #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))
        let status = try run(["make-data", "spiral"], stdout: "/dev/full", stderr: errors.path, in: dir)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(status == 1 && message.contains("cannot write to standard output (No space left on device)"), "\(message)")
    }

    /// A signal while predict writes --out removes its temporary file: nothing is left behind, and no
    /// predictions file appears (here the rows come from a FIFO that stalls after a few rows).
    @Test func anInterruptedPredictLeavesNoTemporaryFile() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--out", "m.safetensors", "--quiet"],
                            in: dir).status == 0)
        let fifo = dir.appendingPathComponent("rows.csv").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["predict", "--model", "m.safetensors", "--data", "rows.csv", "--out", "p.csv"]
        process.currentDirectoryURL = dir
        (process.standardOutput, process.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice)
        try process.run()
        let writer = FileHandle(forWritingAtPath: fifo)!
        let rows = try String(contentsOf: URL(fileURLWithPath: CLI.data("iris.csv")), encoding: .utf8).split(separator: "\n").prefix(5)
        writer.write(Data((rows.joined(separator: "\n") + "\n").utf8))
        func temporaryFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(".tmp-") }
        }
        let deadline = Date().addingTimeInterval(60)
        while temporaryFiles().isEmpty && Date() < deadline { usleep(10_000) }
        #expect(!temporaryFiles().isEmpty, "predict writes through a temporary file")
        process.terminate()
        process.waitUntilExit()
        try writer.close()
        #expect(process.terminationStatus == 143)
        #expect(temporaryFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.csv").path))
    }

    @Test func anEmptyOutputPathIsRefused() throws {
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--out", ""])
        #expect(train.status == 2 && train.stderr.contains("expected a file name"), "\(train.stderr)")
        let predict = try CLI.run(["predict", "--model", "whatever.safetensors", "--data", CLI.data("iris.csv"), "--out", ""])
        #expect(predict.status != 0 && predict.stderr.contains("an empty path"), "\(predict.stderr)")
    }
}
