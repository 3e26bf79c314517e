/// The row parser's fast path for numbers: a field that is a plain number is read here, in the loop over
/// every field, and anything unusual goes out of line to `scanNumber` (NumberParser.swift).

/// A number that runs to the end of its field, parsed on the fast path; nil when the field needs the slow
/// path (quotes, strtod, errors) or the buffer ends inside it. A lone digit (an image's "0") is read here,
/// in the loop over every field; with 32 bytes ahead, anything else out of line, eight bytes at a time
/// (`shortDecimal`), then byte by byte (`decimalEndingField`). Near the buffer's end, unsigned integers
/// up to 15 digits are read here byte by byte. (Reading every field eight bytes at a time made MNIST's
/// integer pixels 20–50% slower: inlined into the loop, or called for every field.) The delimiter must
/// not be a byte of a number (`isNumberByte`): the row parser reads such files off this path.
@inline(__always)
func plainNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> (Double, Int)? {
    if end &- start >= 32 {
        let d = p[start] &- 48
        if d <= 9 && isFieldEnd(p[start &+ 1], delimiter: delimiter) { return (Double(d), start &+ 1) }
        return shortDecimal(p, start, delimiter: delimiter) ?? decimalEndingField(p, start, end, delimiter: delimiter)
    }
    var i = start
    var integer: UInt64 = 0
    while i < end, case let d = p[i] &- 48, d <= 9 {
        integer = integer &* 10 &+ UInt64(d)
        i += 1
    }
    if i > start && i - start <= 15 && i < end && isFieldEnd(p[i], delimiter: delimiter) {
        return (Double(Int64(bitPattern: integer)), i)  // below 10^15 < 2^53: exact
    }
    return decimalEndingField(p, start, end, delimiter: delimiter)
}

/// `[-]digits[.digits]` with up to 7 integer digits and 19 digits in all, read eight bytes at a time
/// (`leadingDigits`): neither the sign nor the count of digits costs a branch that the data decides, so
/// mixed signs and lengths (`-3.25,12.5,0.0625`) read as fast as uniform columns. The value is computed as
/// scanNumber computes it (bit for bit); nil for any other field, which the byte-by-byte path then reads.
/// At least 32 bytes must be readable at `start` (the longest such field and the byte after it).
@inline(never)
private func shortDecimal(_ p: UnsafePointer<UInt8>, _ start: Int, delimiter: UInt8) -> (Double, Int)? {
    let negative = p[start] == UInt8(ascii: "-")
    var i = start &+ (negative ? 1 : 0)
    let integer = leadingDigits(p + i)
    guard integer.count < 8 else { return nil }
    i &+= integer.count
    var (mantissa, fractionDigits) = (integer.value, 0)
    if p[i] == UInt8(ascii: ".") {
        i &+= 1
        var part = leadingDigits(p + i)
        while true {  // at most twice: 7 + 8 + 8 digits would be more than 19
            mantissa = mantissa &* integerPowersOfTen[part.count] &+ part.value
            fractionDigits &+= part.count
            i &+= part.count
            guard part.count == 8 && fractionDigits == 8 else { break }
            part = leadingDigits(p + i)
        }
    }
    let digits = integer.count &+ fractionDigits
    guard isFieldEnd(p[i], delimiter: delimiter), digits > 0, digits <= 19,
          let magnitude = roundedValue(mantissa: mantissa, exponent: -fractionDigits) else { return nil }
    return (negative ? -magnitude : magnitude, i)
}

