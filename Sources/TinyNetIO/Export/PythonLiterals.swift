import TinyNet

/// Python source literals for the generated loader: every value read from a
/// checkpoint (feature names, class labels, paths, numbers) is written so that
/// Python reads back exactly that value, whatever characters it holds.
extension PyTorchLoaderExport {
    /// A double-quoted Python string literal for `text` (UTF-8 source; backslash,
    /// quote and control characters escaped).
    static func pythonString(_ text: String) -> String { doubleQuoted(text) }

    /// A Python list of string literals: `["a", "b"]`.
    static func pythonList(_ items: [String]) -> String {
        "[" + items.map(pythonString).joined(separator: ", ") + "]"
    }

    /// A Python float literal that reads back as exactly `x` (Swift's shortest
    /// round-trip form; `float("inf")` / `float("nan")` when not finite).
    static func pythonFloat(_ x: Double) -> String {
        if x.isNaN { return "float(\"nan\")" }
        if x.isInfinite { return x < 0 ? "float(\"-inf\")" : "float(\"inf\")" }
        return "\(x)"
    }

    /// `text` made safe inside a triple-quoted docstring: one line, no backslash or quote.
    static func docText(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "\\", "\"": return "'"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: return " "
            default: return Character(scalar)
            }
        })
    }
}
