import Testing

@testable import TinyNetIO

@Suite struct ChunkedInputTests {
    /// A source that hands over a few bytes a read (a pipe gives at most 64 KB) still fills a whole chunk
    /// per `readMore`, then one as large as the unparsed bytes: a long line is re-scanned a few times, not
    /// once per read. The end is noticed in the call that reads the last bytes.
    @Test func aSourceOfShortReadsFillsWholeChunks() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var input = try ChunkedInput(raw: MemorySource(bytes, maxRead: 3), name: "pipe", chunkSize: 100)
        #expect(input.buffer.count == 3)  // the first read, for the gzip magic bytes
        var counts: [Int] = []
        while !input.atEnd {
            try input.readMore()
            counts.append(input.buffer.count)
        }
        #expect(counts == [103, 206, 412, 824, 1000])
        #expect(Array(input.buffer.bytes) == bytes)
    }
}
