/// Count, mean and sum of squared deviations (m2) of each column of rows of numbers, updated a row at a time
/// (Welford) or by merging the moments of other rows (Chan, Golub and LeVeque). Each column is kept in units
/// of a power of two, s = 2^e with e the exponent of its largest |x| seen, so |x / s| < 2: the squared
/// deviations of values near ±1.8e308, the largest Double, then stay finite (unscaled, ±1e200 gives m2 = ∞).
/// Scaling by a power of two is exact, so every result is that of the unscaled updates, bit for bit, as long
/// as those stay finite and nothing underflows (a value below 2^-1074 · s: no part of the sums at their rounding).
public struct RunningMoments: Sendable, Equatable {
    /// Rows seen.
    public private(set) var count = 0
    private var scaledMean: [Double]  // (columns) mean / s
    private var scaledM2: [Double]  // (columns) Σ(x − mean)² / s²
    /// e, at least that of the smallest normal Double, so 1/s is finite.
    private var exponent: [Int]  // (columns)
    private var scale: [Double]  // (columns) s
    private var inverse: [Double]  // (columns) 1/s

    public init(columns: Int) {
        self.init(count: 0, scaledMean: Array(repeating: 0, count: columns), scaledM2: Array(repeating: 0, count: columns),
                  exponents: Array(repeating: Double.leastNormalMagnitude.exponent, count: columns))
    }

    /// The moments of one column of `values`, added one at a time.
    public init(_ values: some Sequence<Double>) {
        self.init(columns: 1)
        for x in values { add(x) }
    }

    /// Moments of `count` rows in units of 2^`exponents` (a block of rows summarized at once).
    init(count: Int, scaledMean: [Double], scaledM2: [Double], exponents: [Int]) {
        (self.count, self.scaledMean, self.scaledM2, exponent) = (count, scaledMean, scaledM2, exponents)
        scale = exponents.map { Self.powerOfTwo($0) }
        inverse = exponents.map { Self.powerOfTwo(-$0) }
    }

    /// The exponent of the unit for values up to `magnitude` (|x| / 2^e < 2), at least the smallest normal's.
    static func exponent(for magnitude: Double) -> Int {
        Swift.max(magnitude.exponent, Double.leastNormalMagnitude.exponent)
    }

    /// 2^k, exact down to 2^-1074 (the smallest subnormal), 0 below; ∞ above 2^1023.
    static func powerOfTwo(_ k: Int) -> Double {
        if k > 1023 { return .infinity }
        if k >= -1022 { return Double(bitPattern: UInt64(k + 1023) << 52) }
        return k >= -1074 ? Double(bitPattern: 1 << UInt64(k + 1074)) : 0
    }

    public var columns: Int { scale.count }

    public var mean: [Double] { zip(scaledMean, scale).map { $0 * $1 } }

    /// Population standard deviation, √(m2 / n) (0 for a constant column or no rows).
    public var standardDeviation: [Double] {
        zip(scaledM2, scale).map { count > 0 && $0 > 0 ? ($0 / Double(count)).squareRoot() * $1 : 0 }
    }

    /// What standardization divides by: the standard deviation, or 1 for a column that is constant (std 0),
    /// constant but for rounding (`isConstantWithinRounding`), not finite, or without rows: it then maps to 0.
    public var standardizingStd: [Double] {
        zip(mean, standardDeviation).map { m, s in
            s > 0 && s.isFinite && !isConstantWithinRounding(mean: m, std: s, count: count) ? s : 1
        }
    }

    /// Root mean square, √E[x²] = √(mean² + std²) = s·√(mean'² + m2'/n) (0 for no rows).
    public var rootMeanSquare: [Double] {
        (0..<columns).map { c in
            count > 0 ? (scaledMean[c] * scaledMean[c] + scaledM2[c] / Double(count)).squareRoot() * scale[c] : 0
        }
    }

    /// Adds one row of `columns` values, Welford's update in units of s (x' = x / s):
    /// δ = x' − mean';  mean' += δ / n;  m2' += δ·(x' − mean').
    public mutating func add(row x: UnsafePointer<Double>) {
        let width = columns
        // A value with |x'| ≥ 2 needs a larger unit for its column (rare: the first rows, a new largest value).
        // The largest |x'| as its bits: for numbers ≥ 0 they order as the numbers, and an integer max vectorizes.
        var largest: UInt64 = 0
        inverse.withUnsafeBufferPointer { inverse in
            for c in 0..<width { largest = Swift.max(largest, abs(x[c] * inverse[c]).bitPattern) }
        }
        if largest >= (2.0).bitPattern {
            for c in 0..<width where abs(x[c] * inverse[c]) >= 2 && x[c].isFinite { rescale(c, to: Self.exponent(for: abs(x[c]))) }
        }
        count += 1
        let n = Double(count)
        inverse.withUnsafeBufferPointer { inverse in
            scaledMean.withUnsafeMutableBufferPointer { mean in
                scaledM2.withUnsafeMutableBufferPointer { m2 in
                    for c in 0..<width {
                        let y = x[c] * inverse[c]
                        let delta = y - mean[c]
                        mean[c] += delta / n
                        m2[c] += delta * (y - mean[c])
                    }
                }
            }
        }
    }

