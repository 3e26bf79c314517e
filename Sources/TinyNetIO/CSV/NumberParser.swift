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

/// Exact powers of ten: every 10^k with k ≤ 22 is representable in a Double (scanNumber and the row parser's fast path).
let exactPowersOfTen: [Double] = [
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
/// are computed here with one correctly rounded multiply or divide, as are most others of up to 19 digits
/// on x86-64 (`extendedPrecisionValue`: the 17-digit floats pandas writes); the rest need strtod.
func scanNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> NumberScan {
    var i = start
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    var negative = false
    if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        negative = p[i] == UInt8(ascii: "-")
        i += 1
    }
    // The digits, into a mantissa eight at a time where possible (wrapping: a mantissa of more than
    // 19 significant digits is not used). "0.00125" is 125e-5: fraction digits lower the exponent.
    var mantissa: UInt64 = 0
    let integerStart = i
    accumulateDigits(p, &i, end, into: &mantissa)
    let integerEnd = i
    var (fractionStart, fractionEnd) = (i, i)
    if i < end && p[i] == UInt8(ascii: ".") {
        i &+= 1
        fractionStart = i
        accumulateDigits(p, &i, end, into: &mantissa)
        fractionEnd = i
    }
    let digits = (integerEnd - integerStart) + (fractionEnd - fractionStart)
    if digits == 0 { return NumberScan(value: 0, status: .invalid, next: i) }
    var exponent = -(fractionEnd - fractionStart)
    if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
        guard let (e, after) = scanExponent(p, i + 1, end) else {
            return NumberScan(value: 0, status: .invalid, next: i)
        }
        exponent += e
        i = after
    }
    while i < end && isBlank(p[i], delimiter: delimiter) { i += 1 }
    if digits > 19 {
        // Leading zeros are not significant (they left the mantissa unchanged).
        var zeros = 0
        var k = integerStart
        while k < integerEnd && p[k] == UInt8(ascii: "0") { zeros += 1; k += 1 }
        if k == integerEnd {
            k = fractionStart
            while k < fractionEnd && p[k] == UInt8(ascii: "0") { zeros += 1; k += 1 }
        }
        if digits - zeros > 19 { return NumberScan(value: 0, status: .needsStrtod, next: i) }
    }
    guard let magnitude = roundedValue(mantissa: mantissa, exponent: exponent) else {
        return NumberScan(value: 0, status: .needsStrtod, next: i)
    }
    return NumberScan(value: negative ? -magnitude : magnitude, status: .exact, next: i)
}

/// Appends the decimal digits at `i` to `mantissa` (wrapping), eight per step while eight are there
/// (a SWAR check and conversion of one 64-bit load), and moves `i` past them.
@inline(__always)
func accumulateDigits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, into mantissa: inout UInt64) {
    while end - i >= 8 {
        let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        // Every byte is 0x30…0x39: its high nibble is 3, and adding 6 does not carry into it.
        guard word & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
            (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030
        else { break }
        mantissa = mantissa &* 100_000_000 &+ eightDigitsValue(word)
        i &+= 8
    }
    while i < end, case let d = p[i] &- 48, d <= 9 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        i &+= 1
    }
}

/// The value of eight ASCII digits loaded little-endian (first digit in the low byte).
@inline(__always)
private func eightDigitsValue(_ word: UInt64) -> UInt64 {
    digitBytesValue(word &- 0x3030_3030_3030_3030)
}

/// The value of eight digits 0…9, one per byte, the first (most significant) in the low byte: pairs, then
/// quadruples, then the eight, combined by multiplies (as in simdjson and fast_float).
@inline(__always)
private func digitBytesValue(_ digits: UInt64) -> UInt64 {
    let v = (digits &* 10) &+ (digits >> 8)  // each 16-bit lane: 10·d0 + d1
    let pairs = v & 0x0000_00FF_0000_00FF, next = (v >> 16) & 0x0000_00FF_0000_00FF
    return ((pairs &* (100 &+ (1_000_000 << 32))) &+ (next &* (1 &+ (10_000 << 32)))) >> 32
}

