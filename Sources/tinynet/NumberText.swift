import Foundation

/// `x` in a printf `format`, or "nan" for NaN whatever its sign bit: C's printf writes "-nan" for a NaN
/// with the sign bit set, which inf − inf gives. gradcheck's errors and scale's gradient norms and ratios
/// print through this, train's losses through `lossText` (as the progress line); the other numbers (inspect,
/// eval, data, --grad-stats, accuracies) still go through String(format:) directly.
func formatted(_ x: Double, _ format: String) -> String { x.isNaN ? "nan" : String(format: format, x) }

/// `x` with `digits` significant digits.
func significant(_ x: Double, _ digits: Int) -> String { formatted(x, "%.\(digits)g") }

/// `x` in scientific notation with `digits` decimals (1.234e-05).
func scientific(_ x: Double, _ digits: Int = 3) -> String { formatted(x, "%.\(digits)e") }

/// `x` in scientific notation with at least `digits` decimals and as many more as it takes for the text to
/// compare with `other` as `x` does (so "9.9999990e-01 < 1.0e+00", not "1.000e+00 < 1.0e+00").
func scientific(_ x: Double, _ digits: Int, comparedWith other: Double) -> String {
    func sign(_ a: Double) -> Int { a < other ? -1 : a > other ? 1 : 0 }
    for d in digits..<17 where Double(scientific(x, d)).map(sign) == sign(x) { return scientific(x, d) }
    return scientific(x, 17)
}

/// `x` in scientific notation with at least `digits` decimals and as many more as it takes to read back as
/// `x` (a tolerance of 1e-6 prints 1.0e-06, one of 0.9999999 9.999999e-01).
func scientific(_ x: Double, atLeast digits: Int) -> String { scientific(x, digits, comparedWith: x) }
