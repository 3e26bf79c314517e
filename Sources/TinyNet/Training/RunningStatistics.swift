/// Per-column count, mean, variance, minimum and maximum of rows that arrive a block at a time, in one
/// pass over the data: each block's mean and squared deviations are computed in two passes over the block
/// (in cache), then merged into the running totals (Chan, Golub and LeVeque's update), which is as stable
/// as Welford's row-by-row update for large offsets and lets the compiler vectorize the inner loops.
/// How standardization statistics are computed when the data does not fit in memory; they agree with
/// `Standardizer.fit` on the same rows to rounding (about 1e-15 relative).
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
        let rows = (0..<(values.count / width)).filter(includes)
        guard !rows.isEmpty else { return }
        values.withUnsafeBufferPointer { all in
            let block = BlockStatistics(all.baseAddress!, rows: rows, width: width)
            merge(block, rows: rows.count)
        }
    }

    /// Adds one value to a one-column statistic (a regression target): Welford's update,
    /// δ = x − mean;  mean += δ / n;  m2 += δ·(x − mean).
    public mutating func add(value x: Double) {
        precondition(columns == 1, "add(value:) is for one column")
        count += 1
        let delta = x - mean[0]
        mean[0] += delta / Double(count)
        m2[0] += delta * (x - mean[0])
        minimum[0] = Swift.min(minimum[0], x)
        maximum[0] = Swift.max(maximum[0], x)
    }

    /// Merges a block of m rows into n rows seen: δ = mean_b − mean;  mean += δ·m / (n + m);
    /// m2 += m2_b + δ²·n·m / (n + m).
    private mutating func merge(_ block: BlockStatistics, rows m: Int) {
        let (n, total) = (Double(count), Double(count + m))
        let blockWeight = Double(m) / total
        let crossWeight = n * Double(m) / total
        for c in 0..<columns {
            let delta = block.mean[c] - mean[c]
            mean[c] += delta * blockWeight
            m2[c] += block.m2[c] + delta * delta * crossWeight
            minimum[c] = Swift.min(minimum[c], block.minimum[c])
            maximum[c] = Swift.max(maximum[c], block.maximum[c])
        }
        count += m
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

/// Mean, squared deviations, minimum and maximum of some rows of a block, in two passes over them.
private struct BlockStatistics {
    var mean: [Double]  // (width)
    var m2: [Double]  // (width)
    var minimum: [Double]  // (width)
    var maximum: [Double]  // (width)

    init(_ base: UnsafePointer<Double>, rows: [Int], width: Int) {
        var sum = [Double](repeating: 0, count: width)
        var low = [Double](repeating: .infinity, count: width)
        var high = [Double](repeating: -.infinity, count: width)
        sum.withUnsafeMutableBufferPointer { sum in
            low.withUnsafeMutableBufferPointer { low in
                high.withUnsafeMutableBufferPointer { high in
                    for r in rows {
                        let row = base + r * width
                        for c in 0..<width {
                            sum[c] += row[c]
                            low[c] = Swift.min(low[c], row[c])
                            high[c] = Swift.max(high[c], row[c])
                        }
                    }
                }
            }
        }
        let count = Double(rows.count)
        mean = sum.map { $0 / count }
        var squares = [Double](repeating: 0, count: width)
        mean.withUnsafeBufferPointer { mean in
            squares.withUnsafeMutableBufferPointer { squares in
                for r in rows {
                    let row = base + r * width
                    for c in 0..<width {
                        let d = row[c] - mean[c]
                        squares[c] += d * d
                    }
                }
            }
        }
        (m2, minimum, maximum) = (squares, low, high)
    }
}