    /// Adds one value to a one-column statistic (a regression target).
    public mutating func add(_ x: Double) {
        precondition(columns == 1, "add(_:) is for one column")
        withUnsafePointer(to: x) { add(row: $0) }
    }

    /// Merges the moments of m more rows into n, each column in the larger of the two units:
    /// δ = mean_b − mean;  mean += δ·m / (n + m);  m2 += m2_b + δ²·n·m / (n + m).
    public mutating func merge(_ other: RunningMoments) {
        precondition(other.columns == columns, "merging \(other.columns) columns into \(columns)")
        guard other.count > 0 else { return }
        let (n, m, total) = (Double(count), Double(other.count), Double(count + other.count))
        let (otherWeight, crossWeight) = (m / total, n * m / total)
        // Columns whose block came in a larger unit move to it first (rare after the first rows).
        for c in 0..<columns where other.exponent[c] > exponent[c] { rescale(c, to: other.exponent[c]) }
        other.scaledMean.withUnsafeBufferPointer { otherMean in
            other.scaledM2.withUnsafeBufferPointer { otherM2 in
                other.exponent.withUnsafeBufferPointer { otherExponent in
                    exponent.withUnsafeBufferPointer { exponent in
                        scaledMean.withUnsafeMutableBufferPointer { mean in
                            scaledM2.withUnsafeMutableBufferPointer { m2 in
                                for c in 0..<mean.count {
                                    // The block's moments in this column's unit: r = s_b / s ≤ 1, mean_b ·= r, m2_b ·= r².
                                    let shift = otherExponent[c] - exponent[c]
                                    let (b, b2) = shift == 0 ? (otherMean[c], otherM2[c])
                                        : (otherMean[c] * Self.powerOfTwo(shift), otherM2[c] * Self.powerOfTwo(2 * shift))
                                    let delta = b - mean[c]
                                    mean[c] += delta * otherWeight
                                    m2[c] += b2 + delta * delta * crossWeight
                                }
                            }
                        }
                    }
                }
            }
        }
        count += other.count
    }

    /// Moves column c to the unit 2^`newExponent` (not smaller than its current one): with r = s / s_new,
    /// mean' ·= r and m2' ·= r², exact unless they underflow.
    private mutating func rescale(_ c: Int, to newExponent: Int) {
        let shift = exponent[c] - newExponent  // log2 r ≤ 0
        scaledMean[c] *= Self.powerOfTwo(shift)
        scaledM2[c] *= Self.powerOfTwo(2 * shift)
        exponent[c] = newExponent
        (scale[c], inverse[c]) = (Self.powerOfTwo(newExponent), Self.powerOfTwo(-newExponent))
    }
}

/// Whether a column of `count` values with this mean and population std is constant but for rounding, by
/// scikit-learn's StandardScaler rule (`_is_constant_feature`), var ≤ n·ε·var + (n·ε·mean)², with n capped at
/// 64. The std of such a column is noise (1 + 1e-15·z has std 1e-15), and dividing by it would blow the noise
/// up to unit variance, which other rows' noise then puts anywhere. scikit-learn's n, a bound on a naive sum's
/// rounding, grows with the rows until it takes real spreads for noise (millisecond timestamps, 1.7e12 ± 100
/// over a million rows); the moments here are summed in a way whose error does not grow so, and 64 ulps of the
/// mean is far above the noise of numbers written with 15–17 digits and far below a spread that carries data.
/// Both sides are divided by max(std, |mean|)², so that values near the largest Double do not overflow.
public func isConstantWithinRounding(mean: Double, std: Double, count: Int) -> Bool {
    let m = Swift.max(std, Swift.abs(mean))
    guard m > 0 else { return true }
    guard m.isFinite else { return false }
    let (s, mu, nEpsilon) = (std / m, mean / m, Double(Swift.min(count, 64)) * Double.ulpOfOne)
    return s * s <= nEpsilon * s * s + (nEpsilon * mu) * (nEpsilon * mu)
}
