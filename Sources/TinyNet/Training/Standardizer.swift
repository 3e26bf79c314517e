/// Feature standardization, z = (x − mean) / std, with the training
/// statistics; a constant feature (std 0, or constant but for rounding) gets std 1 so it maps to 0.
public struct Standardizer: Equatable, Sendable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count)
        self.mean = mean
        self.std = std
    }

    /// The identity transform for `features` columns (standardization off).
    public static func identity(features: Int) -> Standardizer {
        Standardizer(mean: Array(repeating: 0, count: features), std: Array(repeating: 1, count: features))
    }

    /// Whether this is the identity (standardization off, or a model trained without it).
    public var isIdentity: Bool { mean.allSatisfy { $0 == 0 } && std.allSatisfy { $0 == 1 } }

    /// Statistics of row-major `values` with `features` columns (population std, like scikit-learn's StandardScaler).
    public static func fit(_ values: [Double], features: Int) -> Standardizer {
        let rows = features == 0 ? 0 : values.count / features
        // Welford's update, one row at a time (stable for large offsets), in units that keep values
        // near the largest Double from overflowing.
        var moments = RunningMoments(columns: features)
        values.withUnsafeBufferPointer { values in
            for r in 0..<rows { moments.add(row: values.baseAddress! + r * features) }
        }
        // A constant column (std 0, or but for rounding), and one with no rows, gets std 1.
        return Standardizer(mean: moments.mean, std: moments.standardizingStd)
    }

    /// (x − mean) / std · scale, applied to row-major `values`.
    public func apply(_ values: [Double], scale: Double = 1) -> [Double] {
        var out = values
        apply(to: &out, scale: scale)
        return out
    }

    /// The same in place (no copy when `values` is not shared).
    public func apply(to values: inout [Double], scale: Double = 1) {
        let f = mean.count
        guard f > 0 else { return }
        precondition(values.count % f == 0, "standardizing \(values.count) values in rows of \(f)")
        mean.withUnsafeBufferPointer { mean in
            std.withUnsafeBufferPointer { std in
                values.withUnsafeMutableBufferPointer { x in
                    for rowStart in stride(from: 0, to: x.count, by: f) {
                        let row = x.baseAddress! + rowStart
                        // The largest |x − mean| as its bits (they order as the numbers; an integer max vectorizes):
                        // only a row where it overflows (values near ±1.8e308) needs zScore's other formula.
                        var largest: UInt64 = 0
                        for c in 0..<f { largest = Swift.max(largest, abs(row[c] - mean[c]).bitPattern) }
                        if largest < Double.infinity.bitPattern {
                            for c in 0..<f { row[c] = (row[c] - mean[c]) / std[c] * scale }
                        } else {
                            for c in 0..<f { row[c] = Self.zScore(row[c], mean: mean[c], std: std[c]) * scale }
                        }
                    }
                }
            }
        }
    }

    /// z = (x − mean) / std. x − mean overflows for values near ±1.8e308 on either side of the mean, whose z
    /// may be ordinary (std is then as large): z = x/std − mean/std there.
    public static func zScore(_ x: Double, mean: Double, std: Double) -> Double {
        let deviation = x - mean
        return deviation.isFinite ? deviation / std : x / std - mean / std
    }
}
