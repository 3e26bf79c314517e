/// Rows on their way from a stream to mini-batches, drawn at random (tf.data's `shuffle(buffer_size)`):
/// the first `capacity` rows fill the buffer, then each new row takes the place of one picked uniformly at
/// random, which leaves for the batch; at the end of a pass the rows left leave in a random order.
/// A buffer at least as large as the data gives a full shuffle. Seeded: the same rows and the same
/// generator state give the same order. Memory is `capacity` rows, allocated once.
final class ShuffleBuffer<T: Scalar> {
    let capacity: Int
    private let features: Matrix<T>  // (capacity, F)
    private let targets: Matrix<T>  // (capacity, K)
    private var classIndices: [Int]  // (capacity); unused for regression
    private(set) var count = 0

    init(capacity: Int, features: Int, targets: Int) {
        precondition(capacity >= 1, "a shuffle buffer holds at least one row")
        self.capacity = capacity
        self.features = Matrix(rows: capacity, cols: features)
        self.targets = Matrix(rows: capacity, cols: targets)
        classIndices = Array(repeating: 0, count: capacity)
    }

    /// Adds row `r` of `chunk`. When the buffer is full, a row picked at random first moves to `batch`
    /// and the new row takes its place; returns whether a row moved.
    func add(_ chunk: Dataset<T>, row r: Int, using rng: inout SeededGenerator, into batch: MiniBatch<T>) -> Bool {
        let classIndex = chunk.classIndices.isEmpty ? 0 : chunk.classIndices[r]
        let x = chunk.features.pointer + r * features.cols
        let t = chunk.targets.pointer + r * targets.cols
        guard count == capacity else {
            store(x, t, classIndex, at: count)
            count += 1
            return false
        }
        let slot = rng.nextIndex(below: capacity)
        moveOut(slot, into: batch)
        store(x, t, classIndex, at: slot)
        return true
    }

    /// Moves every row left out in a random order, calling `rowMoved` after each (to train on a full batch).
    func drain(using rng: inout SeededGenerator, into batch: MiniBatch<T>, rowMoved: () throws -> Void) rethrows {
        var order = Array(0..<count)
        rng.shuffle(&order)
        count = 0
        for slot in order {
            moveOut(slot, into: batch)
            try rowMoved()
        }
    }

    /// Forgets the rows held.
    func removeAll() { count = 0 }

    private func store(_ x: UnsafePointer<T>, _ t: UnsafePointer<T>, _ classIndex: Int, at slot: Int) {
        (features.pointer + slot * features.cols).update(from: x, count: features.cols)
        (targets.pointer + slot * targets.cols).update(from: t, count: targets.cols)
        classIndices[slot] = classIndex
    }

    private func moveOut(_ slot: Int, into batch: MiniBatch<T>) {
        batch.append(
            features: features.pointer + slot * features.cols, targets: targets.pointer + slot * targets.cols,
            classIndex: classIndices[slot])
    }
}

/// The rows of the next training step, gathered into buffers allocated once.
final class MiniBatch<T: Scalar> {
    let capacity: Int
    private let x: Matrix<T>  // (capacity, F)
    private let t: Matrix<T>  // (capacity, K)
    /// Class index of each row (classification).  // (capacity)
    private(set) var classIndices: [Int]
    private(set) var count = 0

    init(capacity: Int, features: Int, targets: Int) {
        self.capacity = capacity
        x = Matrix(rows: capacity, cols: features)
        t = Matrix(rows: capacity, cols: targets)
        classIndices = Array(repeating: 0, count: capacity)
    }

    var isFull: Bool { count == capacity }
    /// Views of the rows gathered so far.
    var inputs: Matrix<T> { x.prefixRows(count) }
    var targets: Matrix<T> { t.prefixRows(count) }

    func append(features: UnsafePointer<T>, targets: UnsafePointer<T>, classIndex: Int) {
        precondition(count < capacity, "MiniBatch.append on a full batch")
        (x.pointer + count * x.cols).update(from: features, count: x.cols)
        (t.pointer + count * t.cols).update(from: targets, count: t.cols)
        classIndices[count] = classIndex
        count += 1
    }

    func clear() { count = 0 }
}
