/// Per-column count, mean, variance, minimum and maximum of rows that arrive a block at a time, in one
/// pass over the data: each block's mean and squared deviations are computed in passes over the block
/// (in cache), then merged into the running totals (`RunningMoments.merge`, Chan, Golub and LeVeque's
/// update), which is as stable as Welford's row-by-row update for large offsets and lets the compiler
/// vectorize the inner loops. Like `RunningMoments`, the sums are kept in units of a power of two near each
/// column's largest |x|, so values near the largest Double do not overflow them.
/// How standardization statistics are computed when the data does not fit in memory; they agree with
/// `Standardizer.fit` on the same rows to rounding (about 1e-15 relative).
public struct RunningStatistics: Sendable, Equatable {
    private var moments: RunningMoments
    public private(set) var minimum: [Double]  // (columns)
    public private(set) var maximum: [Double]  // (columns)

    public init(columns: Int) {
        moments = RunningMoments(columns: columns)
        minimum = Array(repeating: .infinity, count: columns)
        maximum = Array(repeating: -.infinity, count: columns)
    }

    public var columns: Int { moments.columns }
    /// Rows seen.
    public var count: Int { moments.count }
    public var mean: [Double] { moments.mean }

    /// Adds the rows of row-major `values` (rows × columns) whose index `includes` accepts.
    public mutating func add(_ values: [Double], includes: (Int) -> Bool = { _ in true }) {
        let width = columns
        guard width > 0 else { return }
        let rows = (0..<(values.count / width)).filter(includes)
        guard !rows.isEmpty else { return }
        values.withUnsafeBufferPointer { all in
            let block = BlockStatistics(all.baseAddress!, rows: rows, width: width)
            moments.merge(block.moments)
            for c in 0..<width {
                minimum[c] = Swift.min(minimum[c], block.minimum[c])
                maximum[c] = Swift.max(maximum[c], block.maximum[c])
            }
        }
    }

    /// Adds one value to a one-column statistic (a regression target), by Welford's update.
    public mutating func add(value x: Double) {
        precondition(columns == 1, "add(value:) is for one column")
        moments.add(x)
        minimum[0] = Swift.min(minimum[0], x)
        maximum[0] = Swift.max(maximum[0], x)
    }

    /// Population standard deviation, √(m2 / n) (0 for a constant column or no rows).
    public var standardDeviation: [Double] { moments.standardDeviation }

    /// Root mean square, √(mean² + std²), without overflow for values near the largest Double.
    public var rootMeanSquare: [Double] { moments.rootMeanSquare }

    /// The standardization these statistics define: as `Standardizer.fit`, a constant column gets std 1.
    public var standardizer: Standardizer {
        Standardizer(mean: mean, std: moments.standardizingStd)
    }
}

/// Moments, minimum and maximum of some rows of a block, in two passes over them: the extremes (which give
/// each column its unit s, a power of two) with the sum, then the squared deviations in units of s.
private struct BlockStatistics {
    var moments: RunningMoments  // (width columns)
    var minimum: [Double]  // (width)
    var maximum: [Double]  // (width)

    init(_ base: UnsafePointer<Double>, rows: [Int], width: Int) {
        var low = [Double](repeating: .infinity, count: width)
        var high = [Double](repeating: -.infinity, count: width)
        var sum = [Double](repeating: 0, count: width)
        low.withUnsafeMutableBufferPointer { low in
            high.withUnsafeMutableBufferPointer { high in
                sum.withUnsafeMutableBufferPointer { sum in
                    for r in rows {
                        let row = base + r * width
                        for c in 0..<width {
                            low[c] = Swift.min(low[c], row[c])
                            high[c] = Swift.max(high[c], row[c])
                            sum[c] += row[c]
                        }
                    }
                }
            }
        }
        // s = 2^e, e the exponent of the column's largest |x|; x' = x · (1/s), exact. Scaling by a power of two
        // commutes with rounding, so Σx' = (Σx)/s, unless Σx overflowed (values near ±1.8e308): then Σx' itself.
        let exponents = zip(low, high).map { RunningMoments.exponent(for: Swift.max(abs($0), abs($1))) }
        let inverse = exponents.map { RunningMoments.powerOfTwo(-$0) }
        let scaledSum = sum.allSatisfy(\.isFinite) ? zip(sum, inverse).map { $0 * $1 } : Self.scaledSums(base, rows: rows, width: width, inverse: inverse)
        let count = Double(rows.count)
        let mean = scaledSum.map { $0 / count }
        var squares = [Double](repeating: 0, count: width)
        mean.withUnsafeBufferPointer { mean in
            inverse.withUnsafeBufferPointer { inverse in
                squares.withUnsafeMutableBufferPointer { squares in
                    for r in rows {
                        let row = base + r * width
                        for c in 0..<width {
                            let d = row[c] * inverse[c] - mean[c]
                            squares[c] += d * d
                        }
                    }
                }
            }
        }
        moments = RunningMoments(count: rows.count, scaledMean: mean, scaledM2: squares, exponents: exponents)
        (minimum, maximum) = (low, high)
    }

    /// Per column, Σx' over the rows, x' = x · inverse[c].
    private static func scaledSums(_ base: UnsafePointer<Double>, rows: [Int], width: Int, inverse: [Double]) -> [Double] {
        var sum = [Double](repeating: 0, count: width)
        for r in rows {
            for c in 0..<width { sum[c] += base[r * width + c] * inverse[c] }
        }
        return sum
    }
}
