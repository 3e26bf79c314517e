import Foundation
import Testing
@testable import TinyNet

/// Mean and standard deviation kept in units of a power of two (`RunningMoments`), as `Standardizer.fit` and
/// the streaming statistics (`RunningStatistics`) compute them: finite near the largest Double, and the
/// unscaled updates' results to the bit for ordinary values.
@Suite struct RunningMomentsTests {
    /// Unscaled, the 1.7e308 column's sums overflow (its mean was ∞) and so do ±1e200's squares (std ∞).
    static let hugeColumns: [[Double]] = [
        [1.7e308, 1.7e308, 1e308, 7],
        [1e200, -1e200, 1e200, -1e200, 1e200, -1e200],
        [-1.7e308, 1.7e308, -1.7e308, 1.7e308],
        [7, 1e-300, 1.7e308, 3e307],
    ]

    /// The reference: a two-pass mean and std computed by hand in units of 2^1000, so nothing overflows
    /// (the scaling is exact but for 1e-300, which underflows: far below the sums' rounding).
    static func scaledTwoPass(_ column: [Double]) -> (mean: Double, std: Double) {
        let (down, up) = (0x1p-1000, 0x1p1000)
        let scaled = column.map { $0 * down }
        let n = Double(column.count)
        let mean = scaled.reduce(0, +) / n
        let variance = scaled.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
        return (mean * up, variance.squareRoot() * up)
    }

    /// Within rounding of `size` (the mean's rounding is that of the values: ±1e200's is not exactly 0).
    static func expectClose(_ value: Double, _ reference: Double, size: Double? = nil, _ what: String) {
        let tolerance = 1e-15 * (size ?? abs(reference))
        #expect(value.isFinite && abs(value - reference) <= tolerance, "\(what): \(value), expected \(reference)")
    }

    @Test(arguments: hugeColumns)
    func valuesNearTheLargestDoubleGiveFiniteStatistics(_ column: [Double]) {
        let reference = Self.scaledTwoPass(column)
        let size = max(abs(reference.mean), reference.std)
        let moments = RunningMoments(column)
        Self.expectClose(moments.mean[0], reference.mean, size: size, "mean")
        Self.expectClose(moments.standardDeviation[0], reference.std, "std")
        // √(mean² + std²), in the same units.
        let rms = (column.map { $0 * 0x1p-1000 * $0 * 0x1p-1000 }.reduce(0, +) / Double(column.count)).squareRoot() * 0x1p1000
        Self.expectClose(moments.rootMeanSquare[0], rms, "root mean square")
        let fit = Standardizer.fit(column, features: 1)
        Self.expectClose(fit.mean[0], reference.mean, size: size, "Standardizer mean")
        Self.expectClose(fit.std[0], reference.std, "Standardizer std")
        // Standardized, the values are ordinary numbers.
        #expect(fit.apply(column).allSatisfy { abs($0) < 3 }, "\(fit.apply(column))")
        // Beside the same values in reverse order (each column changes its unit at its own rows).
        let twoColumns = Standardizer.fit(zip(column, column.reversed()).flatMap { [$0, $1] }, features: 2)
        for c in 0..<2 {
            Self.expectClose(twoColumns.mean[c], reference.mean, size: size, "column \(c) of two: mean")
            Self.expectClose(twoColumns.std[c], reference.std, "column \(c) of two: std")
        }
        // A block at a time (one row per block: each merge may change the unit), and a value at a time.
        for blockRows in [1, 3, column.count] {
            var running = RunningStatistics(columns: 1)
            for start in stride(from: 0, to: column.count, by: blockRows) {
                running.add(Array(column[start..<min(start + blockRows, column.count)]))
            }
            Self.expectClose(running.mean[0], reference.mean, size: size, "mean in blocks of \(blockRows)")
            Self.expectClose(running.standardDeviation[0], reference.std, "std in blocks of \(blockRows)")
        }
        var oneByOne = RunningStatistics(columns: 1)
        for x in column { oneByOne.add(value: x) }
        #expect(oneByOne.mean == moments.mean && oneByOne.standardDeviation == moments.standardDeviation)
        #expect(oneByOne.minimum[0] == column.min() && oneByOne.maximum[0] == column.max())
    }

    /// Welford's update on the raw values, as `Standardizer.fit` computed it before the scaling.
    static func plainWelford(_ column: [Double]) -> (mean: Double, std: Double) {
        var (mean, m2) = (0.0, 0.0)
        for (i, x) in column.enumerated() {
            let delta = x - mean
            mean += delta / Double(i + 1)
            m2 += delta * (x - mean)
        }
        return (mean, m2 > 0 ? (m2 / Double(column.count)).squareRoot() : 0)
    }