/// The decimal digits that start the eight bytes at `p`: how many (0…8) and their value, without a loop
/// or a branch per byte (SWAR). The eight bytes must be readable; those after the first non-digit are ignored.
@inline(__always)
func leadingDigits(_ p: UnsafePointer<UInt8>) -> (count: Int, value: UInt64) {
    let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    let t = word &- 0x3030_3030_3030_3030  // a digit byte becomes 0…9
    // A byte's high bit is set unless it was a digit: t ≥ 0x80 shows itself, 10 ≤ t < 0x80 reaches 0x80
    // when 0x76 is added. (Borrows and carries run only from a non-digit byte to the bytes after it.)
    let nonDigits = ((t &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
    let count = nonDigits.trailingZeroBitCount >> 3
    // The digits moved up to the high bytes behind zero bytes: "123" reads as 00000123.
    let value = count == 0 ? 0 : digitBytesValue(t << UInt64(64 - 8 * count))
    return (count, value)
}

/// 10^0 … 10^8, the scales of `leadingDigits`' counts. (Spelled out, as a literal, so that the array is
/// laid out when the program loads: a computed global is initialized lazily, a check on every read.)
let integerPowersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

/// Scans `[+|-] digits` after an `e`; nil when there are no digits. Large exponents saturate.
@inline(__always)
func scanExponent(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int)? {
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

/// mantissa × 10^exponent (up to 19 digits) correctly rounded without strtod when possible, else nil:
/// the computation of scanNumber and of the row parser's fast path for long decimals.
@inline(__always)
func roundedValue(mantissa: UInt64, exponent: Int) -> Double? {
    exactValue(mantissa: mantissa, exponent: exponent) ?? extendedPrecisionValue(mantissa: mantissa, exponent: exponent)
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

/// mantissa × 10^exponent for up to 19 digits and |exponent| ≤ 27, through x87 extended precision, when
/// that gives the correctly rounded Double; nil otherwise (and on machines without Float80).
/// The mantissa (< 2^64) and 10^k (k ≤ 27: 5^27 < 2^64) are exact in Float80's 64-bit significand, so
/// r = m · 10^k or m / 10^k is the true value rounded once, to within half a Float80 ulp. Rounding r
/// to Double then rounds the true value correctly unless r lies within one Float80 ulp of a point
/// halfway between two Doubles (its 11 bits below Double's precision are 0x3FF, 0x400 or 0x401):
/// there strtod decides. (1 ≤ m < 10^19 and |k| ≤ 27 keep r within 1e-27…1e46, Double's normal range.)
@inline(__always)
private func extendedPrecisionValue(mantissa: UInt64, exponent: Int) -> Double? {
    #if arch(x86_64) && !os(Windows)
    guard exponent >= -27 && exponent <= 27 else { return nil }
    let m = Float80(mantissa)
    let power = extendedPowersOfTen[abs(exponent)]
    let r = exponent < 0 ? m / power : m * power
    let below = r.significandBitPattern & 0x7FF  // the 11 of Float80's 63 fraction bits a Double drops
    guard below < 0x3FF || below > 0x401 else { return nil }
    return Double(r)
    #else
    return nil
    #endif
}

#if arch(x86_64) && !os(Windows)
/// 10^0 … 10^27, each exact in Float80 (5^27 < 2^64).
/// (Literals, read by the compiler in Float80, so exact, and laid out at load time as `integerPowersOfTen` is.)
private let extendedPowersOfTen: [Float80] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
    1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27,
]
#endif

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
        // "e" and the exponent's digits, written by hand (no String per number).
        var exponent = written - fractionDigits
        text[length] = CChar(bitPattern: UInt8(ascii: "e"))
        length += 1
        if exponent < 0 {
            text[length] = CChar(bitPattern: UInt8(ascii: "-"))
            length += 1
            exponent = -exponent
        }
        let firstDigit = length
        repeat {
            text[length] = CChar(bitPattern: UInt8(ascii: "0") + UInt8(exponent % 10))
            length += 1
            exponent /= 10
        } while exponent > 0
        var (a, b) = (firstDigit, length - 1)
        while a < b { (text[a], text[b]) = (text[b], text[a]); a += 1; b -= 1 }
        text[length] = 0
        return strtod(text.baseAddress!, nil)
    }
}

/// Whether the text (blanks already trimmed) spells NaN or infinity, as strtod would read them.
func isNonFiniteWord(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    isNonFiniteWord(String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self))
}

/// Whether `text` (blanks already trimmed) is `nan`, `inf` or `infinity`, any case, with an optional sign.
func isNonFiniteWord(_ text: String) -> Bool {
    var word = Substring(text.lowercased())
    if let sign = word.first, sign == "+" || sign == "-" { word = word.dropFirst() }
    return word == "nan" || word == "inf" || word == "infinity"
}

/// The decimal number spelled by exactly `p[start..<end]` (blanks already trimmed), correctly rounded: nil
/// when the bytes are not one, ±infinity when it is beyond a Double. The slow path of a feature field
/// (`numberField`) and the reading of label text (`decimalValue`) share it.
func decimalNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> Double? {
    let scan = scanNumber(p, start, end, delimiter: delimiter)
    guard scan.next == end else { return nil }
    switch scan.status {
    case .exact: return scan.value
    case .needsStrtod: return strtodBytes(p + start, count: end - start)
    case .invalid: return nil
    }
}

/// `text` read as the reader reads a feature field: a decimal number (`[+|-] digits [. digits] [e [+|-] digits]`,
/// blanks around it allowed), correctly rounded; nil for anything else — hexadecimal, `inf`, `nan`, words —
/// and for a number beyond a Double. Regression targets and numeric class labels are read with it, so that
/// a label column holds numbers exactly when its values would be numbers as features.
func decimalValue(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { bytes -> Double? in
        guard let p = bytes.baseAddress else { return nil }
        var (start, end) = (0, bytes.count)
        while start < end && isBlank(p[start], delimiter: 0) { start += 1 }
        while end > start && isBlank(p[end - 1], delimiter: 0) { end -= 1 }
        guard start < end, let value = decimalNumber(p, start, end, delimiter: 0), value.isFinite else { return nil }
        return value
    }
}
