/// A byte source read ahead in blocks on a background thread (`prefetching`): a gzip file is inflated
/// while the parser reads the block before, so that reading it takes about the longer of inflating and
/// parsing rather than their sum. The bytes, their order and the errors are exactly the source's.
final class PrefetchedSource: ByteChunkSource {
    private let nextBlock: () throws -> [UInt8]?
    private var block: [UInt8] = []
    private var offset = 0
    private var ended = false
    let sizeHint: Int?
    let trailerWord: UInt32?

    /// Blocks of `blockSize` bytes (the last may be shorter), at most four waiting.
    init(_ source: any ByteChunkSource, blockSize: Int = 1 << 18) {
        (sizeHint, trailerWord) = (source.sizeHint, source.trailerWord)
        var source = source  // used by the reading thread alone from here on
        let size = max(1, blockSize)
        nextBlock = prefetching {
            let block = try [UInt8](unsafeUninitializedCapacity: size) { bytes, count in
                count = try source.read(into: UnsafeMutableRawBufferPointer(bytes))
            }
            return block.isEmpty ? nil : block
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let destination = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while offset == block.count {
            guard !ended, let next = try nextBlock() else {
                ended = true
                return 0
            }
            (block, offset) = (next, 0)
        }
        let n = min(buffer.count, block.count - offset)
        block.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
