import Foundation

/// JSON text of the values tinynet prints (`--json`) and stores (the checkpoint's JSON-encoded metadata):
/// objects (`[String: Any]`, keys sorted by code point, as Python's `json.dumps(sort_keys=True)`), arrays,
/// strings, integers, Float and Double, Bool, and `NSNull` or nil for null. Written by hand: Foundation's
/// JSONSerialization casts every value through `Any` (3 s for `data --json` on 100 000 columns), orders keys
/// by the ICU collation ("9" before "10", "b" before "B") and formats numbers differently on macOS.
public enum JSONText {
    public static func encode(_ value: Any?) -> String {
        var text = ""
        write(value, to: &text)
        return text
    }

    private static func write(_ value: Any?, to text: inout String) {
        guard let value else { return text += "null" }
        switch value {  // the commonest first: every case is a dynamic cast
        case let number as Double: text += numberText(number, integerBelow: 0x1p53)
        case let string as String: writeString(string, to: &text)
        case let object as [String: Any?]:
            text += "{"
            for (i, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { text += "," }
                writeString(key, to: &text)
                text += ":"
                write(object[key]!, to: &text)
            }
            text += "}"
        case let array as [Any?]:
            text += "["
            for (i, element) in array.enumerated() {
                if i > 0 { text += "," }
                write(element, to: &text)
            }
            text += "]"
        case let bool as Bool: text += bool ? "true" : "false"
        case let number as Float: text += numberText(number, integerBelow: 0x1p24)
        case let number as any BinaryInteger: text += "\(number)"
        case is NSNull: text += "null"
        default:
            // An Optional inside Any (`Double?` as a dictionary value) is null when empty, else its value.
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { preconditionFailure("no JSON form for \(type(of: value))") }
            write(mirror.children.first?.value, to: &text)
        }
    }

    /// A finite number as its shortest round-trip spelling ("0.1", "1e-05"), a whole one up to `integerBelow`
    /// without ".0" ("3"), but -0 as "-0.0" (Python's json reads "-0" as the integer 0, losing the sign);
    /// null for NaN and infinity, which JSON has not.
    private static func numberText<F: BinaryFloatingPoint & LosslessStringConvertible>(_ x: F, integerBelow limit: F) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded() && abs(x) <= limit { return x == 0 && x.sign == .minus ? "-0.0" : "\(Int64(x))" }
        return x.description
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
    private static func writeString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{8}": text += "\\b"
            case "\u{C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
