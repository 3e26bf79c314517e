import Foundation
import Testing

@testable import TinyNet
@testable import TinyNetIO

/// A chunk of one row holding `value`.
private func chunk(_ value: Int) -> Dataset<Float> {
    Dataset(features: Matrix(rows: 1, cols: 1, converting: [Double(value)]), targets: Matrix(rows: 1, cols: 1, converting: [0]))
}

private struct ReadFailure: Error, Equatable { let afterChunks: Int }

/// Counts the calls made to a source from the reading thread.
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }
    func call() -> Int { lock.withLock { count += 1; return count - 1 } }
}

/// Held by a source alone: signals when the source is released.
private final class ReleaseSignal {
    let semaphore: DispatchSemaphore
    init(_ semaphore: DispatchSemaphore) { self.semaphore = semaphore }
    deinit { semaphore.signal() }
}

/// `train --stream` reads the next chunks on another thread while it trains on one: what it trains on must be
/// exactly what the source hands out, in order, errors included.
@Suite struct ChunkPrefetchTests {
    @Test(arguments: [1, 4])
    func chunksArriveInTheirOrderThenNilForEveryLaterCall(depth: Int) throws {
        var next = 0
        let source: ChunkSource<Float> = {
            defer { next += 1 }
            return next < 300 ? chunk(next) : nil
        }
        let prefetched = prefetching(source, depth: depth)
        var seen: [Int] = []
        while let c = try prefetched() { seen.append(Int(c.features[0, 0])) }
        #expect(seen == Array(0..<300))
        #expect(try prefetched() == nil)
        #expect(try prefetched() == nil)
    }

    /// A read error (a bad row) comes after the chunks read before it, then the source is at its end, as
    /// `CSVStream` does: `predict` and the run's messages rely on that order.
    @Test func anErrorComesAfterTheChunksBeforeItThenNil() throws {
        var next = 0
        let source: ChunkSource<Float> = {
            defer { next += 1 }
            if next == 5 { throw ReadFailure(afterChunks: 5) }
            return next < 5 ? chunk(next) : nil
        }
        let prefetched = prefetching(source, depth: 2)
        for expected in 0..<5 { #expect(try prefetched().map { Int($0.features[0, 0]) } == expected) }
        #expect(throws: ReadFailure(afterChunks: 5)) { try prefetched() }
        #expect(try prefetched() == nil)
        #expect(next == 6, "nothing is read after the error")
    }

    /// An epoch cut short drops its source: the reading thread stops (it does not read the rest of the
    /// file, nor wait forever for room) and releases the source, which closes the file.
    @Test func releasingTheSourceEarlyStopsTheReaderAndReleasesTheSource() throws {
        let depth = 3
        let counter = CallCounter(), released = DispatchSemaphore(value: 0)
        var prefetched: ChunkSource<Float>? = prefetching({ [signal = ReleaseSignal(released)] in  // endless
            _ = signal
            return chunk(counter.call())
        }, depth: depth)
        for expected in 0..<2 { #expect(try prefetched?().map { Int($0.features[0, 0]) } == expected) }
        // Wait for the reader to fill the queue and block with one more chunk in hand (2 taken, depth queued).
        let full = 2 + depth + 1
        for _ in 0..<6000 where counter.calls < full { usleep(10_000) }
        usleep(50_000)
        #expect(counter.calls == full, "the reader stays \(depth) chunks ahead, no more")
        prefetched = nil
        #expect(released.wait(timeout: .now() + 60) == .success, "the source was not released")
    }
}

/// A source of `bytes` that fails after handing them all out, counting its reads.
private final class FailingSource: ByteChunkSource {
    struct Failure: Error, Equatable {}
    private var inner: MemorySource
    let reads = CallCounter()
    init(_ bytes: [UInt8], maxRead: Int) { inner = MemorySource(bytes, maxRead: maxRead) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        _ = reads.call()
        let n = try inner.read(into: buffer)
        if n == 0 { throw Failure() }
        return n
    }
    var sizeHint: Int? { 12_345 }
    var trailerWord: UInt32? { 678 }
}

/// A gzip file is inflated ahead of the parser: the parser must see exactly the source's bytes, then its error.
@Suite struct PrefetchedSourceTests {
    /// Every block size against every read size, from one byte up: the same bytes in the same order, then 0.
    @Test(arguments: [1, 7, 4096])
    func theBytesAreTheSourcesWhateverTheSizes(blockSize: Int) throws {
        var rng = SeededGenerator(seed: 9)
        let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for (maxRead, readSize) in [(1, 1), (5, 3), (10_000, 333), (3, 50_000)] {
            let source = PrefetchedSource(MemorySource(bytes, maxRead: maxRead), blockSize: blockSize)
            var seen: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: readSize)
            while case let n = try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }), n > 0 {
                #expect(n <= readSize)
                seen += buffer[..<n]
            }
            #expect(seen == bytes, "blocks of \(blockSize), source reads of \(maxRead), reads of \(readSize)")
            #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
        }
    }

    /// A gzip error (a truncated file) comes after every byte inflated before it, and nothing is read after it;
    /// the size hint and trailer of the source are kept.
    @Test func anErrorComesAfterTheBytesBeforeIt() throws {
        let bytes = [UInt8](0..<200)
        let failing = FailingSource(bytes, maxRead: 64)
        let source = PrefetchedSource(failing, blockSize: 64)
        #expect(source.sizeHint == 12_345 && source.trailerWord == 678)
        var seen: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 50)
        do {
            while true { seen += buffer[..<(try buffer.withUnsafeMutableBytes { try source.read(into: $0) })] }
        } catch {
            #expect(error is FailingSource.Failure)
        }
        #expect(seen == bytes)
        #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
        #expect(failing.reads.calls == 5, "4 reads of bytes, the failing one, nothing after it")
    }
}
