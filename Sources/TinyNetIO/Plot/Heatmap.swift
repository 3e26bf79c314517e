extension SVGChart {
    /// A heat map such as a confusion matrix: `values[row][column]` drawn as a
    /// grid of `<rect class="cell">` coloured from white (0) to dark blue (the
    /// largest count), with the count written in each cell (white on dark
    /// cells), row labels on the left, column labels below, and axis titles.
    ///
    /// The grid has max(rowLabels.count, values.count) rows and as many columns
    /// as the longest of `columnLabels` and the value rows; a missing label is
    /// the index, a missing value an empty white cell. Negative counts colour as 0.
    public static func heatmap(
        title: String, rowLabels: [String], columnLabels: [String], values: [[Int]],
        rowTitle: String = "true", columnTitle: String = "predicted"
    ) -> String {
        let g = HeatmapGeometry(title: title, rowLabels: rowLabels, columnLabels: columnLabels, values: values)
        let n = SVGWriter.num
        var svg = SVGWriter()
        svg.text(title, x: g.width / 2, y: 26, anchor: "middle", size: 16, extra: [("font-weight", "bold")])
        let maxValue = max(values.lazy.flatMap { $0 }.max() ?? 0, 0)
        svg.open("g", [("class", "cells")])
        for r in 0..<g.rows {
            for c in 0..<g.columns {
                let value = r < values.count && c < values[r].count ? values[r][c] : nil
                let t = maxValue > 0 ? Double(max(value ?? 0, 0)) / Double(maxValue) : 0
                let x = g.left + Double(c) * g.cell, y = g.top + Double(r) * g.cell
                svg.open("g")
                svg.element("rect", [
                    ("class", "cell"), ("x", n(x)), ("y", n(y)), ("width", n(g.cell)), ("height", n(g.cell)),
                    ("fill", Self.blue(t)), ("stroke", "#ffffff"), ("data-row", "\(r)"), ("data-column", "\(c)"),
                ] + (value.map { [("data-value", "\($0)")] } ?? []))
                if let value {
                    svg.text(
                        "\(value)", x: x + g.cell / 2, y: y + g.cell / 2 + g.countSize * 0.35, anchor: "middle",
                        size: g.countSize, extra: [("fill", t > 0.5 ? "#ffffff" : "#1a1a1a")])
                    let tip = "\(rowTitle) \(g.rowNames[r]), \(columnTitle) \(g.columnNames[c]): \(value)"
                    svg.element("title", [], content: tip)
                }
                svg.close("g")
            }
        }
        svg.close("g")
        drawHeatmapLabels(g, rowTitle: rowTitle, columnTitle: columnTitle, into: &svg)
        return svg.document(width: g.width, height: g.height, title: title)
    }

    private static func drawHeatmapLabels(
        _ g: HeatmapGeometry, rowTitle: String, columnTitle: String, into svg: inout SVGWriter
    ) {
        let n = SVGWriter.num
        let gridBottom = g.top + Double(g.rows) * g.cell
        svg.open("g", [("class", "labels"), ("fill", "#333333")])
        for (r, name) in g.rowNames.enumerated() {
            svg.text(name, x: g.left - 6, y: g.top + (Double(r) + 0.5) * g.cell + 4, anchor: "end")
        }
        for (c, name) in g.columnNames.enumerated() {
            let x = g.left + (Double(c) + 0.5) * g.cell, y = gridBottom + 16
            if g.rotateColumns {
                let turn = "rotate(-45 \(n(x + 4)) \(n(y - 4)))"
                svg.text(name, x: x + 4, y: y - 4, anchor: "end", extra: [("transform", turn)])
            } else {
                svg.text(name, x: x, y: y, anchor: "middle")
            }
        }
        let midY = g.top + Double(g.rows) * g.cell / 2
        svg.text(
            rowTitle, x: -midY, y: 18, anchor: "middle",
            extra: [("transform", "rotate(-90)"), ("font-weight", "bold")])
        svg.text(
            columnTitle, x: g.left + Double(g.columns) * g.cell / 2, y: gridBottom + g.columnLabelHeight + 18,
            anchor: "middle", extra: [("font-weight", "bold")])
        svg.close("g")
    }

    /// White → #6baed6 → #08306b (matplotlib's "Blues" ends and middle) for t in [0, 1].
    static func blue(_ t: Double) -> String {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        let (a, b, u): ((Double, Double, Double), (Double, Double, Double), Double) = t < 0.5
            ? ((255, 255, 255), (107, 174, 214), t * 2) : ((107, 174, 214), (8, 48, 107), t * 2 - 1)
        return ChartPalette.hex(a.0 + (b.0 - a.0) * u, a.1 + (b.1 - a.1) * u, a.2 + (b.2 - a.2) * u)
    }
}

/// Sizes and positions of a heat map, in pixels.
struct HeatmapGeometry {
    let rows: Int, columns: Int
    let rowNames: [String], columnNames: [String]
    let cell: Double, countSize: Double
    let left: Double, top: Double
    let rotateColumns: Bool, columnLabelHeight: Double
    let width: Double, height: Double

    init(title: String, rowLabels: [String], columnLabels: [String], values: [[Int]]) {
        rows = max(rowLabels.count, values.count)
        columns = max(columnLabels.count, values.map(\.count).max() ?? 0)
        rowNames = (0..<rows).map { SVGWriter.truncate($0 < rowLabels.count ? rowLabels[$0] : "\($0)", 20) }
        columnNames = (0..<columns).map { SVGWriter.truncate($0 < columnLabels.count ? columnLabels[$0] : "\($0)", 20) }
        cell = min(max((480 / Double(max(rows, columns, 1))).rounded(.down), 14), 56)
        let digits = Double(values.lazy.flatMap { $0 }.map { String($0).count }.max() ?? 1)
        countSize = max(min(13, cell * 0.4, (cell - 4) / (0.6 * digits)), 4)
        let rowLabelWidth = rowNames.map { SVGWriter.textWidth($0) }.max() ?? 0
        let columnLabelWidth = columnNames.map { SVGWriter.textWidth($0) }.max() ?? 0
        rotateColumns = columnLabelWidth > cell - 4
        columnLabelHeight = rotateColumns ? columnLabelWidth * 0.71 + 20 : 24
        // Rotated column labels reach down-left of their column.
        left = max(36 + rowLabelWidth + 8, rotateColumns ? columnLabelWidth * 0.71 - cell / 2 + 8 : 0)
        top = 48
        width = max(left + Double(columns) * cell + 24, SVGWriter.textWidth(title, size: 16) + 40, 240)
        height = top + Double(rows) * cell + columnLabelHeight + 30
    }
}
