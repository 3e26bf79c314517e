/// Per-column count, mean, variance, minimum and maximum of rows that arrive a few at a time:
/// Welford's one-pass update, stable for large offsets. It computes the same numbers as
/// `Standardizer.fit` (the same operations in the same order), so statistics gathered while streaming
/// a file equal those of the whole file in memory, bit for bit.
public struct RunningStatistics: Sendable, Equatable {
    /// Rows seen.
    public private(set) var count = 0
    public private(set) var mean: [Double]  // (columns)
    /// Sum of squared deviations from the mean.  // (columns)
    private var m2: [Double]
    public private(set) var minimum: [Double]  // (columns)
    public private(set) var maximum: [Double]  // (columns)

    public init(columns: Int) {
        mean = Array(repeating: 0, count: columns)
        m2 = Array(repeating: 0, count: columns)
        minimum = Array(repeating: .infinity, count: columns)
        maximum = Array(repeating: -.infinity, count: columns)
    }

    public var columns: Int { mean.count }

    /// Adds the rows of row-major `values` (rows × columns) whose index `includes` accepts.
    public mutating func add(_ values: [Double], includes: (Int) -> Bool = { _ in true }) {
        let width = columns
        guard width > 0 else { return }
        values.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for r in 0..<(all.count / width) where includes(r) {
                addRow(base + r * width)
            }
        }
    }

    /// Adds one value to a one-column statistic (a regression target).
    public mutating func add(value: Double) {
        precondition(columns == 1, "add(value:) is for one column")
        [value].withUnsafeBufferPointer { addRow($0.baseAddress!) }
    }

    /// δ = x − mean;  mean += δ / n;  m2 += δ·(x − mean)
    private mutating func addRow(_ row: UnsafePointer<Double>) {
        count += 1
        let n = Double(count)
        let width = columns
        mean.withUnsafeMutableBufferPointer { mean in
            m2.withUnsafeMutableBufferPointer { m2 in
                for c in 0..<width {
                    let x = row[c]
                    let delta = x - mean[c]
                    mean[c] += delta / n
                    m2[c] += delta * (x - mean[c])
                }
            }
        }
        minimum.withUnsafeMutableBufferPointer { low in
            maximum.withUnsafeMutableBufferPointer { high in
                for c in 0..<width {
                    low[c] = Swift.min(low[c], row[c])
                    high[c] = Swift.max(high[c], row[c])
                }
            }
        }
    }

    /// Population standard deviation, √(m2 / n) (0 for a constant column or no rows).
    public var standardDeviation: [Double] {
        m2.map { count > 0 && $0 > 0 ? ($0 / Double(count)).squareRoot() : 0 }
    }

    /// The standardization these statistics define: as `Standardizer.fit`, a constant column gets std 1.
    public var standardizer: Standardizer {
        Standardizer(mean: mean, std: standardDeviation.map { $0 > 0 && $0.isFinite ? $0 : 1 })
    }
}
