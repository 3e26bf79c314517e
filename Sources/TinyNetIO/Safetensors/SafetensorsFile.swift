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
        let bytes = try AtomicFile.contents(ofPath: path, stoppingAt: { SafetensorsDecoder.declaredSize($0).map { $0 + 1 } })
        // The size of what the path names (symlinks followed); unknown for a pipe or device.
        var info = stat()
        let isRegularFile = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        return try decode(bytes, name: path, extent: isRegularFile ? .prefixOfFile(size: Int(info.st_size)) : .prefixOfStream)
    }

    /// Writes `encoded()` to `path` atomically: to a temporary file `.NAME.tmp-PID-RANDOM`
    /// in the same directory, fsync'ed, then renamed over `path` (and the directory fsync'ed).
    /// A crash leaves either the old file or the new one, never a half-written file; on
    /// failure the temporary file is removed and an existing file at `path` is untouched.
    public func write(toFile path: String) throws {
        try AtomicFile.write(encoded(), toPath: path)
    }
}
