import Foundation

/// Builds an SVG document as a string: escaped text and attributes, and
/// coordinates that are always finite numbers (never `nan` or `inf`).
struct SVGWriter {
    private(set) var body = ""

    /// `<tag a="v" …/>`, or `<tag …>content</tag>` when `content` is given (escaped).
    mutating func element(_ tag: String, _ attributes: [(String, String)], content: String? = nil) {
        body += "<\(tag)\(Self.attributes(attributes))"
        if let content { body += ">\(Self.escape(content))</\(tag)>\n" } else { body += "/>\n" }
    }

    /// Opens `<tag …>`; close it with `close(tag)`.
    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        body += "<\(tag)\(Self.attributes(attributes))>\n"
    }

    mutating func close(_ tag: String) { body += "</\(tag)>\n" }

    /// A `<text>` at (x, y); `anchor` is start, middle or end.
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start",
        size: Double? = nil, extra: [(String, String)] = []
    ) {
        var attrs = [("x", Self.num(x)), ("y", Self.num(y))]
        if anchor != "start" { attrs.append(("text-anchor", anchor)) }
        if let size { attrs.append(("font-size", Self.num(size))) }
        element("text", attrs + extra, content: content)
    }

    /// The whole document: an `<svg>` root of the given size with a `<title>`.
    func document(width: Double, height: Double, title: String) -> String {
        let w = Self.num(width), h = Self.num(height)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" \
            viewBox="0 0 \(w) \(h)" font-family="sans-serif" font-size="12">
            <title>\(Self.escape(title))</title>
            <rect class="background" x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>
            \(body)</svg>

            """
    }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// XML-escapes `&`, `<`, `>`, `"`, `'`; turns line breaks and tabs into spaces
    /// and drops the other control characters, which XML 1.0 forbids.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r", "\t": out += " "
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals; non-finite becomes 0 and huge
    /// values are clamped, so the output never holds `nan`, `inf` or exponents.
    static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (min(max(v, -1e7), 1e7) * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// `s` shortened to `limit` characters with a trailing ellipsis.
    static func truncate(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(max(limit - 1, 1))) + "…"
    }

    /// Rough rendered width of `s` at `size` px in a sans-serif font.
    static func textWidth(_ s: String, size: Double = 12) -> Double {
        Double(s.count) * size * 0.6
    }

    /// `s`, or as much of it as fits `width` followed by "…" (the document's `<title>` keeps it whole).
    static func fitted(_ s: String, width: Double, size: Double) -> String {
        let fits = Int(width / (size * 0.6))
        return s.count <= fits ? s : String(s.prefix(max(fits - 1, 1))) + "…"
    }
}

/// Distinct series colours: the Tableau 10 palette, then golden-angle hues.
enum ChartPalette {
    static let base = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    static func color(_ i: Int) -> String {
        if i < base.count { return base[i] }
        let hue = (Double(i - base.count) * 137.508).truncatingRemainder(dividingBy: 360)
        return hsl(hue, 0.65, 0.45)
    }

    /// `#rrggbb` for hue in degrees, saturation and lightness in [0, 1].
    static func hsl(_ h: Double, _ s: Double, _ l: Double) -> String {
        let c = (1 - abs(2 * l - 1)) * s
        let x = c * (1 - abs((h / 60).truncatingRemainder(dividingBy: 2) - 1))
        let m = l - c / 2
        let (r, g, b): (Double, Double, Double)
        switch h {
        case ..<60: (r, g, b) = (c, x, 0)
        case ..<120: (r, g, b) = (x, c, 0)
        case ..<180: (r, g, b) = (0, c, x)
        case ..<240: (r, g, b) = (0, x, c)
        case ..<300: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        return hex((r + m) * 255, (g + m) * 255, (b + m) * 255)
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ v: Double) -> Int { v.isFinite ? Int(min(max(v, 0), 255).rounded()) : 0 }
        return String(format: "#%02x%02x%02x", byte(r), byte(g), byte(b))
    }
}
