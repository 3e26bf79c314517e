/// A growable byte buffer that sources fill in place; parsed bytes are dropped from the front.
final class ByteBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        self.base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Drops the first `n` bytes, moving the rest to the front.
    func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count)
        if n == 0 { return }
        if n < count { base.copyMemory(from: base + n, byteCount: count - n) }
        count -= n
    }

    /// Reads once from `source`, at most `maxCount` bytes, after the content; returns the bytes read.
    func append(from source: inout any ByteChunkSource, maxCount: Int) throws -> Int {
        if capacity - count < maxCount { grow(to: max(count + maxCount, capacity * 2)) }
        let free = UnsafeMutableRawBufferPointer(start: base + count, count: maxCount)
        let n = try source.read(into: free)
        count += n
        return n
    }

    private func grow(to newCapacity: Int) {
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        bigger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}

/// The decoded bytes of a data file (gzip is recognised by its magic bytes and inflated),
/// with the bytes read but not yet parsed.
struct ChunkedInput {
    private var source: any ByteChunkSource
    let buffer: ByteBuffer
    let chunkSize: Int
    /// True once the source is exhausted: the buffer then holds the rest of the file.
    private(set) var atEnd = false
    /// Total decoded bytes expected, when known (for preallocation).
    let sizeHint: Int?
    /// The file name used in messages.
    let name: String
    /// The longest line (a row, or the header) accepted: a file with no line break for this long
    /// is not CSV text (or has an unclosed quote), and waiting for one would only exhaust memory.
    static let maxLineBytes = 64 << 20

    init(raw: any ByteChunkSource, name: String, chunkSize: Int, gzipInputChunk: Int = 1 << 18) throws {
        var raw = raw
        self.name = name
        self.chunkSize = max(1, chunkSize)
        buffer = ByteBuffer(capacity: self.chunkSize + 64)
        var ended = false
        while buffer.count < 2 && !ended {
            ended = try buffer.append(from: &raw, maxCount: self.chunkSize) == 0
        }
        let start = buffer.bytes
        if start.count >= 2 && start[0] == 0x1f && start[1] == 0x8b {
            let gzip = try GzipSource(
                input: raw, initialInput: UnsafeRawBufferPointer(start), name: name, inputChunk: gzipInputChunk)
            buffer.removeFirst(buffer.count)
            source = PrefetchedSource(gzip)  // inflated on another thread while this one parses
        } else {
            source = raw
            atEnd = ended
        }
        sizeHint = source.sizeHint
    }

    /// Reads more, up to a chunk or as much as the unparsed bytes (so that long rows need few retries).
    /// `line`: the line where the unparsed bytes start (`what` starts there: the header or a row), named
    /// when they hold no line break for too long.
    mutating func readMore(line: Int, what: String = "row") throws {
        // The parsers take every complete line before asking for more: what is left is one line.
        if buffer.count >= Self.maxLineBytes {
            throw DataError(file: name, line: line, message: "the \(what) that starts here has no line break in \(Self.maxLineBytes >> 20) MB: a quote is never closed (in a quoted field a line break is text), or this is not CSV text")
        }
        // A pipe hands over 64 KB a read or less. A long unfinished line waits until the buffer has doubled,
        // so that its re-scans stay geometric (a 64 MB line from stdin took 20 s one pipe read at a time);
        // a short one takes what one read gives, so that tinynet parses while the writer writes.
        // No read goes past the line limit, so a line longer than it is refused however the input arrives
        // (a file's 1 MB reads would otherwise carry a slightly longer line past it, where a pipe's would not).
        let unfinished = buffer.count
        let wanted = min(max(chunkSize, unfinished), Self.maxLineBytes - unfinished)
        var added = 0
        repeat {
            let n = try buffer.append(from: &source, maxCount: wanted - added)
            if n == 0 {
                atEnd = true
                return
            }
            added += n
        } while added < min(unfinished, wanted)
    }
}
