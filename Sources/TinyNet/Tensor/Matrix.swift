/// Owns one contiguous, zero-initialized allocation of `capacity` elements.
public final class MatrixStorage<T: Scalar> {
    public let pointer: UnsafeMutablePointer<T>
    public let capacity: Int

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public init(capacity: Int) {  // specialized: zeroing then runs as a memset, not a witness call per element
        self.capacity = capacity
        pointer = .allocate(capacity: Swift.max(capacity, 1))
        pointer.initialize(repeating: 0, count: Swift.max(capacity, 1))
    }

    deinit { pointer.deallocate() }
}

/// A row-major matrix (batch along rows) over a shared buffer.
///
/// A `Matrix` is a view, like a tensor handle: copying one shares its storage,
/// and writes through either are seen by both (`copy()` makes an independent
/// one). Layers hand out views of buffers they own, so a forward pass moves
/// no data it does not compute, and the last short batch of an epoch is a view
/// of the first rows of the same buffers.
public struct Matrix<T: Scalar> {
    public let rows: Int
    public let cols: Int
    public let storage: MatrixStorage<T>

    /// A zero matrix of shape (rows, cols).
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix shape must be non-negative")
        self.init(rows: rows, cols: cols, storage: MatrixStorage(capacity: rows * cols))
    }

    /// A view of the first rows·cols elements of `storage`.
    public init(rows: Int, cols: Int, storage: MatrixStorage<T>) {
        precondition(rows * cols <= storage.capacity, "view larger than its storage")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix holding `values` in row-major order.
    public init(rows: Int, cols: Int, values: [T]) {
        precondition(values.count == rows * cols, "expected \(rows * cols) values, got \(values.count)")
        self.init(rows: rows, cols: cols)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A matrix of row-major `values` converted from Double, as data enters the network. Specialized
    /// for Float and Double, so that a caller in another module converts in a vectorized loop rather
    /// than through generic witness calls per value (which made eval of MNIST take seconds).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public init(rows: Int, cols: Int, converting values: [Double]) {
        precondition(values.count == rows * cols, "expected \(rows * cols) values, got \(values.count)")
        self.init(rows: rows, cols: cols)
        let destination = storage.pointer
        values.withUnsafeBufferPointer { source in
            for k in 0..<source.count { destination[k] = T(source[k]) }
        }
    }

    /// A matrix from nested rows: `Matrix([[1, 2], [3, 4]])`.
    public init(_ nested: [[T]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "rows of different lengths")
        self.init(rows: nested.count, cols: cols, values: nested.flatMap { $0 })
    }

    public var count: Int { rows * cols }
    public var pointer: UnsafeMutablePointer<T> { storage.pointer }

    public subscript(row: Int, col: Int) -> T {
        get {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols, "index out of range")
            return storage.pointer[row * cols + col]
        }
        nonmutating set {
            precondition(row >= 0 && row < rows && col >= 0 && col < cols, "index out of range")
            storage.pointer[row * cols + col] = newValue
        }
    }

    /// The elements in row-major order.
    public var values: [T] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [T] { Array(UnsafeBufferPointer(start: storage.pointer + r * cols, count: cols)) }

    /// A view of the first `n` rows, sharing storage.
    public func prefixRows(_ n: Int) -> Matrix {
        precondition(n <= rows, "prefix longer than the matrix")
        return Matrix(rows: n, cols: cols, storage: storage)
    }

    /// Copies row `r` of `source` (as wide as this matrix) into row `i`.
    @inline(__always)
    public func setRow(_ i: Int, from source: Matrix, row r: Int) {
        (pointer + i * cols).update(from: source.pointer + r * source.cols, count: cols)
    }

    /// An independent copy.
    public func copy() -> Matrix { Matrix(rows: rows, cols: cols, values: values) }

    public func fill(_ value: T) { storage.pointer.update(repeating: value, count: count) }

    /// The matrix converted to another element type.
    public func converted<U: Scalar>(to: U.Type = U.self) -> Matrix<U> {
        let out = Matrix<U>(rows: rows, cols: cols)
        for i in 0..<count { out.pointer[i] = U(storage.pointer[i]) }
        return out
    }

    /// The L2 norm of all elements, accumulated in Double. When Σ v² overflows or falls below 2⁻⁹⁰⁰ (where
    /// squares lose digits to underflow: a gradient at input scale 1e±170), it is m·√(Σ (v/m)²) with m the
    /// largest |v|, as BLAS's nrm2 scales; NaN stays NaN.
    public func norm() -> Double {
        var s = 0.0
        for i in 0..<count { let v = Double(storage.pointer[i]); s += v * v }
        if s.isNaN || (s.isFinite && s >= 0x1p-900) { return s.squareRoot() }
        var largest = 0.0
        for i in 0..<count { largest = Swift.max(largest, Swift.abs(Double(storage.pointer[i]))) }
        guard largest > 0, largest.isFinite else { return largest }
        var scaled = 0.0
        for i in 0..<count { let v = Double(storage.pointer[i]) / largest; scaled += v * v }
        return largest * scaled.squareRoot()
    }
}

/// A buffer that grows to the largest shape asked of it and hands out views,
/// so a layer allocates once per batch size and never inside the training loop.
public struct ReusableBuffer<T: Scalar> {
    private var storage: MatrixStorage<T>?

    public init() {}

    /// A (rows, cols) view; allocates only when the buffer is too small.
    /// Its contents are whatever was written last, not zeros.
    public mutating func matrix(rows: Int, cols: Int) -> Matrix<T> {
        if storage == nil || storage!.capacity < rows * cols {
            storage = MatrixStorage(capacity: rows * cols)
        }
        return Matrix(rows: rows, cols: cols, storage: storage!)
    }
}
