import Foundation
import Testing

/// What is at an output path is respected as a shell's `>` would respect it, and a bad output path
/// fails before the training, not after it.
@Suite struct OutputSafetyTests {
    let iris = CLI.data("iris.csv")

    func trainModel(in dir: URL) throws {
        let r = try CLI.run(["train", "--data", iris, "--layers", "linear:8,relu,linear", "--epochs", "2", "--out", "m.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func aSymlinkedOutputKeepsItsLinkAndAReplacedFileItsPermissions() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let fm = FileManager.default
        try "old\n".write(to: dir.appendingPathComponent("target.csv"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "target.csv")
        #expect(try CLI.run(["predict", "--model", "m.safetensors", "--data", iris, "--out", "link.csv"], in: dir).status == 0)
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path) == "target.csv")
        #expect(try String(contentsOf: dir.appendingPathComponent("target.csv"), encoding: .utf8).hasPrefix("prediction,"))

        let secret = dir.appendingPathComponent("secret.csv")
        try "old\n".write(to: secret, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        #expect(try CLI.run(["predict", "--model", "m.safetensors", "--data", iris, "--out", "secret.csv"], in: dir).status == 0)
        #expect(try fm.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOf: secret, encoding: .utf8).hasPrefix("prediction,"))
    }

    /// A link whose target does not exist yet is followed, as `>` follows it: the target is created and the
    /// link kept; a loop of links is refused (it was replaced by a regular file).
    @Test func aDanglingLinkIsFollowedAndALoopRefused() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "new.csv")
        let r = try CLI.run(["predict", "--model", "m.safetensors", "--data", iris, "--out", "link.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path) == "new.csv")
        #expect(try String(contentsOf: dir.appendingPathComponent("new.csv"), encoding: .utf8).hasPrefix("prediction,"))

        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("a").path, withDestinationPath: "b")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("b").path, withDestinationPath: "a")
        let loop = try CLI.run(["train", "--data", iris, "--layers", "linear", "--epochs", "1", "--out", "a"], in: dir)
        #expect(loop.status == 1 && loop.stderr.contains("a: cannot write here: too many levels of symbolic links"), "\(loop.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("a").path) == "b", "the link is left alone")
    }

    /// Runs `arguments` in `dir` with a FIFO named `name` there and a reader draining it; returns the
    /// run and what the reader received, after checking the FIFO is still a FIFO (not replaced).
    func runWritingToAFIFO(_ arguments: [String], fifo name: String, in dir: URL) throws -> (CLIResult, String) {
        let fifo = dir.appendingPathComponent(name).path
        #expect(mkfifo(fifo, 0o644) == 0)
        let received = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            received.data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            group.leave()
        }
        let r = try CLI.run(arguments, in: dir)
        group.wait()
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "still a FIFO")
        return (r, String(decoding: received.data, as: UTF8.self))
    }

    /// A FIFO at --out is written to, not replaced by a regular file (so is /dev/null or /dev/stdout).
    @Test func aFIFOOutputIsWrittenThrough() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let (r, text) = try runWritingToAFIFO(["predict", "--model", "m.safetensors", "--data", iris, "--out", "pipe.csv"], fifo: "pipe.csv", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = text.split(separator: "\n")
        #expect(lines.count == 151 && lines[0].hasPrefix("prediction,"))
    }

    /// export and --log respect a FIFO as the other outputs do: written through, not replaced.
    @Test(arguments: ["export", "log"])
    func exportAndLogWriteThroughAFIFO(_ what: String) throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let arguments = what == "export" ? ["export", "--torch-script", "pipe", "m.safetensors"]
            : ["train", "--data", iris, "--layers", "linear", "--epochs", "1", "--log", "pipe", "--out", "m2.safetensors"]
        let (r, text) = try runWritingToAFIFO(arguments, fifo: "pipe", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(what == "export" ? text.contains("import torch") : text.hasPrefix("epoch,train_loss"), "\(text.prefix(200))")
    }

    /// eval --plot, predict --out and scale --plot are checked before the work, with the same message.
    @Test(arguments: [["eval", "--plot"], ["predict", "--out"], ["scale", "--plot"]])
    func otherOutputPathsAreCheckedFirst(_ command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let inputs = command[0] == "scale" ? ["--data", iris, "--layers", "linear:4,relu,linear"] : ["--model", "m.safetensors", "--data", iris]
        let r = try CLI.run([command[0]] + inputs + [command[1], "missing/out.file"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("missing/out.file: cannot write here: the directory missing does not exist"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing computed first: \(r.stdout)")
    }

    /// --log and --plot in a directory that does not exist fail before any training, and the
    /// checkpoint already at --out is kept.
    @Test(arguments: ["--log", "--plot"])
    func aBadLogOrPlotPathFailsBeforeTraining(_ flag: String) throws {
        let dir = try CLI.temporaryDirectory()
        let keep = Data("precious".utf8)
        try keep.write(to: dir.appendingPathComponent("model.safetensors"))
        let r = try CLI.run(["train", "--data", iris, "--layers", "linear", "--epochs", "3", flag, "missing/out.file"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("missing/out.file: cannot write here"), "\(r.stderr)")
        #expect(!r.stderr.contains("epoch 1/3"), "no training before the failure: \(r.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("model.safetensors")) == keep)
    }
}
