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
