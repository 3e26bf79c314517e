import Foundation
import TinyNet

/// `s` as one cell of a printed table or a name in a message: itself, or `doubleQuoted` when it holds a
/// control character (a class label with a quoted line break would otherwise break the table's line in
/// two, and a name from a file or checkpoint holding ESC would drive the terminal).
public func tableCell(_ s: String) -> String {
    s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) } ? doubleQuoted(s) : s
}

/// `x` with `digits` decimals, or in scientific notation with as many from 1e6 on (a diverged model's loss of
/// 5e35 would otherwise print 36 digits); "nan" for NaN, whatever its sign bit.
public func decimalsOrScientific(_ x: Double, digits: Int) -> String {
    x.isNaN ? "nan" : String(format: Swift.abs(x) < 1e6 || !x.isFinite ? "%.\(digits)f" : "%.\(digits)e", x)
}

/// A loss as the epoch lines and progress show it: four decimals, or scientific notation from 1e6 on.
public func lossText(_ x: Double) -> String { decimalsOrScientific(x, digits: 4) }

/// "1 row", "2 rows": a count with its noun, plural unless the count is 1; `plural` for a noun that does
/// not take an "s" ("batches", "classes").
public func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
}

/// `text` as a shell word: single-quoted when it holds anything beyond letters, digits and `/._-+`.
public func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+".unicodeScalars.contains($0)) }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
