import Foundation
import TestScratch
import Testing

/// A named set of `train` flags on one bundled dataset, for parameterized tests.
struct TrainCase: CustomTestStringConvertible, Sendable {
    var name: String
    var data: String
    var flags: [String]
    var testDescription: String { name }
}

/// Runs the built `tinynet` binary and captures what it prints.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }
}

enum CLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The debug binary next to the test bundle (built by `swift build`), else the repository's.
    static var binary: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("tinynet"),
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent().appendingPathComponent("tinynet"),
            repository.appendingPathComponent(".build/debug/tinynet"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    static func data(_ name: String) -> String { repository.appendingPathComponent("data/\(name)").path }
    static func config(_ name: String) -> String { repository.appendingPathComponent("configs/\(name)").path }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
        try runProcess(binary, arguments, in: directory)
    }

    /// Runs any program and captures what it prints.
    static func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repository
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let errData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// A fresh temporary directory (removed when the test process exits).
    static func temporaryDirectory() throws -> URL {
        try Scratch.directory()
    }
}

/// Holds bytes read on another thread (written once, read after the group's wait).
final class DataBox: @unchecked Sendable {
    var data = Data()
}
