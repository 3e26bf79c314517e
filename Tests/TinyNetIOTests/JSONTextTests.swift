import Foundation
import Testing
import TinyNet
@testable import TinyNetIO

@Suite struct JSONTextTests {
    @Test func numbersAreShortestAndWholeOnesHaveNoPoint() {
        let numbers: [Any] = [3.0, -0.0, 0.1, 1e-5, 1e16, 0x1p53, -2.5e-7, Float(0.1), Float(3), Float(1e20), 7, Int64.min, UInt64.max]
        #expect(JSONText.encode(numbers)
                    == "[3,-0.0,0.1,1e-05,1e+16,9007199254740992,-2.5e-07,0.1,3,1e+20,7,-9223372036854775808,18446744073709551615]")
    }

    @Test func nonFiniteNumbersAndEmptyOptionalsAreNull() {
        let missing: Double? = nil, present: Double? = 2.5
        let object: [String: Any] = ["nan": Double.nan, "inf": -Double.infinity, "f": Float.nan, "none": NSNull(),
                                     "missing": missing as Any, "present": present as Any]
        #expect(JSONText.encode(object) == #"{"f":null,"inf":null,"missing":null,"nan":null,"none":null,"present":2.5}"#)
    }

    /// Keys in code point order (Python's `json.dumps(sort_keys=True)`), not a collation: "10" before "9", "B" before "a".
    @Test func keysAreSortedByCodePoint() {
        let object: [String: Any] = ["b": 1, "B": 2, "a_b": 3, "ab": 4, "a": 5, "_x": 6, "10": 7, "9": 8, "é": 9, "a-b": 10]
        #expect(JSONText.encode(object) == #"{"10":7,"9":8,"B":2,"_x":6,"a":5,"a-b":10,"a_b":3,"ab":4,"b":1,"é":9}"#)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlsOnly() {
        #expect(JSONText.encode("a/\"b\\\n\r\t\u{8}\u{C}\u{1}\u{1F}é€😀") == #""a/\"b\\\n\r\t\b\f\u0001\u001fé€😀""#)
    }

    /// Nested objects and arrays read back to the same values: strings of any characters, doubles bit for bit
    /// (through the checkpoint's exact parser, then Double(String); Foundation's parser on Linux rounds some
    /// doubles one unit off), and Foundation's parser takes the text too.
    @Test func nestedValuesReadBack() throws {
        var rng = SeededGenerator(seed: 5)
        let texts = (0..<200).map { _ in
            String(String.UnicodeScalarView((0..<8).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FF, using: &rng)) }))
        }
        let doubles = (0..<200).map { _ in Double.random(in: -1e6...1e6, using: &rng) * pow(10, Double(Int.random(in: -20...20, using: &rng))) }
        let object: [String: Any] = ["texts": texts, "doubles": doubles, "nested": ["list": [1, true, "x", NSNull()], "empty": [String: Any]()]]
        let text = JSONText.encode(object)
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
        guard case .object(let entries) = try JSONParser.parse(Array(text.utf8)) else {
            Issue.record("not an object: \(text.prefix(80))")
            return
        }
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        #expect(values["texts"] == .array(texts.map { .string($0) }))
        guard case .array(let numbers)? = values["doubles"] else {
            Issue.record("no doubles")
            return
        }
        let read = numbers.map { number -> UInt64? in
            guard case .number(let spelled) = number else { return nil }
            return Double(spelled)?.bitPattern
        }
        #expect(read == doubles.map(\.bitPattern))
        #expect(values["nested"] == .object([("empty", .object([])), ("list", .array([.number("1"), .bool(true), .string("x"), .null]))]))
    }
}
