import Foundation
import TinyNet

/// `source` read ahead on a background thread: while the caller trains on one chunk, the next ones are
/// inflated, parsed and encoded, so that a streamed epoch takes about the longer of reading and training
/// rather than their sum. The chunks, their order and the errors are exactly those of `source` (an error
/// comes after the chunks read before it, then nil, as `CSVStream` hands them out); at most `depth` chunks
/// wait ready, and the thread holds one more while it waits for room. Releasing the returned source before
/// its end (an interrupted epoch) stops the thread after the chunk it is reading, and it releases `source`
/// (closing the file).
func prefetching<T: Scalar>(_ source: @escaping ChunkSource<T>, depth: Int = 4) -> ChunkSource<T> {
    let queue = ChunkQueue<T>(capacity: max(1, depth))
    let reader = UncheckedSendable(source)
    let thread = Thread {  // the thread releases this block, and with it the source, when it ends
        while true {
            let next = Result { try reader.value() }
            guard queue.put(next), case .success(.some) = next else { return }  // released, at the end, or failed
        }
    }
    thread.start()
    let owner = PrefetchOwner(queue)
    return { try owner.queue.take().get() }
}

/// A value handed to the reading thread, which alone uses it after the hand-over.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Held by the consumer's closure only: when it goes, the reading thread is told to stop.
private final class PrefetchOwner<T: Scalar> {
    let queue: ChunkQueue<T>
    init(_ queue: ChunkQueue<T>) { self.queue = queue }
    deinit { queue.cancel() }
}

/// A bounded first-in first-out queue of chunk results between one reading thread and one consumer.
private final class ChunkQueue<T: Scalar>: @unchecked Sendable {
    typealias Item = Result<Dataset<T>?, any Error>
    private let condition = NSCondition()  // guards everything below
    private let capacity: Int
    private var items: [Item] = []
    private var cancelled = false
    /// The last item (nil or an error) has been taken: every later call gets nil.
    private var ended = false

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room and appends `item`; false when the consumer has gone (the item is dropped).
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for the next item.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        if ended { return .success(nil) }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        if case .success(.some) = item {} else { ended = true }
        condition.broadcast()
        return item
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
