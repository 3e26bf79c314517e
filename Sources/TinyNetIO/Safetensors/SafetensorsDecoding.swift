import TinyNet

/// Decoding: every field of the header is checked before any data is read, so a
/// malformed or hostile file is a `CheckpointError`, never a crash.
extension SafetensorsFile {
    /// The largest header accepted, as in the reference implementation (100 MB).
    public static let maxHeaderLength = 100_000_000

    /// Parses and validates safetensors `bytes`; `name` (usually the path) names the file in errors.
    ///
    /// Checks: the 8-byte header length (at most `maxHeaderLength`, within the file); the header
    /// is UTF-8 JSON, an object without duplicate keys; `__metadata__` is an object of strings;
    /// every other key is a tensor with exactly `dtype` (F32 or F64), `shape` (non-negative
    /// integers) and `data_offsets` (two integers, begin ≤ end) whose span is the element count
    /// × dtype size; the spans, sorted, start at 0 and tile the data section with no gap,
    /// overlap or trailing byte.
    /// `extent`: whether `bytes` is the whole file or only its start (then the file's size, when known,
    /// counts the trailing bytes an error reports).
    public static func decode(_ bytes: [UInt8], name: String, extent: BytesExtent = .wholeFile) throws -> SafetensorsFile {
        try SafetensorsDecoder(bytes: bytes, file: name, extent: extent).decode()
    }
}

/// What the bytes given to `decode` are of the file they come from.
public enum BytesExtent: Sendable {
    /// Every byte of the file.
    case wholeFile
    /// The start of a regular file of `size` bytes.
    case prefixOfFile(size: Int)
    /// The start of a stream of unknown length (a pipe or device).
    case prefixOfStream
}

/// One validated header entry.
struct TensorEntry {
    var name: String
    var dtype: SafetensorsDType
    var shape: [Int]
    var begin: Int
    var end: Int
}

struct SafetensorsDecoder {
    let bytes: [UInt8]
    let file: String
    var extent: BytesExtent

    func fail(_ message: String) -> CheckpointError {
        CheckpointError(file: file, message: message)
    }

