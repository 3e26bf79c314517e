import Foundation
import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The toy-data CSV that `make-data` writes.
@Suite struct ToyDataWriterTests {
    /// The coordinates' text is printf's "%.6f" (ties to even on the binary value) but for a negative zero, over
    /// every magnitude a coordinate can have and values on a tie (k/128) or next to one.
    @Test func toyDataCoordinatesAreWhatPrintfWrites() {
        var rng = SeededGenerator(seed: 11)
        var values: [Double] = [5e-7, 5e-7.nextUp, 1, 0.5, 1e15.nextDown, 1e15, 123456.7890125, .infinity, -.infinity, .nan]
        values += (1...2000).map { Double($0) / 128 }  // k/128: 7 binary places, a tie at the seventh decimal for odd k
        for _ in 0..<200_000 {
            let magnitude = pow(10, Double(rng.next() % 24) - 8)
            values.append(magnitude * (Double(rng.next() % 1_000_000_007) / 1e9))
        }
        var mismatches: [String] = []
        for v in values {
            for x in [v, -v, v.nextUp, v.nextDown] {
                var bytes: [UInt8] = []
                ToyDataWriter.appendSixDecimals(x, to: &bytes)
                var printf = String(format: "%.6f", x)
                if printf == "-0.000000" { printf = "0.000000" }
                if String(decoding: bytes, as: UTF8.self) != printf { mismatches.append("\(x): \(String(decoding: bytes, as: UTF8.self)) vs \(printf)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(5))")
    }

    @Test func toyDataCSVHasTheHeaderAndNoNegativeZero() {
        let data = ToyData(features: [-0.0000001, 1.5, 0.25, -2, -5e-7, -6e-7], labels: [0, 2, 1], classCount: 3)
        #expect(ToyDataWriter.csv(data) == "x1,x2,label\n0.000000,1.500000,0\n0.250000,-2.000000,2\n0.000000,-0.000001,1\n")
    }
}
