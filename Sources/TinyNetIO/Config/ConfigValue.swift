import TOMLKit
import TinyNet

/// A value for a config key, from a TOML file or a flag.
public enum ConfigValue: Sendable, Equatable {
    case string(String), int(Int), double(Double), bool(Bool), strings([String])
}

extension ConfigValue {
    /// An int or a double as a number; nil for the other kinds.
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value as TOML writes it: strings quoted and escaped, lists of strings in brackets.
    var tomlText: String {
        let quote = doubleQuoted
        switch self {
        case .string(let s): return quote(s)
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .bool(let b): return "\(b)"
        case .strings(let l): return "[\(l.map(quote).joined(separator: ", "))]"
        }
    }

    /// The value as a flag would have been typed: a whole number without TOML's ".0" (`--lr -1`).
    var flagText: String {
        if case .double(let d) = self, d == d.rounded(), abs(d) < 1e15 { return "\(Int64(d))" }
        return tomlText
    }

    /// The value as JSONSerialization takes it.
    var jsonValue: Any {
        switch self {
        case .string(let s): return s
        case .int(let i): return i
        case .double(let d): return d
        case .bool(let b): return b
        case .strings(let l): return l
        }
    }

    /// The value without quotes, a list joined by commas: how a message compares and shows it.
    var plainText: String {
        switch self {
        case .string(let s): return s
        case .strings(let l): return l.joined(separator: ",")
        default: return tomlText
        }
    }
}

extension ConfigValue {
    /// A TOML string, boolean, integer, float or list of strings; nil for another kind (a table, a date,
    /// a list holding anything but strings).
    init?(toml value: TOMLValueConvertible) {
        if let s = value.string { self = .string(s) }
        else if let b = value.bool { self = .bool(b) }
        else if let i = value.int { self = .int(i) }
        else if let d = value.double { self = .double(d) }
        else if let a = value.array {
            var strings: [String] = []
            for element in a {
                guard let s = element.string else { return nil }
                strings.append(s)
            }
            self = .strings(strings)
        } else { return nil }
    }

    /// Why `init(toml:)` refused a value: a list holding something but strings says what and where
    /// (`layers = [64, "relu", "linear"]`: scikit-learn's width alone); a table or a date, the kinds there are.
    static func unsupported(_ value: TOMLValueConvertible?, key: ConfigKey) -> String {
        guard let array = value?.array, let k = array.firstIndex(where: { $0.string == nil }) else {
            return "unsupported value type (use a string, number, boolean or list of strings)"
        }
        let element = array[k]
        let number = element.int.map(String.init) ?? element.double.map { "\($0)" }
        let found = number.map { "the number \($0)" } ?? element.bool.map { "\($0)" } ?? "a table, list or date"
        var hint = ""
        if key == .layers, let width = element.int {
            hint = " (a width alone, as in scikit-learn's hidden_layer_sizes, is \"linear:N\" here, with an activation after it: [\"linear:\(width)\", \"relu\", \"linear\"])"
        } else if key == .ignoreColumns, let number {
            hint = " (columns are named: a column named \(number) is \"\(number)\")"
        }
        return "expected a list of strings, found \(found) at position \(k + 1)\(hint)"
    }
}
