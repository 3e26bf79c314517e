import Foundation
import TinyNet

extension ToyDataset {
    /// The noise `make-data` uses when none is given: CS231n's 0.2 (radians of
    /// angle) for the spiral, 0.1 for moons and xor, 0.05 for circles (in
    /// coordinate units, where the shapes span about 2).
    public var defaultNoise: Double {
        switch self {
        case .spiral: return 0.2
        case .xor, .moons: return 0.1
        case .circles: return 0.05
        }
    }
}

/// Toy datasets as CSV files that `train` reads: a header `x1,x2,label`, one
/// row per sample, coordinates with six decimals, the class index as label.
public enum ToyDataWriter {
    /// The CSV text of `data` (LF line endings, a trailing newline).
    public static func csv(_ data: ToyData) -> String { String(decoding: csvBytes(data), as: UTF8.self) }

    /// The same as bytes (printf's varargs cost 2 µs a row in dynamic casts; `appendSixDecimals` is exact without them).
    public static func csvBytes(_ data: ToyData) -> [UInt8] {
        var bytes = Array("x1,x2,label\n".utf8)
        bytes.reserveCapacity(24 * data.sampleCount + 12)
        for i in 0..<data.sampleCount {
            appendSixDecimals(data.features[2 * i], to: &bytes)
            bytes.append(UInt8(ascii: ","))
            appendSixDecimals(data.features[2 * i + 1], to: &bytes)
            bytes.append(UInt8(ascii: ","))
            bytes += String(data.labels[i]).utf8
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Appends what printf's "%.6f" writes for `x` (its binary value rounded half to even), but "0.000000" for
    /// a negative value that rounds to zero. Below 1e15, x = m·2^(e−52) with a 53-bit m, so x·10⁶ is the exact
    /// 128-bit m·10⁶ shifted right by 52 − e (between 3 and 73 places once |x| > 5e-7), then rounded.
    static func appendSixDecimals(_ x: Double, to bytes: inout [UInt8]) {
        guard abs(x) < 1e15 else { bytes += String(format: "%.6f", x).utf8; return }  // (and NaN, ±inf)
        guard abs(x) > 5e-7 else { bytes += "0.000000".utf8; return }  // (the Double nearest 5e-7 lies below it)
        let shift = 52 - Int(x.exponent)
        let product = UInt128(x.significandBitPattern | 1 << 52) * 1_000_000
        var millionths = product >> shift
        let (rest, half) = (product & (1 << shift - 1), UInt128(1) << (shift - 1))
        if rest > half || (rest == half && millionths & 1 == 1) { millionths += 1 }
        if x < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes += String(millionths / 1_000_000).utf8
        bytes.append(UInt8(ascii: "."))
        let fraction = String(millionths % 1_000_000)
        bytes += repeatElement(UInt8(ascii: "0"), count: 6 - fraction.utf8.count)
        bytes += fraction.utf8
    }

    /// Writes the CSV atomically (a temporary file renamed into place); errors name the path.
    public static func write(_ data: ToyData, to path: String) throws {
        try AtomicFile.write(csvBytes(data), toPath: path)
    }
}
