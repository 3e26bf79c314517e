/// `s` in double quotes with `\`, `"`, tab and line breaks escaped, as TOML and JSON write a string: a
/// name with a comma, a quote or a line break in it reads as one name in a list, on one line.
public func doubleQuoted(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

/// "1 row", "2 rows": a count with its noun, plural unless the count is 1.
public func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
