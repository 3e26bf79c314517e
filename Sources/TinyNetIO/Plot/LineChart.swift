extension SVGChart {
    /// One or more panels stacked vertically under an overall `title`. Each
    /// panel has axes with round tick values (powers of ten on log axes), grid
    /// lines, axis labels, a legend, and per series a `<g class="series"
    /// data-name="…">` holding one `<path>` in its own colour and a `<circle>`
    /// marker at each point (markers are left out above 500 points; above 4000, the line goes through
    /// each pixel column's first, lowest, highest and last point only).
    ///
    /// Points that are not finite, or not positive on a log axis, are skipped
    /// and break the line; an empty series still gets its group and legend entry.
    public static func lines(title: String, panels: [ChartPanel], width: Int = 720) -> String {
        var svg = SVGWriter()
        let layout = LineLayout(width: Double(max(width, 360)), series: panels.flatMap(\.series))
        svg.text(SVGWriter.fitted(title, width: layout.width - 40, size: 16), x: layout.width / 2, y: 26, anchor: "middle", size: 16,
                 extra: [("font-weight", "bold")])
        var top = LineLayout.titleHeight, right = layout.width
        for panel in panels {
            let size = drawPanel(panel, top: top, layout: layout, into: &svg)
            top += size.height
            right = max(right, size.width)
        }
        return svg.document(width: right, height: top + 8, title: title)
    }

    /// Draws one panel with its top edge at `top`; returns the panel's size.
    private static func drawPanel(
        _ panel: ChartPanel, top: Double, layout: LineLayout, into svg: inout SVGWriter
    ) -> (width: Double, height: Double) {
        let points = panel.series.map { series in
            zip(series.xs, series.ys).map { x, y -> (Double, Double)? in
                let ok = x.isFinite && y.isFinite && (!panel.logX || x > 0) && (!panel.logY || y > 0)
                return ok ? (x, y) : nil
            }
        }
        let valid = points.flatMap { $0.compactMap { $0 } }
        let xAxis = ChartAxis(values: valid.map(\.0), log: panel.logX, integer: panel.integerX)
        let yAxis = ChartAxis(values: valid.map(\.1), log: panel.logY)
        let frame = layout.plotFrame(series: panel.series)
        svg.open("g", [("class", "panel"), ("transform", "translate(0,\(SVGWriter.num(top)))")])
        let bold = [("font-weight", "bold")]
        svg.text(panel.title, x: frame.x + frame.w / 2, y: 16, anchor: "middle", size: 13, extra: bold)
        drawAxes(xAxis, yAxis, frame: frame, panel: panel, into: &svg)
        if valid.isEmpty {
            let grey = [("fill", "#888888")]
            svg.text("no data", x: frame.x + frame.w / 2, y: frame.y + frame.h / 2, anchor: "middle", extra: grey)
        }
        for (i, series) in panel.series.enumerated() {
            let px = points[i].map { p in
                p.map { x, y in
                    (frame.x + frame.w * (xAxis.fraction(x) ?? 0.5), frame.y + frame.h * (1 - (yAxis.fraction(y) ?? 0.5)))
                }
            }
            drawSeries(series.name, px, color: ChartPalette.color(i), into: &svg)
        }
        drawLegend(panel.series, x: frame.x + frame.w + 16, y: frame.y + 8, into: &svg)
        svg.close("g")
        return (frame.x + frame.w + frame.legendWidth + 20, frame.y + frame.h + 64)
    }

    private static func drawAxes(
        _ xAxis: ChartAxis, _ yAxis: ChartAxis, frame f: PlotFrame, panel: ChartPanel,
        into svg: inout SVGWriter
    ) {
        let n = SVGWriter.num
        let bottom = f.y + f.h, right = f.x + f.w
        svg.open("g", [("class", "axes"), ("stroke", "#333333"), ("fill", "#333333")])
        for u in xAxis.minorTicks {
            let x = f.x + f.w * xAxis.position(u)
            svg.element("line", [("x1", n(x)), ("y1", n(bottom)), ("x2", n(x)), ("y2", n(bottom + 3))])
        }
        for u in yAxis.minorTicks {
            let y = bottom - f.h * yAxis.position(u)
            svg.element("line", [("x1", n(f.x - 3)), ("y1", n(y)), ("x2", n(f.x)), ("y2", n(y))])
        }
        for (u, label) in zip(xAxis.ticks, xAxis.labels) {
            let x = f.x + f.w * xAxis.position(u)
            svg.element("line", [("x1", n(x)), ("y1", n(f.y)), ("x2", n(x)), ("y2", n(bottom)), ("stroke", "#e5e5e5")])
            svg.element("line", [("x1", n(x)), ("y1", n(bottom)), ("x2", n(x)), ("y2", n(bottom + 5))])
            svg.text(label, x: x, y: bottom + 18, anchor: "middle", extra: [("stroke", "none")])
        }
        for (u, label) in zip(yAxis.ticks, yAxis.labels) {
            let y = bottom - f.h * yAxis.position(u)
            svg.element("line", [("x1", n(f.x)), ("y1", n(y)), ("x2", n(right)), ("y2", n(y)), ("stroke", "#e5e5e5")])
            svg.element("line", [("x1", n(f.x - 5)), ("y1", n(y)), ("x2", n(f.x)), ("y2", n(y))])
            svg.text(label, x: f.x - 8, y: y + 4, anchor: "end", extra: [("stroke", "none")])
        }
        svg.element("rect", [("x", n(f.x)), ("y", n(f.y)), ("width", n(f.w)), ("height", n(f.h)), ("fill", "none")])
        svg.text(panel.xLabel, x: f.x + f.w / 2, y: bottom + 40, anchor: "middle", extra: [("stroke", "none")])
        svg.text(
            panel.yLabel, x: -(f.y + f.h / 2), y: 18, anchor: "middle",
            extra: [("transform", "rotate(-90)"), ("stroke", "none")])
        svg.close("g")
    }

    /// One series: a path through its pixel points, broken at skipped (nil) points, and markers.
    private static func drawSeries(
        _ name: String, _ points: [(Double, Double)?], color: String, into svg: inout SVGWriter
    ) {
        let n = SVGWriter.num
        svg.open("g", [("class", "series"), ("data-name", name)])
        var d = ""
        var penDown = false
        for p in points.count > maxDrawnPoints ? pixelColumnExtremes(points) : points {
            guard let (x, y) = p else { penDown = false; continue }
            d += (d.isEmpty ? "" : " ") + (penDown ? "L" : "M") + "\(n(x)) \(n(y))"
            penDown = true
        }
        if !d.isEmpty {
            svg.element("path", [
                ("d", d), ("fill", "none"), ("stroke", color), ("stroke-width", "1.8"), ("stroke-linejoin", "round"),
            ])
        }
        let present = points.compactMap { $0 }
        if present.count <= 500 {
            for (x, y) in present {
                svg.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", "2.5"), ("fill", color)])
            }
        }
        svg.close("g")
    }

    /// Above this many points a series is drawn through `pixelColumnExtremes` (a log of 200 000 epochs made
    /// a 9.6 MB SVG of points drawn on top of each other).
    static let maxDrawnPoints = 4000

    /// The points (in pixels) that draw the same line: of each run of consecutive points within one pixel
    /// column, the first, the lowest, the highest and the last, in their order (min-max decimation, as
    /// plotting tools do for long signals). Gaps (nil) are kept.
    static func pixelColumnExtremes(_ points: [(Double, Double)?]) -> [(Double, Double)?] {
        var kept: [(Double, Double)?] = []
        var run: [(Double, Double)] = []
        func flush() {
            guard !run.isEmpty else { return }
            // On the page y grows downwards: the lowest point has the largest y.
            let lowest = run.indices.max { run[$0].1 < run[$1].1 }!
            let highest = run.indices.min { run[$0].1 < run[$1].1 }!
            for i in Set([0, lowest, highest, run.count - 1]).sorted() { kept.append(run[i]) }
            run.removeAll(keepingCapacity: true)
        }
        for p in points {
            guard let p else {
                flush()
                kept.append(nil)
                continue
            }
            if let column = run.first.map({ $0.0.rounded(.down) }), column != p.0.rounded(.down) { flush() }
            run.append(p)
        }
        flush()
        return kept
    }

    private static func drawLegend(_ series: [ChartSeries], x: Double, y: Double, into svg: inout SVGWriter) {
        guard !series.isEmpty else { return }
        let n = SVGWriter.num
        svg.open("g", [("class", "legend")])
        for (i, s) in series.enumerated() {
            let cy = y + Double(i) * LineLayout.legendRow, color = ChartPalette.color(i)
            svg.element("line", [
                ("x1", n(x)), ("y1", n(cy)), ("x2", n(x + 22)), ("y2", n(cy)), ("stroke", color), ("stroke-width", "2"),
            ])
            svg.element("circle", [("cx", n(x + 11)), ("cy", n(cy)), ("r", "2.5"), ("fill", color)])
            svg.text(SVGWriter.truncate(s.name, LineLayout.legendChars), x: x + 28, y: cy + 4)
        }
        svg.close("g")
    }
}

/// The plotting rectangle of a panel, relative to the panel's top-left corner.
struct PlotFrame {
    let x: Double, y: Double, w: Double, h: Double
    /// Width of the legend to the right of the plot, 0 without series.
    let legendWidth: Double
}

/// Fixed sizes of the line chart, in pixels.
struct LineLayout {
    static let titleHeight = 40.0
    static let legendRow = 18.0
    static let legendChars = 24
    let width: Double
    /// Legend width, the same for every panel so that their plot areas line up.
    let legend: Double

    init(width: Double, series: [ChartSeries]) {
        self.width = width
        let names = series.map { SVGWriter.truncate($0.name, Self.legendChars) }
        legend = names.isEmpty ? 0 : min(max(names.map { SVGWriter.textWidth($0) }.max()! + 44, 90), 220)
    }

    /// Room on the left for y tick labels and title, on the right for the legend.
    func plotFrame(series: [ChartSeries]) -> PlotFrame {
        let left = 76.0
        let w = max(width - left - legend - 20, 120)
        let h = max(240, Double(series.count) * Self.legendRow + 16)
        return PlotFrame(x: left, y: 26, w: w, h: h, legendWidth: legend)
    }
}
