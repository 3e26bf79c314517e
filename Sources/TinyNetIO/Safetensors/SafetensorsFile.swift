import Foundation

/// A safetensors container: named little-endian tensors plus string metadata.
///
/// This is the generic format layer (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length N, N bytes of JSON header
/// `{"__metadata__": {...}, "NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]}, ...}`
/// and the raw data section, offsets relative to its start. tinynet reads and writes
/// F32 and F64; any other dtype is refused with an error naming it and the tensor.
/// The model-specific checkpoint layout is built on top of this type.
public struct SafetensorsFile: Sendable, Equatable {
    /// Tensors by name.
    public var tensors: [String: SafeTensor]
    /// The header's `"__metadata__"` object (string → string).
    public var metadata: [String: String]

    public init(tensors: [String: SafeTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and validates the file at `path` (see `decode(_:name:)` for the checks).
    /// Errors name `path`.
    public static func load(path: String) throws -> SafetensorsFile {
        // Read no further than the header says the file goes (and a byte more, to report trailing bytes):
        // /dev/zero or a huge file with a small header is never read into memory.
        // The size of what the path names (symlinks followed); unknown for a pipe or device.
        var info = stat()
        let isRegularFile = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let bytes = try AtomicFile.contents(ofPath: path, stoppingAt: { head in
            guard let size = SafetensorsDecoder.declaredSize(head) else { return nil }
            try checkFitsInMemory(bytes: isRegularFile ? min(size, Int(info.st_size)) : size, available: MemoryBound.current(), path: path)
            return size + 1
        })
        return try decode(bytes, name: path, extent: isRegularFile ? .prefixOfFile(size: Int(info.st_size)) : .prefixOfStream)
    }

    /// Refuses, before its tensors are read, a file whose bytes and decoded tensors (twice its size, both held
    /// while it is decoded) would not fit in memory: a clear error instead of Swift's "failed to allocate".
    static func checkFitsInMemory(bytes: Int, available: MemoryBound?, path: String) throws {
        guard let available, 2 * Double(bytes) > available.bytes else { return }
        throw CheckpointError(file: path, message: "holds \(gigabytes(Double(bytes))) of tensors, and reading them takes about "
            + "\(gigabytes(2 * Double(bytes))) of memory, more than \(available)")
    }

    /// Writes `encoded()` to `path` atomically: to a temporary file `.NAME.tmp-PID-RANDOM`
    /// in the same directory, fsync'ed, then renamed over `path` (and the directory fsync'ed).
    /// A crash leaves either the old file or the new one, never a half-written file; on
    /// failure the temporary file is removed and an existing file at `path` is untouched.
    public func write(toFile path: String) throws {
        try AtomicFile.write(encoded(), toPath: path)
    }
}
