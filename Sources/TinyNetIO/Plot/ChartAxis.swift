import Foundation

/// One axis of a line chart: its domain, tick values and labels, and the map
/// from data values to a fraction of the axis length (0 at the low end).
///
/// Linear axes use "nice" steps (1, 2 or 5 × 10^k) and extend the domain to
/// whole steps; log axes work on log10 of the data and tick at powers of ten.
struct ChartAxis {
    let log: Bool
    /// Domain ends, in log10 units on a log axis.
    let lo: Double, hi: Double
    /// Tick positions, in the same units as `lo` and `hi`.
    let ticks: [Double]
    /// Minor tick positions (2…9 × 10^k on log axes with few decades).
    let minorTicks: [Double]
    let labels: [String]

    /// An axis covering `values` (all finite, and positive on a log axis); `integer`: ticks at whole numbers only
    /// (epochs: a log of two epochs gets 1 and 2, not 1.2, 1.4, …).
    init(values: [Double], log: Bool, integer: Bool = false) {
        self.log = log
        let data = log ? values.map { Foundation.log10($0) } : values
        var lo = data.min() ?? 0, hi = data.max() ?? 1
        if log {
            lo = lo.rounded(.down)
            hi = hi.rounded(.up)
            if lo == hi { lo -= 1; hi += 1 }
        } else if lo == hi {
            let d = integer ? 1 : lo == 0 ? 1 : abs(lo) * 0.1
            (lo, hi) = (lo - d, hi + d)
            if !(lo < hi) || !(hi - lo).isFinite { (lo, hi) = (lo.nextDown, hi.nextUp) }
        }
        var ticks = Self.niceTicks(lo, hi, integerStep: log || integer)
        if let first = ticks.first, let last = ticks.last, first <= lo, last >= hi {
            (lo, hi) = (first, last)
        } else {
            ticks = [lo, hi]  // range too wide or too narrow for round steps
        }
        self.lo = lo
        self.hi = hi
        self.ticks = ticks
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        self.labels = ticks.map { log ? Self.decadeLabel($0) : Self.label($0, step: step) }
        var minor: [Double] = []
        if log, hi - lo <= 6, ticks.count > 1, ticks[1] - ticks[0] == 1 {
            for k in stride(from: lo, to: hi, by: 1) {
                minor += (2...9).map { k + Foundation.log10(Double($0)) }
            }
        }
        self.minorTicks = minor
    }

    /// The position of data value `v` as a fraction of the axis, or nil when
    /// `v` cannot be shown (not finite, or not positive on a log axis).
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite, !log || v > 0 else { return nil }
        return position(log ? Foundation.log10(v) : v)
    }

    /// The fraction for a value already in axis units (log10 on a log axis).
    func position(_ u: Double) -> Double {
        var f = (hi - lo).isFinite ? (u - lo) / (hi - lo) : .nan
        if !f.isFinite { f = (u / 2 - lo / 2) / (hi / 2 - lo / 2) }  // halved: a span beyond a Double's range
        return f.isFinite ? f : 0.5
    }

    /// Ticks every 1, 2 or 5 × 10^k covering [lo, hi], about five intervals;
    /// empty when no such step exists in floating point.
    static func niceTicks(_ lo: Double, _ hi: Double, integerStep: Bool) -> [Double] {
        let range = hi - lo
        guard range.isFinite, range > 0 else { return [] }
        let rough = range / 5
        let magnitude = pow(10, (Foundation.log10(rough)).rounded(.down))
        let residual = rough / magnitude
        // d3's thresholds: the round step nearest (geometrically) to range / 5.
        let nice: Double =
            residual >= 50.squareRoot() ? 10 : residual >= 10.squareRoot() ? 5 : residual >= 2.squareRoot() ? 2 : 1
        var step = nice * magnitude
        if integerStep { step = max(1, step.rounded()) }
        guard step.isNormal else { return [] }
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        // (The last tick can overflow where the data comes near the largest Double.)
        guard (first * step).isFinite, (last * step).isFinite, last - first <= 100, last > first else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// A linear tick label with as many decimals as the step needs.
    static func label(_ v: Double, step: Double) -> String {
        let value = abs(v) < abs(step) * 1e-9 && step.isFinite ? 0 : v  // (an axis wider than a Double's range: no step)
        let exponent = Foundation.log10(abs(step)).rounded(.down)
        guard step.isNormal, exponent >= -6, abs(value) < 1e7 else { return String(format: "%.3g", value) }
        return String(format: "%.\(max(0, -Int(exponent)))f", value)
    }

    /// A log-axis tick label for 10^k: plain for small k, `1e<k>` otherwise.
    static func decadeLabel(_ k: Double) -> String {
        guard k.isFinite, abs(k) < 1e6 else { return "?" }
        let e = Int(k.rounded())
        if (0...6).contains(e) { return String(format: "%.0f", pow(10, Double(e))) }
        if (-4...(-1)).contains(e) { return String(format: "%.\(-e)f", pow(10, Double(e))) }
        return "1e\(e)"
    }
}
