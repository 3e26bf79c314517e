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
