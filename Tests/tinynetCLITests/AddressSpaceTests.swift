import Foundation
import Testing

/// Under an address-space limit (`ulimit -v`) OpenBLAS retries forever when it cannot reserve a thread's
/// 128 MB work buffer. tinynet checks for the room first: an error when not one buffer fits, one thread
/// with a note when only one does; never a hang (each run is bounded by `timeout`).
@Suite struct AddressSpaceTests {
    /// tinynet's address space before it runs a product (VmSize of `data -` waiting for its input), in KB.
    private func baselineKB() throws -> Int {
        let process = Process(), input = Pipe()
        (process.executableURL, process.arguments) = (CLI.binary, ["data", "-"])
        (process.standardInput, process.standardOutput, process.standardError) = (input, FileHandle.nullDevice, FileHandle.nullDevice)
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        // Once it waits for its input (in a pipe read), it has started up: its libraries and threads are there.
        let proc = "/proc/\(process.processIdentifier)"
        for _ in 0..<500 where !((try? String(contentsOfFile: proc + "/wchan", encoding: .utf8)) ?? "").contains("pipe") { usleep(20_000) }
        let status = (try? String(contentsOfFile: proc + "/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmSize:") } ?? ""
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
    }

    private func trainIris(underKB limit: Int) throws -> CLIResult {
        try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), [
            "-c", "ulimit -v \(limit) && exec timeout 120 \"$0\" train --data \"$1\" --layers linear:8,relu,linear --epochs 2 --out /dev/null --quiet",
            CLI.binary.path, CLI.data("iris.csv"),
        ])
    }

    @Test func tooLittleRoomForOneBufferIsAnErrorNotAHang() throws {
        let baseline = try baselineKB()
        try #require(baseline > 0, "no VmSize in /proc")
        let r = try trainIris(underKB: baseline + 64 * 1024)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("leaves no room for OpenBLAS's 128 MB work buffer, without which it would wait forever"), "\(r.stderr)")
    }

    @Test func roomForOneBufferTrainsOnOneThread() throws {
        let baseline = try baselineKB()
        try #require(baseline > 0, "no VmSize in /proc")
        let r = try trainIris(underKB: baseline + 192 * 1024)
        #expect(r.status == 0, "\(r.stderr)")
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            #expect(r.stderr.contains("leaves room for the OpenBLAS work buffers of 1 of") && r.stderr.contains("products run on 1"), "\(r.stderr)")
        }
    }

    /// A model or a table that the room left under the limit cannot hold is refused by the size checks, as one
    /// beyond the machine's memory is, rather than ending in Swift's "Fatal error: failed to allocate".
    @Test func aModelOrTableBeyondTheLimitIsRefusedByName() throws {
        let baseline = try baselineKB()
        try #require(baseline > 0, "no VmSize in /proc")
        func train(_ arguments: [String]) throws -> CLIResult {
            try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), [
                "-c", "ulimit -v \(baseline + 400 * 1024) && exec timeout 120 \"$0\" \"$@\"", CLI.binary.path, "train", "--out", "/dev/null", "--epochs", "1",
            ] + arguments)
        }
        let model = try train(["--data", CLI.data("iris.csv"), "--layers", "linear:8192,relu,linear:8192,relu,linear"])
        #expect(model.status == 2 && model.stderr.contains("left under the address-space limit (ulimit -v); use narrower layers"), "\(model.status): \(model.stderr)")
        let table = try train(["--data", CLI.data("mnist_train.csv.gz"), "--layers", "linear"])
        #expect(table.status == 1 && table.stderr.contains("left under the address-space limit (ulimit -v); train --stream reads the file"), "\(table.status): \(table.stderr)")
        // A table that does fit (MNIST's test file: 63 MB read) trains: only what is sure to be needed counts.
        let fits = try train(["--data", CLI.data("mnist_test.csv.gz"), "--layers", "linear", "--quiet"])
        #expect(fits.status == 0, "\(fits.status): \(fits.stderr)")
    }

    /// A checkpoint whose tensors the room left cannot hold is refused before they are read, by every command
    /// that reads one (a sparse file: its header declares 1 GiB of tensors that take no disk).
    @Test func aCheckpointBeyondTheLimitIsRefusedBeforeItIsRead() throws {
        let baseline = try baselineKB()
        try #require(baseline > 0, "no VmSize in /proc")
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("large.safetensors").path
        var header = Array(#"{"0.weight":{"dtype":"F32","shape":[262144,1024],"data_offsets":[0,1073741824]}}"#.utf8)
        header += Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        let length = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
        try Data(length + header).write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(8 + header.count + (1 << 30))) == 0)
        for command in [["inspect", path], ["eval", "--model", path, "--data", CLI.data("iris.csv")]] {
            let r = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), [
                "-c", "ulimit -v \(baseline + 400 * 1024) && exec timeout 120 \"$0\" \"$@\"", CLI.binary.path,
            ] + command)
            #expect(r.status == 1 && r.stderr.contains("holds 1.1 GB of tensors, and reading them takes about 2.1 GB of memory, more than the ")
                && r.stderr.contains("left under the address-space limit (ulimit -v)"), "\(command[0]): \(r.status): \(r.stderr)")
        }
    }
}
