import CZlib

/// Inflates a gzip stream (several concatenated members allowed) with zlib as it is read.
/// zlib's types stay in this file.
final class GzipSource: ByteChunkSource {
    private var input: any ByteChunkSource
    private let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let inBuffer: UnsafeMutableRawBufferPointer
    private let inputChunk: Int
    private var inputEnded = false
    private var memberEnded = false
    private var finished = false
    let sizeHint: Int?

    /// `initialInput` holds compressed bytes already taken from `input` (at least the magic bytes).
    init(input: any ByteChunkSource, initialInput: UnsafeRawBufferPointer, name: String, inputChunk: Int = 1 << 18)
        throws
    {
        self.input = input
        self.name = name
        self.inputChunk = max(1, inputChunk)
        let trailerSize = input.trailerWord.map { Int($0) }
        sizeHint = trailerSize.flatMap { $0 > 0 ? $0 : nil }
        inBuffer = .allocate(byteCount: max(self.inputChunk, initialInput.count), alignment: 16)
        inBuffer.copyMemory(from: initialInput)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        stream.pointee.next_in = inBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(initialInput.count)
        let status = czlib_inflateInit2(stream, 15 + 32)  // 15-bit window, gzip or zlib header detected
        guard status == Z_OK else {
            stream.deallocate()
            inBuffer.deallocate()
            throw DataError(file: name, message: "cannot start gzip decoding (zlib error \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inBuffer.deallocate()
    }

    var trailerWord: UInt32? { nil }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        let requested = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded { try refill() }
            if memberEnded {
                // Another member may follow (gzip files can be concatenated); otherwise we are done.
                if try onlyZerosRemain() {
                    finished = true
                    break
                }
                // A member starts with gzip's magic bytes 1f 8b; anything else is not more of the data.
                let next = stream.pointee.next_in!  // avail_in > 0 here
                guard next[0] == 0x1f && (stream.pointee.avail_in < 2 || next[1] == 0x8b) else {
                    throw DataError(file: name, message: "trailing bytes after the gzip data that are not gzip (gzip -dc ignores them with a warning); "
                                    + "remove them, or decompress the file first")
                }
                inflateReset(stream)
                memberEnded = false
            }
            try inflateStep()
        }
        return requested - Int(stream.pointee.avail_out)
    }

    /// After a member: true when the input ends, possibly after zero bytes (tape-block padding, which
    /// gzip -d and Python's gzip ignore too); false at the first non-zero byte (the next member).
    private func onlyZerosRemain() throws -> Bool {
        while true {
            while stream.pointee.avail_in > 0 && stream.pointee.next_in.pointee == 0 {
                stream.pointee.next_in += 1
                stream.pointee.avail_in -= 1
            }
            if stream.pointee.avail_in > 0 { return false }
            if inputEnded { return true }
            try refill()
        }
    }

    /// Runs inflate once, turning zlib's status into progress or an error.
    private func inflateStep() throws {
        let status = inflate(stream, Z_NO_FLUSH)
        switch status {
        case Z_STREAM_END:
            memberEnded = true
        case Z_OK:
            break
        case Z_BUF_ERROR where !(inputEnded && stream.pointee.avail_in == 0):
            break  // no progress this time; more input is coming
        case Z_BUF_ERROR:
            throw DataError(file: name, message: "gzip data is truncated (the file ends inside the compressed stream)")
        default:
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw DataError(file: name, message: "corrupt gzip data: \(reason)")
        }
    }

    /// Reads the next compressed chunk; marks the input as ended when there is none.
    private func refill() throws {
        let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: inBuffer[0..<inputChunk]))
        stream.pointee.next_in = inBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(n)
        if n == 0 { inputEnded = true }
    }
}

/// gzip compression and decompression of whole byte arrays (tests use it to write `.csv.gz` files).
public enum Gzip {
    /// Compresses `bytes` into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // windowBits 15 + 16 writes a gzip header and trailer instead of zlib's.
        let status = czlib_deflateInit2(stream, Int32(level), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            throw DataError(file: "gzip", message: "cannot start compression (zlib error \(status))")
        }
        defer { deflateEnd(stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))) + 64)
        let (result, produced) = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_in = inp.baseAddress
                stream.pointee.avail_in = uInt(inp.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                return (deflate(stream, Z_FINISH), out.count - Int(stream.pointee.avail_out))
            }
        }
        guard result == Z_STREAM_END else {
            throw DataError(file: "gzip", message: "compression failed (zlib error \(result))")
        }
        return Array(output[0..<produced])
    }

    /// Inflates gzip data (concatenated members allowed); `name` is used in error messages.
    public static func decompress(_ bytes: [UInt8], name: String = "gzip data") throws -> [UInt8] {
        var source: any ByteChunkSource = try bytes.withUnsafeBytes { first in
            try GzipSource(input: MemorySource([]), initialInput: first, name: name)
        }
        var result: [UInt8] = []
        let chunk = ByteBuffer(capacity: 1 << 16)
        while try chunk.append(from: &source, maxCount: 1 << 16) > 0 {
            result.append(contentsOf: chunk.bytes)
            chunk.removeFirst(chunk.count)
        }
        return result
    }
}
