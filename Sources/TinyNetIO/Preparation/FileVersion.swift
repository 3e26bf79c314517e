#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity and length as stat(2) gives them: device, inode and size. `train --stream` reads its
/// files once per epoch; a file that changes between passes (appended to, truncated, replaced by another)
/// would be trained on with the first pass's statistics and row count. The modification time is left out:
/// a `touch`, a backup or sync tool, or an editor saving the same bytes changes it and nothing else. A
/// rewrite in place to the very same size goes unnoticed.
struct FileVersion: Equatable {
    private let fields: [Int]

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        fields = [Int(info.st_dev), Int(info.st_ino), Int(info.st_size)]
    }

    /// The files' versions now.
    static func of(_ paths: [String]) -> [String: FileVersion] {
        Dictionary(paths.compactMap { path in FileVersion(path: path).map { (path, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Throws, naming the first file, when a file is not the version recorded.
    static func checkUnchanged(_ recorded: [String: FileVersion]) throws {
        for (path, version) in recorded.sorted(by: { $0.key < $1.key }) where FileVersion(path: path) != version {
            throw DataError(file: path, message: "changed while train --stream was reading it (its size or inode differ from the first pass); "
                            + "the statistics and row counts of that pass no longer hold: leave the file alone while training")
        }
    }
}
