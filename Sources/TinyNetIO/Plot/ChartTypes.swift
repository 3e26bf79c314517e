/// One named line of a chart: points (xs[i], ys[i]).
///
/// Points whose coordinates are not finite (or not positive on a log axis) are
/// skipped, and the line breaks there; extra values in the longer array are ignored.
public struct ChartSeries: Sendable, Equatable {
    /// Legend text; also the `data-name` of the series' `<g class="series">`.
    public var name: String
    public var xs: [Double]
    public var ys: [Double]

    public init(name: String, xs: [Double], ys: [Double]) {
        self.name = name
        self.xs = xs
        self.ys = ys
    }
}

/// One pair of axes with its series, e.g. loss against epoch.
public struct ChartPanel: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Logarithmic x axis (ticks at powers of ten); non-positive x values are skipped.
    public var logX: Bool
    /// Logarithmic y axis (ticks at powers of ten); non-positive y values are skipped.
    public var logY: Bool
    /// The x values are counts (epochs): ticks at whole numbers only, however few the values.
    public var integerX: Bool
    public var series: [ChartSeries]

    public init(
        title: String, xLabel: String, yLabel: String,
        logX: Bool = false, logY: Bool = false, integerX: Bool = false, series: [ChartSeries]
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.integerX = integerX
        self.series = series
    }
}

/// Self-contained SVG charts: no scripts, no external fonts, links or images,
/// a generic font family, well-formed XML. Pure functions from data to a string.
public enum SVGChart {}
