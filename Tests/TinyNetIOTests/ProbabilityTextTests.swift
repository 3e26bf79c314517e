import Foundation
import Testing
import TinyNet
@testable import TinyNetIO

/// predict writes probabilities to 6 significant digits without printf in the common case: the text must be
/// printf's `%.6g`, byte for byte, everywhere.
@Suite struct ProbabilityTextTests {
    func text(_ x: Double) -> String {
        var bytes: [UInt8] = []
        appendProbability(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func printf(_ x: Double) -> String {
        var bytes: [UInt8] = []
        appendWithPrintf(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func commonValuesReadAsPrintfWritesThem() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "-0"), (1, "1"), (0.5, "0.5"), (0.999969, "0.999969"), (0.9999996, "1"), (3.14334e-06, "3.14334e-06"),
            (0.0012063, "0.0012063"), (0.0001, "0.0001"), (0.00009999996, "0.0001"), (0.00001, "1e-05"), (123456.7, "123457"),
            (999999.6, "1e+06"), (-2.5e-300, "-2.5e-300"), (1e100, "1e+100"), (.nan, "nan"), (.infinity, "inf"),
        ]
        for (x, expected) in cases {
            #expect(text(x) == expected, "\(x)")
            #expect(printf(x) == expected, "printf agrees on \(x)")
        }
    }

    /// Random values over every magnitude, values next to each halfway point of the sixth digit (where
    /// the scaled value's rounding matters), powers of ten and their neighbours, softmax probabilities.
    @Test func printfAndTheShortPathAgreeEverywhere() {
        var rng = SeededGenerator(seed: 6)
        var values: [Double] = [], probabilities: [Double] = []
        for _ in 0..<300_000 {
            let mantissa = 1 + Double(rng.next() >> 11) / Double(1 << 53)
            let exponent = Int(rng.nextIndex(below: 2100)) - 1075
            values.append((rng.next() & 1 == 0 ? 1 : -1) * mantissa * pow(2, Double(exponent)))
            probabilities.append(Double(rng.next() >> 11) / Double(1 << 53))
        }
        values += probabilities
        for _ in 0..<50_000 {
            // m.5 × 10^k, the halfway points of six digits, and the doubles on either side of them.
            let m = Double(100_000 + Int(rng.nextIndex(below: 900_000))) + 0.5
            let k = Int(rng.nextIndex(below: 40)) - 30
            let half = m * pow(10, Double(k - 5))
            values += [half, half.nextUp, half.nextDown, half.nextUp.nextUp, half.nextDown.nextDown]
        }
        for k in -310...310 {
            let p = pow(10, Double(k))
            values += [p, p.nextUp, p.nextDown, 9.999995 * p, 9.9999951 * p, 9.9999949 * p]
        }
        var mismatches: [String] = []
        for x in values where text(x) != printf(x) {
            mismatches.append("\(x): \(text(x)) vs printf \(printf(x))")
            if mismatches.count == 5 { break }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        let fast = probabilities.filter { sixDigits($0) != nil }.count
        #expect(fast > probabilities.count * 99 / 100, "the short path takes nearly every probability: \(fast) of \(probabilities.count)")
    }
}