    func decode() throws -> SafetensorsFile {
        let headerLength = try readHeaderLength()
        let dataStart = 8 + headerLength
        let header = try parseHeader(bytes[8..<dataStart])
        var metadata: [String: String] = [:]
        var entries: [TensorEntry] = []
        var seen = Set<String>()
        for (key, value) in header {
            guard seen.insert(key).inserted else { throw fail("header has the key \(Self.quoted(key)) twice") }
            if key == "__metadata__" {
                metadata = try parseMetadata(value)
            } else {
                entries.append(try TensorEntryParser(decoder: self, name: key).parse(value))
            }
        }
        try checkLayout(entries, dataSize: bytes.count - dataStart)
        var tensors: [String: SafeTensor] = [:]
        for entry in entries { tensors[entry.name] = readTensor(entry, dataStart: dataStart) }
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The file size the header declares (8 + header + the end of the last tensor), from the first bytes
    /// of a file; nil while `bytes` does not yet hold the whole header. A header that does not parse
    /// declares just itself: `decode` then reports it.
    static func declaredSize(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 8 else { return nil }
        let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard length <= UInt64(SafetensorsFile.maxHeaderLength) else { return 8 }
        let dataStart = 8 + Int(length)
        guard bytes.count >= dataStart else { return nil }
        let decoder = SafetensorsDecoder(bytes: Array(bytes[0..<dataStart]), file: "", extent: .wholeFile)
        guard let header = try? decoder.parseHeader(bytes[8..<dataStart]) else { return dataStart }
        var end = 0
        for (key, value) in header where key != "__metadata__" {
            guard let entry = try? TensorEntryParser(decoder: decoder, name: key).parse(value) else { return dataStart }
            end = max(end, entry.end)
        }
        return dataStart + end
    }

    /// The little-endian UInt64 header length, bounded and within the file.
    private func readHeaderLength() throws -> Int {
        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes, too short for the 8-byte header length of a safetensors file")
        }
        let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard length <= UInt64(SafetensorsFile.maxHeaderLength) else {
            throw fail(lookalike ?? "header length \(length) exceeds the limit of \(SafetensorsFile.maxHeaderLength) bytes; not a safetensors file?")
        }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail(lookalike ?? "header length \(length) extends beyond the end of the file (\(bytes.count) bytes); the file is truncated or not a safetensors file")
        }
        return Int(length)
    }

    /// What a file that is not a safetensors file (its header length impossible, or its header not JSON) seems
    /// to be instead, by its first eight bytes: gzip's magic bytes, or text without control characters (a CSV
    /// file given as the model; a checkpoint's first bytes are a length below 2^27, so four of them are 0).
    /// nil when neither.
    private var lookalike: String? {
        let start = bytes.prefix(8)
        if start.starts(with: [0x1F, 0x8B]) {
            return "not a safetensors checkpoint: it starts as a gzip file does (a gzipped CSV is data, for --data; "
                + "gunzip a gzipped checkpoint first)"
        }
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) {  // "PK\3\4"
            return "not a safetensors checkpoint: it is a zip archive, as PyTorch's torch.save writes (.pt, .pth); "
                + "tinynet writes and reads safetensors (PyTorch: safetensors.torch.save_file(model.state_dict(), PATH))"
        }
        let body = start.starts(with: [0xEF, 0xBB, 0xBF]) ? start.dropFirst(3) : start  // a byte-order mark
        // UTF-8 but for a character cut at the eighth byte, and no control character but tab and line breaks.
        guard start.count == 8, body.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }),
              let text = (0...3).lazy.compactMap({ String(validating: body.dropLast($0), as: UTF8.self) }).first
        else { return nil }
        return "not a safetensors checkpoint: it starts with text (\(doubleQuoted(text))\(bytes.count > 8 ? " …" : "")), "
            + "as a CSV file does, where a checkpoint starts with its 8-byte header length"
    }

    /// The header as the members of a JSON object, in file order.
    private func parseHeader(_ header: ArraySlice<UInt8>) throws -> [(key: String, value: JSONValue)] {
        guard Self.isValidUTF8(header) else { throw fail(lookalike ?? "header is not valid UTF-8") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(header))
        } catch let error as JSONParseError {
            throw fail(lookalike ?? "header is not valid JSON: \(error.message) at byte \(error.offset) of the header")
        }
        guard case .object(let members) = json else {
            throw fail("header is \(json.kindName), expected a JSON object of tensors")
        }
        return members
    }

    private func parseMetadata(_ value: JSONValue) throws -> [String: String] {
        guard case .object(let members) = value else {
            throw fail("__metadata__ is \(value.kindName), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard case .string(let text) = item else {
                throw fail("__metadata__ \(Self.quoted(key)) is \(item.kindName), expected a string")
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw fail("__metadata__ has the key \(Self.quoted(key)) twice")
            }
        }
        return metadata
    }

    /// Sorted by offset, the spans must tile the data section exactly.
    private func checkLayout(_ entries: [TensorEntry], dataSize: Int) throws {
        let sorted = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: TensorEntry?
        for entry in sorted {
            if entry.begin < covered, let previous {
                throw fail("tensors \(Self.quoted(previous.name)) \(offsets(previous)) and \(Self.quoted(entry.name)) \(offsets(entry)) overlap")
            }
            if entry.begin > covered {
                throw fail("gap in the data section: bytes \(covered)..<\(entry.begin) before tensor \(Self.quoted(entry.name)) belong to no tensor")
            }
            guard entry.end <= dataSize else {
                throw fail("tensor \(Self.quoted(entry.name)) data_offsets \(offsets(entry)) extend beyond the data section (\(dataSize) bytes); the file is truncated")
            }
            covered = entry.end
            previous = entry
        }
        guard covered == dataSize else {
            // The bytes read may stop short of the file's end: count the file's tail when its size is known.
            let dataStart = bytes.count - dataSize
            switch extent {
            case .prefixOfStream:
                throw fail("bytes after the last tensor (tensors cover \(covered) bytes of a longer data section)")
            case .prefixOfFile(let size) where size - dataStart > dataSize:
                throw fail("\(counted(size - dataStart - covered, "trailing byte")) after the last tensor (the data section is \(size - dataStart) bytes, tensors cover \(covered))")
            default:
                throw fail("\(counted(dataSize - covered, "trailing byte")) after the last tensor (the data section is \(dataSize) bytes, tensors cover \(covered))")
            }
        }
    }

    private func offsets(_ entry: TensorEntry) -> String { "[\(entry.begin), \(entry.end)]" }

    private func readTensor(_ entry: TensorEntry, dataStart: Int) -> SafeTensor {
        let start = dataStart + entry.begin
        let count = (entry.end - entry.begin) / entry.dtype.size
        switch entry.dtype {
        case .f32: return SafeTensor(shape: entry.shape, values: .f32(readFloats(count: count, at: start)))
        case .f64: return SafeTensor(shape: entry.shape, values: .f64(readDoubles(count: count, at: start)))
        }
    }

    /// Little-endian Float32 values, read without any alignment assumption.
    private func readFloats(count: Int, at start: Int) -> [Float] {
        bytes.withUnsafeBytes { raw in
            let src = UnsafeRawBufferPointer(rebasing: raw[start..<start + count * 4])
            #if _endian(little)
            return copyElements(from: src, count: count)
            #else
            return (0..<count).map {
                Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
            #endif
        }
    }

    /// Little-endian Float64 values, read without any alignment assumption.
    private func readDoubles(count: Int, at start: Int) -> [Double] {
        bytes.withUnsafeBytes { raw in
            let src = UnsafeRawBufferPointer(rebasing: raw[start..<start + count * 8])
            #if _endian(little)
            return copyElements(from: src, count: count)
            #else
            return (0..<count).map {
                Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
            #endif
        }
    }
}

/// Copies raw bytes into a new array (memcpy: no alignment needed on the source).
private func copyElements<T>(from src: UnsafeRawBufferPointer, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: src)
        initialized = count
    }
}

extension SafetensorsDecoder {
    /// Whether `bytes` is well-formed UTF-8.
    static func isValidUTF8<S: Sequence>(_ bytes: S) -> Bool where S.Element == UInt8 {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// A name in single quotes for messages, shortened when very long.
    static func quoted(_ name: String) -> String {
        name.count > 80 ? "'\(name.prefix(77))...'" : "'\(name)'"
    }
}
