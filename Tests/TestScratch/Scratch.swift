import Foundation

/// Where tests write their files: one directory per test process under the system's temporary
/// directory, removed when the process exits, so running the tests leaves nothing behind.
public enum Scratch {
    /// A fresh, empty directory for one test.
    public static func directory() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path for a file named `name` in a fresh directory.
    public static func path(_ name: String) throws -> String {
        try directory().appendingPathComponent(name).path
    }

    private static let root: URL = {
        // The pid and a UUID: unique also where containers share /tmp.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tinynet-tests-\(getpid())-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()
}
