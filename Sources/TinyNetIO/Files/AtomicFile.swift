#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reading and crash-safe replacement with POSIX calls, so that every
/// failure carries the system's reason (`strerror`) and the file's path.
enum AtomicFile {
    /// The bytes of the file at `path`, read to its end, or only to `stoppingAt(bytesSoFar)` bytes once
    /// that is known (nil: not yet).
    static func contents(ofPath path: String, stoppingAt limit: ([UInt8]) throws -> Int? = { _ in nil }) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError(path, "cannot open the checkpoint") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw CheckpointError(file: path, message: "is a directory, expected a safetensors file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var stop: Int?
        while stop.map({ bytes.count < $0 }) ?? true {
            let want = min(chunk.count, stop.map { $0 - bytes.count } ?? chunk.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw systemError(path, "cannot read the checkpoint")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if stop == nil, let known = try limit(bytes) {
                stop = known
                // One allocation, not a doubling growth's copies; no more than a regular file holds (a damaged
                // header may claim terabytes: the read stops at the end and the decoder says it is truncated).
                let isRegular = (info.st_mode & S_IFMT) == S_IFREG
                bytes.reserveCapacity(isRegular ? min(known, Int(info.st_size) + 1) : known)
            }
        }
        if let stop, bytes.count > stop { bytes.removeLast(bytes.count - stop) }
        return bytes
    }

    /// Splits `path` into its directory ("." when none) and last component.
    static func splitPath(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// A file this user may not write is not replaced, as a shell's `>` would not write it (root may).
    static func checkNotReadOnly(_ path: String) throws {
        guard access(path, W_OK) == 0 else {
            throw CheckpointError(file: path, message: "cannot write here: the file is not writable by this user (\(String(cString: strerror(errno))))")
        }
    }

    /// The file a write to `path` replaces or creates: `path` itself, or, when it is a symbolic link, the
    /// file the link points to (followed as a shell's `>` follows it, also when that file does not exist
    /// yet), so that the link is kept. A loop of links is an error.
    static func writeTarget(_ given: String) throws -> String {
        var path = given
        for _ in 0..<40 {  // the kernel's own limit on links followed (ELOOP)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buffer, buffer.count - 1)
            guard n > 0 else { return path }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            path = link.hasPrefix("/") ? link : splitPath(path).directory + "/" + link
        }
        throw CheckpointError(file: given, message: "cannot write here: too many levels of symbolic links (a loop)")
    }

    /// Writes to a device, FIFO or socket in place: nothing there to replace or sync.
    private static func writeDirectly(toPath path: String, _ produce: (_ append: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = BlockingOpen.openForWriting(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError(path, "cannot open for writing") }
        defer { close(fd) }
        try produce { bytes in
            guard writeAll(fd, bytes) else { throw systemError(path, "cannot write") }
        }
    }

    /// The name as a temporary file's name begins: its first 200 bytes (whole characters), so that
    /// ".NAME.tmp-PID-RANDOM" stays within the 255 bytes of a file name (a legal 250-byte --out failed, after training).
    static func temporaryStem(_ name: String) -> String {
        var stem = ""
        for c in name {
            guard stem.utf8.count + c.utf8.count <= 200 else { break }
            stem.append(c)
        }
        return stem
    }

    /// Replaces the file at `path` with `bytes`: writes `.NAME.tmp-PID-RANDOM` in the same
    /// directory, fsyncs it, renames it over `path`, then fsyncs the directory. On failure the
    /// temporary file is removed and whatever was at `path` is left as it was.
    /// `beforeRename` runs just before the rename (tests use it to inject a failure).
    static func write(_ bytes: [UInt8], toPath path: String,
                      beforeRename: () throws -> Void = {}) throws {
        try write(toPath: path, beforeRename: beforeRename) { append in try append(bytes) }
    }

    /// The same replacement, for content produced piece by piece: `produce` hands each piece to
    /// the function it is given. When `produce` throws, nothing at `path` changes.
    ///
    /// What is at `path` is respected as a shell's `>` would: a device, FIFO or socket (`/dev/null`,
    /// `/dev/stdout`) is written to directly, not replaced; a symlink's target is replaced (or created),
    /// not the link; a read-only file is refused; a replaced file keeps its permissions.
    static func write(toPath path: String, beforeRename: () throws -> Void = {},
                      _ produce: (_ append: ([UInt8]) throws -> Void) throws -> Void) throws {
        var existing = stat()
        let exists = stat(path, &existing) == 0
        if exists && (existing.st_mode & S_IFMT) != S_IFREG && (existing.st_mode & S_IFMT) != S_IFDIR {
            return try writeDirectly(toPath: path, produce)
        }
        if exists { try checkNotReadOnly(path) }
        let target = try writeTarget(path)
        let (directory, name) = splitPath(target)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw CheckpointError(file: path, message: "is a directory path, expected a file name")
        }
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        let temp = (directory.hasSuffix("/") ? directory : directory + "/") + ".\(temporaryStem(name)).tmp-\(getpid())-\(suffix)"
        // Published before it exists, so that a signal at any moment removes it (unlinking a name not
        // yet created is harmless: the name is unique to this process).
        TemporaryFileRegistry.publish(temp)
        defer { TemporaryFileRegistry.withdraw() }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw systemError(path, "cannot create the temporary file \(temp)") }
        if exists { fchmod(fd, existing.st_mode & 0o7777) }
        var isOpen = true
        do {
            try produce { bytes in
                guard writeAll(fd, bytes) else { throw systemError(path, "cannot write \(temp)") }
            }
            let synced = fsync(fd) == 0
            let syncCode = errno
            isOpen = false
            let closed = close(fd) == 0
            guard synced else { throw systemError(path, "cannot sync \(temp)", syncCode) }
            guard closed else { throw systemError(path, "cannot close \(temp)") }
            try beforeRename()
            guard rename(temp, target) == 0 else { throw systemError(path, "cannot rename \(temp) into place") }
        } catch {
            if isOpen { close(fd) }
            unlink(temp)
            throw error
        }
        syncDirectory(directory)
    }
}

/// Replaces the text file at `path` with what `produce` writes, crash-safely: a temporary file
/// in the same directory, renamed into place only when `produce` returns. When `produce` throws,
/// whatever was at `path` is left as it was.
public func writeTextFileAtomically(_ path: String, _ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
    try AtomicFile.write(toPath: path) { append in
        try withoutActuallyEscaping(append) { append in try produce { text in try append(Array(text.utf8)) } }
    }
}

private func systemError(_ path: String, _ what: String, _ code: Int32 = errno) -> CheckpointError {
    CheckpointError(file: path, message: "\(what): \(String(cString: strerror(code)))")
}

/// Writes all of `bytes` to `fd`, retrying partial writes and interruptions.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    writeFully(fd, bytes).error == nil
}

/// Makes the rename durable (best effort: some file systems refuse to sync a directory).
private func syncDirectory(_ directory: String) {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
