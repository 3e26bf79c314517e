import Testing
@testable import TinyNetIO

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG parsed with XMLParser: every element with its attributes, and the
/// text content of each `<text>` element.
private final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element { let name: String; let attributes: [String: String]; var text = "" }
    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: Error?
    struct ParseFailed: Error {}

    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? ParseFailed() }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = open.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    func all(_ name: String, class cls: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (cls == nil || $0.attributes["class"] == cls) }
    }
}

/// Parses `svg` and checks what every chart must satisfy: well-formed XML with
/// an `<svg>` root, no NaN or infinity, no scripts and no external references.
private func checkedSVG(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedSVG {
    let parsed = ParsedSVG(svg)
    #expect(parsed.error == nil, "not well-formed XML: \(String(describing: parsed.error))", sourceLocation: sourceLocation)
    #expect(parsed.elements.first?.name == "svg", sourceLocation: sourceLocation)
    let lower = svg.lowercased()
    for bad in ["nan", "inf", "<script", "href", "<image", "url(", "@import", "@font-face", "<foreignobject", "onload"] {
        #expect(!lower.contains(bad), "output contains \(bad)", sourceLocation: sourceLocation)
    }
    let withoutNamespace = lower.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    #expect(!withoutNamespace.contains("http"), sourceLocation: sourceLocation)
    #expect(lower.contains("font-family=\"sans-serif\""), sourceLocation: sourceLocation)
    return parsed
}

@Suite struct SVGPlotTests {
    static let losses = ChartPanel(
        title: "Loss", xLabel: "epoch", yLabel: "loss", logY: true,
        series: [
            ChartSeries(name: "train", xs: [1, 2, 3, 4, 5], ys: [2.3, 1.1, 0.6, 0.35, 0.2]),
            ChartSeries(name: "val", xs: [1, 2, 3, 4, 5], ys: [2.2, 1.2, 0.7, 0.5, 0.45]),
        ])
    static let accuracy = ChartPanel(
        title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
        series: [ChartSeries(name: "val", xs: [1, 2, 3, 4, 5], ys: [0.3, 0.6, 0.8, 0.88, 0.9])])

    @Test func linesHasOneGroupPathAndMarkersPerSeries() {
        let svg = SVGChart.lines(title: "Training", panels: [Self.losses, Self.accuracy])
        let doc = checkedSVG(svg)
        let series = doc.all("g", class: "series")
        #expect(series.map { $0.attributes["data-name"] } == ["train", "val", "val"])
        #expect(doc.all("g", class: "panel").count == 2)
        #expect(doc.all("path").count == 3)
        #expect(doc.all("circle").count == 15 + 3)  // markers + legend swatches
        #expect(doc.all("text").contains { $0.text == "Training" })
        for label in ["epoch", "loss", "accuracy", "Loss", "Accuracy", "train", "val"] {
            #expect(doc.all("text").contains { $0.text == label }, "missing text \(label)")
        }
    }

    /// A title wider than the chart (a long config name) is cut to fit, with "…"; the document's <title> keeps it whole.
    @Test func aLongTitleIsCutToTheChartsWidth() {
        let title = "runs/" + String(repeating: "very-long-config-name-", count: 20) + "v2.toml"
        let doc = checkedSVG(SVGChart.lines(title: title, panels: [Self.losses]))
        let shown = doc.all("text").first { $0.text.hasPrefix("runs/") }?.text ?? ""
        #expect(shown.hasSuffix("…") && SVGWriter.textWidth(shown, size: 16) <= 720 - 40, "\(shown)")
        #expect(doc.all("title").first?.text == title)
        #expect(SVGWriter.fitted("short", width: 680, size: 16) == "short")
    }

    @Test func seriesHaveDistinctColours() {
        let series = (0..<15).map { i in ChartSeries(name: "s\(i)", xs: [0, 1], ys: [Double(i), Double(i + 1)]) }
        let doc = checkedSVG(SVGChart.lines(title: "many", panels: [ChartPanel(title: "", xLabel: "x", yLabel: "y", series: series)]))
        let strokes = doc.all("path").compactMap { $0.attributes["stroke"] }
        #expect(strokes.count == 15)
        #expect(Set(strokes).count == 15)
        #expect(strokes.allSatisfy { $0.hasPrefix("#") && $0.count == 7 })
    }

    @Test func linearTicksAreRoundNumbers() {
        let axis = ChartAxis(values: [0.13, 0.87], log: false)
        #expect(axis.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(axis.lo <= 0.13 && axis.hi >= 0.87)
        #expect(ChartAxis(values: [0, 97], log: false).labels == ["0", "20", "40", "60", "80", "100"])
        #expect(ChartAxis(values: [-3, 3], log: false).labels == ["-3", "-2", "-1", "0", "1", "2", "3"])
    }

    /// Data near the largest Double gets ticks that are finite and within the data's reach, each labelled with
    /// its value, and points spread over the axis: a last round tick overflowed to inf (every point drew at the
    /// bottom), and an axis wider than a Double's range labelled both ends 0.
    @Test func anAxisNearTheLargestDoubleStaysFinite() {
        let high = ChartAxis(values: [1e-308, 1.7e308], log: false)
        #expect(high.ticks.allSatisfy(\.isFinite) && high.labels.allSatisfy { $0 != "inf" }, "\(high.labels)")
        #expect((high.fraction(1.7e308) ?? 0) > 0.9 && (high.fraction(1e-308) ?? 1) < 0.1)
        let wide = ChartAxis(values: [-1e308, 1e308], log: false)
        #expect(wide.labels == ["-1e+308", "1e+308"], "\(wide.labels)")
        #expect(wide.fraction(-1e308) == 0 && wide.fraction(1e308) == 1 && wide.fraction(0) == 0.5)
    }

    /// An epoch axis ticks at whole epochs only, however short the log: one epoch, two, three.
    @Test func epochTicksAreWholeNumbers() {
        #expect(ChartAxis(values: [1, 2], log: false).labels.contains("1.2"), "a plain axis divides the step")
        #expect(ChartAxis(values: [1, 2], log: false, integer: true).labels == ["1", "2"])
        #expect(ChartAxis(values: [1], log: false, integer: true).labels == ["0", "1", "2"])
        #expect(ChartAxis(values: [1, 3], log: false, integer: true).labels == ["1", "2", "3"])
        #expect(ChartAxis(values: [1, 40], log: false, integer: true).labels == ["0", "10", "20", "30", "40"])
    }

    @Test func logTicksAreDecades() {
        let axis = ChartAxis(values: [0.002, 0.5, 37], log: true)
        #expect(axis.labels == ["0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(axis.minorTicks.count == 5 * 8)
        let wide = ChartAxis(values: [1e-30, 1e30], log: true)
        #expect(wide.ticks.count <= 12)
        #expect(wide.labels.first == "1e-30" && wide.labels.last == "1e30")
        let doc = checkedSVG(SVGChart.lines(title: "t", panels: [Self.losses]))
        let labels = Set(doc.all("text").map(\.text))
        #expect(labels.isSuperset(of: ["0.1", "1", "10"]))
    }

    @Test func pointsMapInsideThePlotArea() {
        let doc = checkedSVG(SVGChart.lines(title: "t", panels: [Self.accuracy]))
        let frame = doc.all("rect").first { $0.attributes["fill"] == "none" }!.attributes
        let (x, y) = (Double(frame["x"]!)!, Double(frame["y"]!)!)
        let (w, h) = (Double(frame["width"]!)!, Double(frame["height"]!)!)
        let markers = doc.all("g", class: "series").isEmpty ? [] : doc.all("circle").prefix(5)
        for m in markers {
            let cx = Double(m.attributes["cx"]!)!, cy = Double(m.attributes["cy"]!)!
            #expect(cx >= x && cx <= x + w && cy >= y && cy <= y + h)
        }
        // Later epochs are further right, higher accuracy is higher up (smaller y).
        let cxs = markers.map { Double($0.attributes["cx"]!)! }, cys = markers.map { Double($0.attributes["cy"]!)! }
        #expect(cxs == cxs.sorted() && cys == cys.sorted(by: >))
    }

    @Test func edgeCasesNeitherCrashNorEmitNaN() {
        let nan = Double.nan, inf = Double.infinity
        let cases: [(ChartPanel, paths: Int)] = [
            (ChartPanel(title: "empty", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "e", xs: [], ys: [])]), 0),
            (ChartPanel(title: "no series", xLabel: "x", yLabel: "y", series: []), 0),
            (ChartPanel(title: "one", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "p", xs: [3], ys: [4])]), 1),
            (ChartPanel(title: "flat", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "f", xs: [1, 2, 3], ys: [5, 5, 5])]), 1),
            (ChartPanel(title: "zero", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "z", xs: [0, 0], ys: [0, 0])]), 1),
            (ChartPanel(title: "nonfinite", xLabel: "x", yLabel: "y",
                        series: [ChartSeries(name: "n", xs: [1, 2, 3, inf, 5], ys: [1, nan, 3, 4, -inf])]), 1),
            (ChartPanel(title: "all missing", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "n", xs: [nan], ys: [nan])]), 0),
            (ChartPanel(title: "log", xLabel: "x", yLabel: "y", logX: true, logY: true,
                        series: [ChartSeries(name: "l", xs: [-1, 0, 1, 10, 100], ys: [1, 1, 0, 0.5, 0.25])]), 1),
            (ChartPanel(title: "log none", xLabel: "x", yLabel: "y", logY: true,
                        series: [ChartSeries(name: "l", xs: [1, 2], ys: [0, -3])]), 0),
            (ChartPanel(title: "log flat", xLabel: "x", yLabel: "y", logY: true,
                        series: [ChartSeries(name: "l", xs: [1, 2], ys: [7, 7])]), 1),
            (ChartPanel(title: "huge", xLabel: "x", yLabel: "y",
                        series: [ChartSeries(name: "h", xs: [-1e308, 1e308], ys: [1e308, -1.7e308])]), 1),
            (ChartPanel(title: "tiny", xLabel: "x", yLabel: "y",
                        series: [ChartSeries(name: "t", xs: [0, .leastNonzeroMagnitude], ys: [.leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude])]), 1),
            (ChartPanel(title: "tiny log", xLabel: "x", yLabel: "y", logY: true,
                        series: [ChartSeries(name: "t", xs: [1, 2], ys: [.leastNonzeroMagnitude, .greatestFiniteMagnitude])]), 1),
            (ChartPanel(title: "mismatch", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "m", xs: [1, 2, 3], ys: [1])]), 1),
        ]
        for (panel, paths) in cases {
            let doc = checkedSVG(SVGChart.lines(title: panel.title, panels: [panel]))
            #expect(doc.all("g", class: "series").count == panel.series.count, "\(panel.title)")
            #expect(doc.all("path").count == paths, "\(panel.title)")
        }
        _ = checkedSVG(SVGChart.lines(title: "nothing", panels: []))
        _ = checkedSVG(SVGChart.lines(title: "narrow", panels: [Self.losses], width: -5))
    }

    /// A log axis labels 10^k plainly from 0.0001 to 1000000 and as 1e<k> beyond them.
    @Test func decadeLabelsArePlainFromATenThousandthToAMillion() {
        #expect((-5...7).map { ChartAxis.decadeLabel(Double($0)) }
                == ["1e-5", "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000", "10000", "100000", "1000000", "1e7"])
        #expect(ChartAxis(values: [2e-4, 3e5], log: true).labels == ["0.0001", "0.01", "1", "100", "10000", "1000000"])
    }

    /// Minor ticks (2…9 × 10^k) mark every decade of a log axis spanning up to six decades, none of a wider one.
    @Test func logMinorTicksUpToSixDecades() {
        let six = ChartAxis(values: [1, 1e6], log: true)
        #expect(six.ticks == [0, 1, 2, 3, 4, 5, 6] && six.minorTicks.count == 6 * 8)
        #expect(six.minorTicks.first.map { abs($0 - log10(2)) < 1e-12 } == true && six.minorTicks.last.map { abs($0 - (5 + log10(9))) < 1e-12 } == true)
        let seven = ChartAxis(values: [1, 1e7], log: true)
        #expect(seven.ticks.count == 8 && seven.minorTicks.isEmpty)
    }

    /// Each y tick label sits at the height of a point of its value (4 px below, its baseline), so labels rise
    /// with their values: the points at 0.3, 0.6, 0.8 and 0.9 are level with the labels "0.3", "0.6", "0.8", "0.9".
    @Test func yTickLabelsSitAtTheHeightOfTheirValues() {
        let doc = checkedSVG(SVGChart.lines(title: "t", panels: [Self.accuracy]))
        let labels = doc.all("text").filter { $0.attributes["text-anchor"] == "end" }
        #expect(labels.map(\.text) == ["0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
        let labelY = Dictionary(uniqueKeysWithValues: labels.map { ($0.text, Double($0.attributes["y"]!)!) })
        let markers = doc.all("circle").prefix(5).map { Double($0.attributes["cy"]!)! }
        for (value, cy) in zip(["0.3", "0.6", "0.8", "0.88", "0.9"], markers) where labelY[value] != nil {
            #expect(abs(labelY[value]! - 4 - cy) < 0.02, "label \(value) at y \(labelY[value]!), its point at \(cy)")
        }
        let ys = labels.map { Double($0.attributes["y"]!)! }
        #expect(ys == ys.sorted(by: >), "larger values higher up")
    }

    /// A series of up to 500 points gets a marker at each; a longer one gets none (its legend keeps its swatch).
    @Test func markersAreDrawnUpTo500Points() {
        func circles(_ n: Int) -> Int {
            let series = ChartSeries(name: "s", xs: (0..<n).map(Double.init), ys: (0..<n).map { Double($0 % 7) })
            return checkedSVG(SVGChart.lines(title: "t", panels: [ChartPanel(title: "p", xLabel: "x", yLabel: "y", series: [series])]))
                .all("circle").count
        }
        #expect(circles(500) == 500 + 1)
        #expect(circles(501) == 1)
    }

    /// Every control character XML 1.0 forbids is dropped — an ANSI colour code in a label, a vertical tab,
    /// a form feed, a unit separator — and U+FFFE and U+FFFF too: the document stays well-formed.
    @Test func forbiddenCharactersAreDropped() {
        let name = "\u{1B}[31mred\u{1B}[0m\u{B}\u{C}\u{1F}\u{7}!\u{FFFE}\u{FFFF}"
        let panel = ChartPanel(title: name, xLabel: "x", yLabel: "y", series: [ChartSeries(name: name, xs: [1, 2], ys: [1, 2])])
        let doc = checkedSVG(SVGChart.lines(title: name, panels: [panel]))
        #expect(doc.all("g", class: "series").first?.attributes["data-name"] == "[31mred[0m!")
        #expect(doc.all("title").first?.text == "[31mred[0m!")
        #expect(SVGWriter.escape("a\u{1F}b\u{B}c\u{FFFF}d\u{0}") == "abcd")
    }

    /// Each cell of a heat map names its place: data-row is the true class's index and data-column the predicted
    /// one's, and its tooltip names both with the count.
    @Test func heatmapCellsNameTheirRowAndColumn() {
        let doc = checkedSVG(SVGChart.heatmap(
            title: "c", rowLabels: ["a", "b"], columnLabels: ["x", "y", "z"], values: [[1, 2, 3], [4, 5, 6]]))
        let cells = doc.all("rect", class: "cell")
        #expect(cells.map { $0.attributes["data-row"] ?? "" } == ["0", "0", "0", "1", "1", "1"])
        #expect(cells.map { $0.attributes["data-column"] ?? "" } == ["0", "1", "2", "0", "1", "2"])
        #expect(doc.all("title").dropFirst().map(\.text) == [
            "true a, predicted x: 1", "true a, predicted y: 2", "true a, predicted z: 3",
            "true b, predicted x: 4", "true b, predicted y: 5", "true b, predicted z: 6",
        ])
    }

    @Test func skippedPointsBreakTheLine() {
        let panel = ChartPanel(title: "gap", xLabel: "x", yLabel: "y", logY: true,
                               series: [ChartSeries(name: "g", xs: [1, 2, 3, 4, 5, 6], ys: [1, 2, .nan, 4, 0, 6])])
        let doc = checkedSVG(SVGChart.lines(title: "gap", panels: [panel]))
        let d = doc.all("path")[0].attributes["d"]!
        #expect(d.filter { $0 == "M" }.count == 3)
        #expect(d.filter { $0 == "L" }.count == 1)
        #expect(doc.all("circle").count == 4 + 1)
    }

    /// Of each run of points within one pixel column the first, lowest, highest and last are kept, in order;
    /// gaps stay gaps; points in columns of their own are all kept.
    @Test func pixelColumnExtremesKeepWhatTheLineShows() {
        let run: [(Double, Double)?] = [(10.1, 5), (10.4, 9), (10.5, 1), (10.7, 4), (10.9, 6), (11.2, 3), nil, (11.3, 2), (12, 7)]
        let kept = SVGChart.pixelColumnExtremes(run).map { $0.map { [$0.0, $0.1] } }
        #expect(kept == [[10.1, 5], [10.4, 9], [10.5, 1], [10.9, 6], [11.2, 3], nil, [11.3, 2], [12, 7]])
        let spread: [(Double, Double)?] = (0..<5).map { (Double($0), Double($0 * $0)) }
        #expect(SVGChart.pixelColumnExtremes(spread).map { $0!.1 } == [0, 1, 4, 9, 16])
    }

    /// A log of 200 000 epochs draws at most four points per pixel column: the same line, in a file of
    /// kilobytes rather than megabytes, with its extremes (the spike at epoch 123 457) still drawn.
    @Test func aLongSeriesIsDrawnThroughItsPixelColumns() {
        let n = 200_000
        var ys = (1...n).map { 1 / Double($0) }
        ys[123_456] = 0.9
        let panel = ChartPanel(title: "long", xLabel: "epoch", yLabel: "loss",
                               series: [ChartSeries(name: "train", xs: (1...n).map(Double.init), ys: ys)])
        let svg = SVGChart.lines(title: "long", panels: [panel])
        let doc = checkedSVG(svg)
        let d = doc.all("path")[0].attributes["d"]!
        let drawn = d.split(separator: " ").count / 2
        #expect(drawn <= 4 * 720 && drawn > 100, "\(drawn) points")
        #expect(svg.utf8.count < 200_000)
        // (x, y) in pixels from "M x y L x y …"; past the first tenth of the x range only the spike is high.
        let numbers = d.split(separator: " ").map { Double($0.drop { $0 == "M" || $0 == "L" })! }
        let points = stride(from: 0, to: numbers.count, by: 2).map { (x: numbers[$0], y: numbers[$0 + 1]) }
        let (left, right) = (points.map(\.x).min()!, points.map(\.x).max()!)
        let (top, bottom) = (points.map(\.y).min()!, points.map(\.y).max()!)
        let later = points.filter { $0.x > left + (right - left) / 10 }
        #expect(later.map(\.y).min()! < top + (bottom - top) * 0.15, "the spike to 0.9 is drawn")
        #expect(later.filter { $0.y < top + (bottom - top) * 0.5 }.count <= 2, "and only it is high")
    }

    @Test func textIsEscaped() {
        let name = "a&b <c> \"d\" 'e'\u{1}\nf"
        let panel = ChartPanel(title: "<t&>", xLabel: "x<", yLabel: "\"y\"",
                               series: [ChartSeries(name: name, xs: [1, 2], ys: [1, 2])])
        let doc = checkedSVG(SVGChart.lines(title: "1 < 2 & 3 > \"2\"", panels: [panel]))
        #expect(doc.all("g", class: "series")[0].attributes["data-name"] == "a&b <c> \"d\" 'e' f")
        #expect(doc.all("title").first?.text == "1 < 2 & 3 > \"2\"")
        let texts = Set(doc.all("text").map(\.text))
        #expect(texts.isSuperset(of: ["<t&>", "x<", "\"y\""]))

        let heat = checkedSVG(SVGChart.heatmap(
            title: "<&>", rowLabels: ["a&b", "<c>"], columnLabels: ["\"x\"", "y'"], values: [[1, 2], [3, 4]],
            rowTitle: "r&", columnTitle: "c<"))
        #expect(Set(heat.all("text").map(\.text)).isSuperset(of: ["a&b", "<c>", "\"x\"", "y'", "r&", "c<", "<&>"]))
    }

    @Test func heatmapHasOneCellPerEntryWithItsCount() {
        let values = [[50, 2, 0], [3, 41, 6], [0, 9, 38]]
        let svg = SVGChart.heatmap(title: "Confusion", rowLabels: ["cat", "dog", "eel"],
                                   columnLabels: ["cat", "dog", "eel"], values: values)
        let doc = checkedSVG(svg)
        let cells = doc.all("rect", class: "cell")
        #expect(cells.count == 9)
        #expect(cells.map { $0.attributes["data-value"] } == values.flatMap { $0 }.map { "\($0)" })
        #expect(cells[0].attributes["fill"] == "#08306b")  // the largest count is darkest
        #expect(cells[2].attributes["fill"] == "#ffffff")  // zero is white
        let counts = doc.all("text").filter { $0.attributes["font-size"] != "16" && Int($0.text) != nil }
        #expect(counts.map(\.text) == values.flatMap { $0 }.map { "\($0)" })
        #expect(counts[0].attributes["fill"] == "#ffffff")  // white text on the dark cell
        #expect(counts[1].attributes["fill"] != "#ffffff")  // dark text on a light cell
        let texts = Set(doc.all("text").map(\.text))
        #expect(texts.isSuperset(of: ["Confusion", "cat", "dog", "eel", "true", "predicted"]))
    }

    @Test func heatmapEdgeCases() {
        let empty = checkedSVG(SVGChart.heatmap(title: "empty", rowLabels: [], columnLabels: [], values: []))
        #expect(empty.all("rect", class: "cell").isEmpty)
        let zeros = checkedSVG(SVGChart.heatmap(title: "z", rowLabels: ["a"], columnLabels: ["b"], values: [[0]]))
        #expect(zeros.all("rect", class: "cell").map { $0.attributes["fill"] } == ["#ffffff"])
        let ragged = checkedSVG(SVGChart.heatmap(
            title: "ragged", rowLabels: ["a"], columnLabels: ["x", "y"], values: [[1, 2, 3], [4], [-7, Int.max]]))
        #expect(ragged.all("rect", class: "cell").count == 3 * 3)
        let long = String(repeating: "long label ", count: 10)
        let big = checkedSVG(SVGChart.heatmap(
            title: "big", rowLabels: (0..<60).map { "\(long)\($0)" }, columnLabels: (0..<60).map { "\(long)\($0)" },
            values: (0..<60).map { r in (0..<60).map { r * 1000 + $0 } }))
        #expect(big.all("rect", class: "cell").count == 3600)
        let root = big.elements[0].attributes
        #expect(Double(root["width"]!)! > 60 * 14 && Double(root["height"]!)! > 60 * 14)
    }

    @Test func blueRampRunsFromWhiteToDarkBlue() {
        #expect(SVGChart.blue(0) == "#ffffff")
        #expect(SVGChart.blue(1) == "#08306b")
        #expect(SVGChart.blue(0.5) == "#6baed6")
        #expect(SVGChart.blue(.nan) == "#ffffff")
        #expect(SVGChart.blue(7) == "#08306b")
    }

    @Test func coordinatesAreShortAndFinite() {
        #expect(SVGWriter.num(.nan) == "0")
        #expect(SVGWriter.num(.infinity) == "0")
        #expect(SVGWriter.num(1.0) == "1")
        #expect(SVGWriter.num(1.256) == "1.26")
        #expect(SVGWriter.num(-0.5) == "-0.5")
        #expect(SVGWriter.num(1e300) == "10000000")
        #expect(SVGWriter.num(-1e300) == "-10000000")
        #expect(SVGWriter.num(-12_345_678.9) == "-10000000")
    }
}
