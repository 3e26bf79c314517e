import TinyNet

/// Turns label text into class indices. Classes are sorted: numerically when
/// every label is a decimal number as features are read (`decimalValue`: not
/// hex, inf or nan) ("2" before "10"), else as text. Numeric labels are
/// classes by value, as pandas and scikit-learn read them: "1", "1.0" and " 1"
/// are one class, named by its shortest spelling — unless that has an exponent
/// (numpy's savetxt writes 5 as "5.000000000000000000e+00"), when it is named by
/// its value ("5", "0.25"). Integers are compared exactly,
/// so codes beyond 2^53 (where doubles skip integers) stay distinct classes.
public struct ClassEncoding: Equatable, Sendable {
    public let classes: [String]
    private let index: [String: Int]
    /// Class index by numeric value, when every class is a finite number.
    private let valueIndex: [NumericLabel: Int]?

    public init(classes: [String]) {
        self.classes = classes
        index = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let values = classes.map(NumericLabel.init)
        valueIndex = values.contains(nil) ? nil
            : Dictionary(values.enumerated().map { ($1!, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The sorted distinct labels of `labels` (distinct by value when all are numbers).
    public init(labels: [String]) {
        let distinct = Set(labels)
        let values = distinct.map { ($0, NumericLabel($0)) }
        guard !values.contains(where: { $0.1 == nil }) else {
            self.init(classes: distinct.sorted())
            return
        }
        // One class per value, named by its shortest spelling (ties: the first in text order).
        var name: [NumericLabel: String] = [:]
        for (text, value) in values {
            if let current = name[value!], (current.count, current) <= (text.count, text) { continue }
            name[value!] = text
        }
        self.init(classes: name.keys.sorted().map { value in
            let text = name[value]!
            return text.contains(where: { $0 == "e" || $0 == "E" }) ? value.exact : text
        })
    }

    public var count: Int { classes.count }

    public func index(of label: String) -> Int? {
        if let i = index[label] { return i }
        guard let valueIndex, let value = NumericLabel(label) else { return nil }
        return valueIndex[value]
    }
}

/// A numeric label's value: `exact` is the integer's digits ("-12", no leading zeros) when the label is
/// an integer ("12", "012", "12.0", "1.2e1"), else the double's shortest text; `value` orders them.
struct NumericLabel: Hashable, Comparable, Sendable {
    let value: Double
    let exact: String

    /// nil unless `label` (surrounding spaces allowed) is a finite number.
    init?(_ label: String) {
        let text = label.trimmed
        guard let value = decimalValue(text) else { return nil }
        self.value = value == 0 ? 0 : value  // −0 and 0 are one class
        if let digits = NumericLabel.integerDigits(text) {
            exact = digits
        } else if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            exact = String(Int64(value))  // "1.2e1", within 2^53: exact as a double
        } else {
            exact = "\(self.value)"
        }
    }

    /// "-0012.000" → "-12"; nil unless `text` is digits with an optional sign and a fraction of zeros.
    private static func integerDigits(_ text: String) -> String? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" { negative = sign == "-"; body = body.dropFirst() }
        if let dot = body.firstIndex(of: ".") {
            guard body[body.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
            body = body[..<dot]
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = body.drop { $0 == "0" }
        return digits.isEmpty ? "0" : (negative ? "-" : "") + digits
    }

    static func < (a: NumericLabel, b: NumericLabel) -> Bool {
        if a.value != b.value { return a.value < b.value }
        // Equal as doubles: integers beyond 2^53, ordered by their digits (longer magnitude is larger).
        let (aNegative, bNegative) = (a.exact.hasPrefix("-"), b.exact.hasPrefix("-"))
        let magnitude = (a.exact.count, a.exact) < (b.exact.count, b.exact)
        return aNegative && bNegative ? !magnitude && a.exact != b.exact : magnitude
    }
}
