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
    public static func csv(_ data: ToyData) -> String {
        var text = "x1,x2,label\n"
        text.reserveCapacity(24 * data.sampleCount + 12)
        for i in 0..<data.sampleCount {
            text += Self.coordinate(data.features[2 * i]) + "," + Self.coordinate(data.features[2 * i + 1])
                + "," + String(data.labels[i]) + "\n"
        }
        return text
    }

    /// Writes the CSV atomically (a temporary file renamed into place); errors name the path.
    public static func write(_ data: ToyData, to path: String) throws {
        try AtomicFile.write(Array(csv(data).utf8), toPath: path)
    }

    /// Six decimals, without a negative zero.
    static func coordinate(_ x: Double) -> String {
        let text = String(format: "%.6f", x)
        return text == "-0.000000" ? "0.000000" : text
    }
}