/// `[-]digits[.digits]` up to 15 digits: exact in a Double, as is 10^k for k ≤ 15, so one division rounds
/// the value correctly (scanNumber's computation, bit for bit); with an exponent, `exponentEndingField`.
/// Longer digit runs continue in `longDecimalEndingField`, anything else goes through scanNumber.
@inline(never)
private func decimalEndingField(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> (Double, Int)? {
    var i = start
    let negative = i < end && p[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    let integerStart = i
    var mantissa: UInt64 = 0
    while i < end, case let d = p[i] &- 48, d <= 9 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        i += 1
    }
    let integerDigits = i - integerStart
    guard i < end else { return nil }
    if isFieldEnd(p[i], delimiter: delimiter) {
        if integerDigits > 0 && integerDigits <= 15 {
            let value = Double(Int64(bitPattern: mantissa))
            return (negative ? -value : value, i)
        }
    } else if (p[i] | 0x20) == UInt8(ascii: "e") && integerDigits > 0 && integerDigits <= 15 {
        // "1e-05", as pandas writes small floats.
        if let number = exponentEndingField(p, i, end, delimiter: delimiter, negative: negative, mantissa: mantissa, fractionDigits: 0) {
            return number
        }
    } else if p[i] == UInt8(ascii: ".") && integerDigits <= 15 {
        i += 1
        let fractionStart = i, fractionEnd = min(end, i + 15 - integerDigits)
        accumulateDigits(p, &i, fractionEnd, into: &mantissa)
        if i < end && isFieldEnd(p[i], delimiter: delimiter) && integerDigits + (i - fractionStart) > 0 {
            let value = Double(Int64(bitPattern: mantissa)) / exactPowersOfTen[i - fractionStart]
            return (negative ? -value : value, i)
        }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") && integerDigits + (i - fractionStart) > 0,
           let number = exponentEndingField(p, i, end, delimiter: delimiter, negative: negative, mantissa: mantissa, fractionDigits: i - fractionStart) {
            return number
        }
        if i == fractionEnd {
            return longDecimalEndingField(p, start, end, delimiter: delimiter, negative: negative, mantissa: mantissa,
                                          digits: integerDigits + (i - fractionStart), fractionStart: fractionStart, next: i)
        }
    }
    return scannedNumberEndingField(p, start, end, delimiter: delimiter)
}

/// `plainNumber` past its 15th digit: the fraction digits that follow (eight at a time), up to 19 digits in
/// all computed as scanNumber computes them (bit for bit), else scanNumber.
@inline(never)
private func longDecimalEndingField(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8, negative: Bool, mantissa: UInt64,
    digits: Int, fractionStart: Int, next: Int
) -> (Double, Int)? {
    var (i, mantissa) = (next, mantissa)
    accumulateDigits(p, &i, end, into: &mantissa)
    let fractionDigits = i - fractionStart
    if digits + (i - next) <= 19 && i < end {
        if isFieldEnd(p[i], delimiter: delimiter), let magnitude = roundedValue(mantissa: mantissa, exponent: -fractionDigits) {
            return (negative ? -magnitude : magnitude, i)
        }
        // "1.193243255224788468e+00", numpy savetxt's default.
        if (p[i] | 0x20) == UInt8(ascii: "e"),
           let number = exponentEndingField(p, i, end, delimiter: delimiter, negative: negative, mantissa: mantissa, fractionDigits: fractionDigits) {
            return number
        }
    }
    return scannedNumberEndingField(p, start, end, delimiter: delimiter)
}

/// The exponent at `i` (an `e` or `E`) of a mantissa of at most 19 digits, `fractionDigits` of them after the
/// point, when `[+|-]digits` and the field's end follow: mantissa × 10^(exponent − fractionDigits), computed as
/// scanNumber computes it (bit for bit); nil otherwise (scanNumber then reads the field).
@inline(__always)
private func exponentEndingField(
    _ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, delimiter: UInt8, negative: Bool, mantissa: UInt64, fractionDigits: Int
) -> (Double, Int)? {
    guard let (exponent, next) = scanExponent(p, i + 1, end), next < end, isFieldEnd(p[next], delimiter: delimiter),
          let magnitude = roundedValue(mantissa: mantissa, exponent: exponent - fractionDigits) else { return nil }
    return (negative ? -magnitude : magnitude, next)
}

/// Any other number (exponents, blanks, a plus sign, more than 19 digits) through scanNumber.
@inline(never)
private func scannedNumberEndingField(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> (Double, Int)? {
    let scan = scanNumber(p, start, end, delimiter: delimiter)
    if scan.status == .exact && scan.next < end && isFieldEnd(p[scan.next], delimiter: delimiter) {
        return (scan.value, scan.next)
    }
    return nil
}
