import Foundation

/// This test target's directory (this file is Tests/TinyNetIOTests/TestPaths.swift), which holds `Fixtures`.
let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// The repository's bundled data file `name` (data/NAME).
func bundledData(_ name: String) -> String {
    testsDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/\(name)").path
}
