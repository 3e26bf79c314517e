import Foundation

/// `source` read ahead on a background thread: while the caller works on one value, the next ones are
/// made. `train --stream` prefetches its chunks (inflated, parsed and encoded), so that a streamed epoch
/// takes about the longer of reading and training rather than their sum; a gzip file is inflated ahead
/// of the parser (`PrefetchedSource`). The values, their order and the errors are exactly those of
/// `source` (an error comes after the values read before it, then nil, as `CSVStream` hands chunks out);
/// at most `depth` values wait ready, and the thread holds one more while it waits for room. Releasing
/// the returned source before its end (an interrupted epoch, a parse error) stops the thread after the
/// value it is making, and it releases `source` (closing the file).
///
/// When no thread can be made (a process limit: `ulimit -u`, a container's pids limit), `source` itself is
/// returned and read on the caller's thread: slower, but the same values (Foundation's Thread would have
/// failed silently, leaving the consumer waiting for ever).
func prefetching<Value>(_ source: @escaping () throws -> Value?, depth: Int = 4) -> () throws -> Value? {
    let queue = PrefetchQueue<Value>(capacity: max(1, depth))
    let reader = UncheckedSendable(source)
    let started = startDetachedThread {  // the thread releases this block, and with it the source, when it ends
        while true {
            let next = Result { try reader.value() }
            guard queue.put(next), case .success(.some) = next else { return }  // released, at the end, or failed
        }
    }
    guard started else { return source }
    let owner = PrefetchOwner(queue)
    return { try owner.queue.take().get() }
}

/// Runs `body` on a new detached thread; false when the thread could not be created (`body` is then dropped).
private func startDetachedThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
        return nil
    }, context)
    guard status == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        return false
    }
    pthread_detach(thread)
    return true
}

private final class ThreadBody: @unchecked Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// A value handed to the reading thread, which alone uses it after the hand-over.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Held by the consumer's closure only: when it goes, the reading thread is told to stop.
private final class PrefetchOwner<Value> {
    let queue: PrefetchQueue<Value>
    init(_ queue: PrefetchQueue<Value>) { self.queue = queue }
    deinit { queue.cancel() }
}

/// A bounded first-in first-out queue of results between one reading thread and one consumer.
private final class PrefetchQueue<Value>: @unchecked Sendable {
    typealias Item = Result<Value?, any Error>
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
