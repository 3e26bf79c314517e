import Testing

@testable import TinyNetIO

@Suite struct ChunkedInputTests {
    /// A source that hands over a few bytes a read (a pipe gives at most 64 KB): an unfinished line doubles
    /// the buffer per `readMore` before it is scanned again, so a long line is re-scanned a few times, not
    /// once per read; the end is noticed in the call that meets it.
    @Test func aSourceOfShortReadsDoublesAnUnfinishedLine() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var input = try ChunkedInput(raw: MemorySource(bytes, maxRead: 3), name: "pipe", chunkSize: 100)
        #expect(input.buffer.count == 3)  // the first read, for the gzip magic bytes
        var counts: [Int] = []
        while !input.atEnd {
            try input.readMore(line: 1)
            counts.append(input.buffer.count)
        }
        #expect(counts == [6, 12, 24, 48, 96, 192, 384, 768, 1000])
        #expect(Array(input.buffer.bytes) == bytes)
    }

    /// With nothing unparsed (every line taken), one read is enough: the parser works while a pipe's writer
    /// writes instead of waiting for a whole chunk.
    @Test func withNothingUnfinishedOneReadIsEnough() throws {
        var input = try ChunkedInput(raw: MemorySource([UInt8](repeating: 10, count: 1000), maxRead: 7), name: "pipe", chunkSize: 100)
        input.buffer.removeFirst(input.buffer.count)
        try input.readMore(line: 1)
        #expect(input.buffer.count == 7)
    }
}
