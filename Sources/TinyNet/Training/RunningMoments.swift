/// Count, mean and sum of squared deviations (m2) of one column of numbers, updated a value at a time
/// (Welford) or by merging another column's moments (Chan, Golub and LeVeque). Kept in units of a power of
/// two, s = 2^e with e the exponent of the largest |x| seen, so |x / s| < 2: the squared deviations of values
/// near ±1.8e308, the largest Double, then stay finite (unscaled, ±1e200 gives m2 = ∞). Scaling by a power
/// of two is exact, so every result is that of the unscaled updates, bit for bit, as long as those stay
/// finite and nothing underflows (a value below 2^-1074 · s: no part of the sums at their rounding).
public struct RunningMoments: Sendable, Equatable {
    /// Values seen.
    public private(set) var count = 0
    /// mean / s.
    private var scaledMean = 0.0
    /// Σ(x − mean)² / s².
    private var scaledM2 = 0.0
    /// e, at least that of the smallest normal Double, so 1/s is finite.
    private var exponent = Double.leastNormalMagnitude.exponent
    private var scale = Double.leastNormalMagnitude  // s
    private var inverse = 1 / Double.leastNormalMagnitude  // 1/s

    public init() {}

    /// The moments of `values`, added one at a time.
    public init(_ values: some Sequence<Double>) {
        for x in values { add(x) }
    }

    /// Moments in units of 2^`exponent` (a block of values summarized at once).
    init(count: Int, scaledMean: Double, scaledM2: Double, exponent: Int) {
        self.count = count
        rescale(to: exponent)
        (self.scaledMean, self.scaledM2) = (scaledMean, scaledM2)
    }

    /// The exponent of the unit for values up to `magnitude` (|x| / 2^e < 2), at least the smallest normal's.
    static func exponent(for magnitude: Double) -> Int {
        Swift.max(magnitude.exponent, Double.leastNormalMagnitude.exponent)
    }

    public var mean: Double { scaledMean * scale }

    /// Population standard deviation, √(m2 / n) (0 for a constant column or no values).
    public var standardDeviation: Double {
        count > 0 && scaledM2 > 0 ? (scaledM2 / Double(count)).squareRoot() * scale : 0
    }

    /// Root mean square, √E[x²] = √(mean² + std²) = s·√(mean'² + m2'/n) (0 for no values).
    public var rootMeanSquare: Double {
        count > 0 ? (scaledMean * scaledMean + scaledM2 / Double(count)).squareRoot() * scale : 0
    }

    /// Adds one value, Welford's update in units of s (x' = x / s):
    /// δ = x' − mean';  mean' += δ / n;  m2' += δ·(x' − mean').
    public mutating func add(_ x: Double) {
        var y = x * inverse
        if abs(y) >= 2 && x.isFinite {
            rescale(to: Self.exponent(for: abs(x)))
            y = x * inverse
        }
        count += 1
        let delta = y - scaledMean
        scaledMean += delta / Double(count)
        scaledM2 += delta * (y - scaledMean)
    }

    /// Merges the moments of m more values into n, in the larger of the two units:
    /// δ = mean_b − mean;  mean += δ·m / (n + m);  m2 += m2_b + δ²·n·m / (n + m).
    public mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        var other = other
        if other.exponent > exponent { rescale(to: other.exponent) } else { other.rescale(to: exponent) }
        let (n, m, total) = (Double(count), Double(other.count), Double(count + other.count))
        let delta = other.scaledMean - scaledMean
        scaledMean += delta * (m / total)
        scaledM2 += other.scaledM2 + delta * delta * (n * m / total)
        count += other.count
    }

    /// Moves to the unit 2^`newExponent` (not smaller than the current one): with r = s / s_new,
    /// mean' ·= r and m2' ·= r², exact unless they underflow.
    private mutating func rescale(to newExponent: Int) {
        let shift = exponent - newExponent  // log2 r ≤ 0
        scaledMean = Double(sign: .plus, exponent: shift, significand: scaledMean)
        scaledM2 = Double(sign: .plus, exponent: 2 * shift, significand: scaledM2)
        exponent = newExponent
        scale = Double(sign: .plus, exponent: newExponent, significand: 1)
        inverse = Double(sign: .plus, exponent: -newExponent, significand: 1)
    }
}