    /// The block update on the raw values, as `RunningStatistics.add` computed it before the scaling: each
    /// block's two-pass mean and squared deviations, merged by Chan, Golub and LeVeque's update.
    static func plainBlocks(_ column: [Double], blockRows: Int) -> (mean: Double, std: Double) {
        var (count, mean, m2) = (0, 0.0, 0.0)
        for start in stride(from: 0, to: column.count, by: blockRows) {
            let block = column[start..<min(start + blockRows, column.count)]
            let blockMean = block.reduce(0, +) / Double(block.count)
            let blockM2 = block.reduce(0) { $0 + ($1 - blockMean) * ($1 - blockMean) }
            let (n, total) = (Double(count), Double(count + block.count))
            let delta = blockMean - mean
            mean += delta * (Double(block.count) / total)
            m2 += blockM2 + delta * delta * (n * Double(block.count) / total)
            count += block.count
        }
        return (mean, m2 > 0 ? (m2 / Double(count)).squareRoot() : 0)
    }

    /// Columns of random values, offsets and spreads from 1e-100 to 1e100: the scaled statistics are the
    /// unscaled ones to the bit.
    @Test func ordinaryValuesGiveTheUnscaledResultsBitForBit() {
        var rng = SeededGenerator(seed: 21)
        let (rows, columns, blockRows) = (301, 40, 37)
        var table: [[Double]] = []
        for c in 0..<columns {
            let spread = c == 0 ? 1 : pow(10, Double(rng.nextIndex(below: 201) - 100))
            let offset = [0, spread, 1e6 * spread][c % 3] * (rng.nextUnit() < 0.5 ? -1 : 1)
            table.append((0..<rows).map { _ in offset + spread * rng.nextNormal() })
        }
        let rowMajor = (0..<rows).flatMap { r in table.map { $0[r] } }
        let fit = Standardizer.fit(rowMajor, features: columns)
        var running = RunningStatistics(columns: columns)
        for start in stride(from: 0, to: rows, by: blockRows) {
            running.add(Array(rowMajor[(start * columns)..<(min(start + blockRows, rows) * columns)]))
        }
        for (c, column) in table.enumerated() {
            let welford = Self.plainWelford(column), blocks = Self.plainBlocks(column, blockRows: blockRows)
            #expect(fit.mean[c] == welford.mean && fit.std[c] == welford.std, "column \(c)")
            #expect(running.mean[c] == blocks.mean && running.standardDeviation[c] == blocks.std, "column \(c)")
            var oneByOne = RunningStatistics(columns: 1)
            for x in column { oneByOne.add(value: x) }
            #expect(oneByOne.mean[0] == welford.mean && oneByOne.standardDeviation[0] == welford.std, "column \(c)")
        }
    }

    /// No rows: mean, standard deviation and root mean square are 0 (not 0/0), and merging no rows, into
    /// moments with or without rows, changes nothing.
    @Test func noRowsGiveZerosAndMergeAsNothing() {
        let empty = RunningMoments(columns: 2)
        #expect(empty.count == 0 && empty.mean == [0, 0] && empty.standardDeviation == [0, 0] && empty.rootMeanSquare == [0, 0])
        var merged = empty
        merged.merge(RunningMoments(columns: 2))
        #expect(merged == empty)
        var some = RunningMoments([1, 2, 4])
        let before = some
        some.merge(RunningMoments(columns: 1))
        #expect(some == before)
    }

    /// The minimum and maximum of rows added a block at a time are those of all the blocks.
    @Test func extremesSpanEveryBlock() {
        var running = RunningStatistics(columns: 2)
        for block in [[1.0, 9, 5, 8], [3, 2, 4, 7], [2, 6, 2, 5]] { running.add(block) }
        #expect(running.minimum == [1, 2] && running.maximum == [5, 9])
        #expect(running.count == 6)
    }

    /// A block whose column is all zeros (a pixel blank in those rows) has no largest |x| to take a unit from:
    /// merged before or after blocks with values, or alone, it adds its zeros like any other values.
    @Test func aBlockOfZerosMergesLikeOtherValues() {
        var running = RunningStatistics(columns: 3)
        for block in [[2.0, 0, 1, 4, 0, 2], [0, 0, 3, 0, 0, 4]] { running.add(block) }
        #expect(running.mean == [1.5, 0, 2.5], "\(running.mean)")
        #expect(zip(running.standardDeviation, [1.6583123951777, 0, 1.118033988749895]).allSatisfy { abs($0 - $1) < 1e-12 },
                "\(running.standardDeviation)")
        var later = RunningStatistics(columns: 1)
        for block in [[0.0, 0], [3, 5]] { later.add(block) }
        #expect(later.mean == [2] && later.count == 4)
    }

    /// NaN and infinity are not scaled away: they make the statistics NaN or infinite, as before (the
    /// readers refuse them; `Standardizer.fit` then falls back to std 1).
    @Test func nonFiniteValuesStayNonFinite() {
        #expect(!RunningMoments([1, .infinity, 2]).mean[0].isFinite)
        #expect(Standardizer.fit([1, .nan, 2], features: 1).std == [1])
    }
}
