/// A minimal JSON reader for safetensors headers.
///
/// Hand-written rather than `JSONSerialization` so that a hostile header can never
/// crash or mislead the loader: nesting is bounded, numbers keep their text (so an
/// integer beyond `Int`, a fraction or an exponent is reported, never rounded),
/// object members keep their order and duplicates are visible, and every failure
/// is a thrown `JSONParseError` with a byte position.
enum JSONValue: Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's text exactly as written (validated against the JSON grammar).
    case number(String)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// The value as an `Int`, when it is a number written as an integer that fits.
    var intValue: Int? {
        guard case .number(let text) = self,
              !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int(text)
    }

    /// A short name of the value's kind, for error messages.
    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number(let text): return "the number \(text.prefix(24))"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

struct JSONParseError: Error, Equatable {
    var message: String
    var offset: Int
}

/// Parses one JSON value that spans all of `bytes` (surrounding whitespace allowed).
struct JSONParser {
    /// Deeper nesting is refused (a safetensors header needs three levels).
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var pos = 0

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.pos != bytes.count { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ message: String) -> JSONParseError {
        JSONParseError(message: message, offset: pos)
    }

    private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipWhitespace() {
        while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for c in literal.utf8 {
            guard peek == c else { throw fail("invalid literal, expected '\(literal)'") }
            pos += 1
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard let c = peek else { throw fail("unexpected end of JSON") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        pos += 1  // {
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
            pos += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            if try endOfContainer(close: "}") { return .object(members) }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        pos += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { pos += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if try endOfContainer(close: "]") { return .array(elements) }
        }
    }

    /// Consumes ',' (returns false) or the closing bracket (returns true).
    private mutating func endOfContainer(close: Unicode.Scalar) throws -> Bool {
        switch peek {
        case UInt8(ascii: ","): pos += 1; return false
        case UInt8(ascii: close): pos += 1; return true
        default: throw fail("expected ',' or '\(close)'")
        }
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = pos
        if peek == UInt8(ascii: "-") { pos += 1 }
        if peek == UInt8(ascii: "0") {
            pos += 1
        } else {
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if peek == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            pos += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw fail("invalid number") }
        }
        return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    private mutating func digits() -> Int {
        let start = pos
        while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { pos += 1 }
        return pos - start
    }

    private mutating func parseString() throws -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("unterminated string") }
            pos += 1
            switch c {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"): try parseEscape(into: &out)
            case 0..<0x20: pos -= 1; throw fail("control character in string")
            default: out.append(c)
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        guard let c = peek else { throw fail("unterminated string") }
        pos += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape())
        default: pos -= 1; throw fail("invalid escape sequence")
        }
    }

    /// `\uXXXX` (after the `u`), joining a surrogate pair; a lone surrogate is an error.
    private mutating func parseUnicodeEscape() throws -> [UInt8] {
        var code = UInt32(try hex4())
        if (0xD800..<0xDC00).contains(code) {
            guard peek == UInt8(ascii: "\\") else { throw fail("lone surrogate in \\u escape") }
            pos += 1
            guard peek == UInt8(ascii: "u") else { throw fail("lone surrogate in \\u escape") }
            pos += 1
            let low = UInt32(try hex4())
            guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate in \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("lone surrogate in \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard let c = peek, let digit = JSONParser.hexDigit(c) else { throw fail("invalid \\u escape") }
            v = v << 4 | digit
            pos += 1
        }
        return v
    }

    private static func hexDigit(_ c: UInt8) -> UInt16? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt16(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt16(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt16(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
