#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of scanning a decimal number in a byte range.
struct NumberScan {
    enum Status { case exact, needsStrtod, invalid }
    /// The value when `status == .exact`.
    var value: Double
    var status: Status
    /// Index of the first byte after the number and any trailing blanks.
    var next: Int
}

/// Exact powers of ten: every 10^k with k ≤ 22 is representable in a Double.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// A space or tab that is not the delimiter (blanks around a number are trimmed).
@inline(__always)
func isBlank(_ c: UInt8, delimiter: UInt8) -> Bool {
    (c == 0x20 || c == 0x09) && c != delimiter
}

/// Scans `[blanks] [+|-] digits [. digits] [(e|E) [+|-] digits] [blanks]` starting at `start`.
/// Stops at the first byte that does not fit; the caller checks that it ends the field.
/// Numbers with at most 19 significant digits whose value is exact (mantissa < 2^53, 10^|e| ≤ 10^22)
/// are computed here with one correctly rounded multiply or divide; the rest need strtod.
func scanNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> NumberScan {
    var i = start
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    var negative = false
    if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        negative = p[i] == UInt8(ascii: "-")
        i += 1
    }
    var mantissa: UInt64 = 0
    var significant = 0  // digits in the mantissa, leading zeros excluded
    var digits = 0
    var exponent = 0
    while i < end, case let d = p[i] &- 48, d <= 9 {
        if significant < 19 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            if mantissa != 0 { significant += 1 }
        } else {
            significant += 1
        }
        digits += 1
        i += 1
    }
    if i < end && p[i] == UInt8(ascii: ".") {
        i += 1
        while i < end, case let d = p[i] &- 48, d <= 9 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significant += 1 }
                exponent -= 1
            } else {
                significant += 1
            }
            digits += 1
            i += 1
        }
    }
    if digits == 0 { return NumberScan(value: 0, status: .invalid, next: i) }
    if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
        guard let (e, after) = scanExponent(p, i + 1, end) else {
            return NumberScan(value: 0, status: .invalid, next: i)
        }
        exponent += e
        i = after
    }
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    if significant > 19 { return NumberScan(value: 0, status: .needsStrtod, next: i) }
    guard let magnitude = exactValue(mantissa: mantissa, exponent: exponent) else {
        return NumberScan(value: 0, status: .needsStrtod, next: i)
    }
    return NumberScan(value: negative ? -magnitude : magnitude, status: .exact, next: i)
}

/// Scans `[+|-] digits` after an `e`; nil when there are no digits. Large exponents saturate.
@inline(__always)
private func scanExponent(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int)? {
    var i = start
    var negative = false
    if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        negative = p[i] == UInt8(ascii: "-")
        i += 1
    }
    let first = i
    var value = 0
    while i < end, case let d = p[i] &- 48, d <= 9 {
        if value < 100_000 { value = value * 10 + Int(d) }
        i += 1
    }
    if i == first { return nil }
    return (negative ? -value : value, i)
}

/// mantissa × 10^exponent when it can be computed exactly-then-rounded-once, else nil.
@inline(__always)
private func exactValue(mantissa: UInt64, exponent: Int) -> Double? {
    if mantissa == 0 { return 0 }
    guard mantissa < (1 << 53) else { return nil }
    let m = Double(mantissa)
    if exponent == 0 { return m }
    if exponent < 0 {
        return exponent >= -22 ? m / exactPowersOfTen[-exponent] : nil
    }
    if exponent <= 22 { return m * exactPowersOfTen[exponent] }
    // 123e25 = 123000e22: move powers of ten into the mantissa while it stays exact.
    var shifted = mantissa
    for _ in 0..<(exponent - 22) {
        let (product, overflow) = shifted.multipliedReportingOverflow(by: 10)
        if overflow || product >= (1 << 53) { return nil }
        shifted = product
    }
    return Double(shifted) * 1e22
}

/// Parses bytes that `scanNumber` accepted (no blanks) with the C library's correctly rounded strtod.
/// The text is respelled without its decimal point (`-12.5e3` as `-125e2`), so the C locale's decimal
/// separator cannot matter.
func strtodBytes(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 24) { text in
        var length = 0
        var fractionDigits = 0
        var inFraction = false
        var i = 0
        while i < count && (p[i] | 0x20) != UInt8(ascii: "e") {
            if p[i] == UInt8(ascii: ".") {
                inFraction = true
            } else {
                if inFraction { fractionDigits += 1 }
                text[length] = CChar(bitPattern: p[i])
                length += 1
            }
            i += 1
        }
        let written = i < count ? scanExponent(p, i + 1, count).map { $0.0 } ?? 0 : 0
        for c in "e\(written - fractionDigits)".utf8 {
            text[length] = CChar(bitPattern: c)
            length += 1
        }
        text[length] = 0
        return strtod(text.baseAddress!, nil)
    }
}

/// Whether the text (blanks already trimmed) spells NaN or infinity, as strtod would read them.
func isNonFiniteWord(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    var i = start
    if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { i += 1 }
    let word = String(decoding: UnsafeBufferPointer(start: p + i, count: end - i), as: UTF8.self).lowercased()
    return word == "nan" || word == "inf" || word == "infinity"
}
