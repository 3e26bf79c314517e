#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends `x` to 6 significant digits exactly as C's `%.6g` writes it (predict's probabilities).
///
/// printf rounds the exact binary value; scaling x by a power of ten to six integer digits rounds it too, but
/// by at most a few units in the last place, which moves the six digits only when x lies next to a halfway
/// point (…5 in the seventh digit). So: scale, and when the scaled value is not within 1e-6 of a half, round
/// it to six digits and lay them out as %g does; otherwise (and for zero's sign, the subnormal and huge
/// range, NaN and infinity) ask vsnprintf. Passing a value through withVaList cost more than printf itself.
func appendProbability(_ x: Double, to bytes: inout [UInt8]) {
    guard let (m, exponent) = sixDigits(x) else { return appendWithPrintf(x, to: &bytes) }
    let zero = UInt8(ascii: "0"), point = UInt8(ascii: ".")
    /// The i-th of the six digits of m, from the most significant.
    func digit(_ i: Int) -> UInt8 { zero + UInt8(m / decimalPlaces[5 - i] % 10) }
    var significant = 6  // the digits left once trailing zeros go
    while m % decimalPlaces[6 - significant + 1] == 0 { significant -= 1 }
    if x < 0 { bytes.append(UInt8(ascii: "-")) }
    // %g: fixed notation when −4 ≤ exponent < 6, else d.ddddde±XX; trailing zeros (and a bare point) dropped.
    if exponent >= 0 && exponent < 6 {
        for i in 0...exponent { bytes.append(digit(i)) }
        if significant > exponent + 1 { bytes.append(point) }
        for i in min(exponent + 1, significant)..<significant { bytes.append(digit(i)) }
    } else if exponent < 0 && exponent >= -4 {
        bytes.append(zero)
        bytes.append(point)
        for _ in 0..<(-exponent - 1) { bytes.append(zero) }
        for i in 0..<significant { bytes.append(digit(i)) }
    } else {
        bytes.append(digit(0))
        if significant > 1 { bytes.append(point) }
        for i in 1..<significant { bytes.append(digit(i)) }
        bytes.append(UInt8(ascii: "e"))
        bytes.append(UInt8(ascii: exponent < 0 ? "-" : "+"))
        let e = abs(exponent)  // at least two digits, as C writes it
        if e >= 100 { bytes.append(zero + UInt8(e / 100)) }
        bytes.append(zero + UInt8(e / 10 % 10))
        bytes.append(zero + UInt8(e % 10))
    }
}

/// 1, 10, …, 10^6.
private let decimalPlaces = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

/// The six significant digits of |x| as an integer m (100 000 ≤ m < 1 000 000) and the decimal exponent of
/// the first, when scaling x is safely away from a halfway point; nil for the cases left to printf.
func sixDigits(_ x: Double) -> (m: Int, exponent: Int)? {
    let a = abs(x)
    guard a >= 1e-290 && a <= 1e290 else { return nil }  // also 0, NaN and infinity
    var exponent = Int(log10(a).rounded(.down))
    for _ in 0..<3 {  // log10 may be one off near a power of ten; the rounding may carry to 1000000
        let k = 5 - exponent
        let scaled = k >= 0 ? a * powerOfTen(k) : a / powerOfTen(-k)
        let fraction = scaled - scaled.rounded(.down)
        if abs(fraction - 0.5) < 1e-6 { return nil }  // next to a halfway point: printf decides
        let m = Int(scaled.rounded())
        if m < 100_000 { exponent -= 1; continue }
        if m >= 1_000_000 { exponent += 1; continue }
        return (m, exponent)
    }
    return nil
}

/// 10^k for 0 ≤ k ≤ 300, correctly rounded (exact up to 10^22).
private func powerOfTen(_ k: Int) -> Double { powersOfTen[k] }
private let powersOfTen: [Double] = (0...300).map { Double("1e\($0)")! }

/// `%.6g` by vsnprintf into a stack buffer.
func appendWithPrintf(_ x: Double, to bytes: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
        let count = withVaList([x]) { vsnprintf(buffer.baseAddress!, 32, "%.6g", $0) }
        buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 32) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(count))) }
    }
}
