import Foundation

/// `s` in double quotes with `\`, `"` and control characters escaped (`\t`, `\n`, `\r`, else `\UXXXXXXXX`),
/// which both a TOML basic string and a Python string literal read back exactly: a name with a comma, a quote
/// or a line break in it reads as one name in a list, on one line.
public func doubleQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F
            || (0x80..<0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
            let hex = String(scalar.value, radix: 16)
            out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// `s` as one cell of a printed table: itself, or `doubleQuoted` when it holds a control character (a class
/// label with a quoted line break would otherwise break the table's line in two).
public func tableCell(_ s: String) -> String {
    s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? doubleQuoted(s) : s
}

/// "1 row", "2 rows": a count with its noun, plural unless the count is 1; `plural` for a noun that does
/// not take an "s" ("batches", "classes").
public func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
}

/// `text` as a shell word: single-quoted when it holds anything beyond letters, digits and `/._-+`.
public func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+".unicodeScalars.contains($0)) }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
