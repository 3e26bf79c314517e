#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in chunks: a plain file, bytes in memory, or a gzip stream over either.
protocol ByteChunkSource {
    /// Reads up to `buffer.count` bytes into `buffer`; returns how many were read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// The number of bytes this source yields in all, when cheaply known (used to preallocate).
    var sizeHint: Int? { get }
    /// The last four bytes as a little-endian integer, when cheaply known (a gzip member's size mod 2³²).
    var trailerWord: UInt32? { get }
}

/// Bytes already in memory, handed out at most `maxRead` at a time (tests use tiny reads).
struct MemorySource: ByteChunkSource {
    let bytes: [UInt8]
    let maxRead: Int
    private var offset = 0

    init(_ bytes: [UInt8], maxRead: Int = .max) {
        self.bytes = bytes
        self.maxRead = max(1, maxRead)
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, maxRead, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            buffer.baseAddress!.copyMemory(from: all.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }

    var sizeHint: Int? { bytes.count }

    var trailerWord: UInt32? {
        guard bytes.count >= 4 else { return nil }
        return bytes.suffix(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// A file read with read(2) in large chunks. The descriptor is closed when the source goes away.
final class FileSource: ByteChunkSource {
    private let fd: Int32
    private let name: String
    let sizeHint: Int?

    /// Opens `path`; a file that cannot be opened is a DataError with the system's reason.
    init(path: String, name: String) throws {
        let fd = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY)  // "-" is standard input, as for cat
        guard fd >= 0 else {
            let code = errno
            var error = FileSource.systemError(name: name, action: "cannot open file")
            // Config files name paths relative to the working directory, not to the config file.
            if code == ENOENT && !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
                error.problems[0].message += " (relative to the working directory \(String(cString: cwd)))"
                free(cwd)
            }
            throw error
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw DataError(file: name, message: "cannot read file: it is a directory")
        }
        self.fd = fd
        self.name = name
        self.sizeHint = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    deinit { close(fd) }

    /// Whether `path` can be read again from its start: not a pipe (`/dev/stdin` fed by `cat`), socket
    /// or terminal, whose bytes are gone once read. A path that cannot be examined counts as re-readable
    /// (opening it will report the problem).
    static func isRereadable(_ path: String) -> Bool {
        var info = stat()
        if path == "-" { return false }
        guard stat(path, &info) == 0 else { return true }
        let kind = info.st_mode & S_IFMT
        return kind != S_IFIFO && kind != S_IFSOCK && kind != S_IFCHR
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw FileSource.systemError(name: name, action: "cannot read file") }
        }
    }

    var trailerWord: UInt32? {
        guard let size = sizeHint, size >= 4 else { return nil }
        var word: UInt32 = 0
        let n = withUnsafeMutableBytes(of: &word) { pread(fd, $0.baseAddress, 4, off_t(size - 4)) }
        return n == 4 ? UInt32(littleEndian: word) : nil
    }

    static func systemError(name: String, action: String) -> DataError {
        DataError(file: name, message: "\(action): \(String(cString: strerror(errno)))")
    }
}

/// read(2), named apart from the `read(into:)` requirement it implements.
@inline(__always)
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, base, count)
}
