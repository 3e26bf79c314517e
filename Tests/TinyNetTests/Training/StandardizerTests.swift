import Testing
@testable import TinyNet

/// Feature standardization: the training statistics, and the transform train applies in place and
/// eval/predict apply to a copy, which must agree to the bit.
@Suite struct StandardizerTests {
    /// Three columns: ordinary values, a constant column, values with a large offset.
    let values: [Double] = [
        1, 5, 1e9 + 1,
        2, 5, 1e9 + 2,
        4, 5, 1e9 + 4,
        9, 5, 1e9 + 9,
    ]

    @Test func fitGivesThePopulationMeanAndStandardDeviation() {
        let s = Standardizer.fit(values, features: 3)
        // Column 0: mean 4, population variance ((−3)² + (−2)² + 0² + 5²) / 4 = 9.5.
        #expect(s.mean[0] == 4)
        #expect(abs(s.std[0] - 9.5.squareRoot()) < 1e-15)
        // A constant column gets std 1, so it maps to 0 rather than dividing by zero.
        #expect(s.mean[1] == 5 && s.std[1] == 1)
        // The offset does not cost precision (Welford's update).
        #expect(abs(s.mean[2] - (1e9 + 4)) < 1e-6)
        #expect(abs(s.std[2] - 9.5.squareRoot()) < 1e-6)
    }

    /// A column constant but for rounding (1 + 1e-15·z) gets std 1, as scikit-learn's StandardScaler gives it
    /// (var ≤ n·ε·var + (n·ε·mean)²), in memory and streamed alike: dividing by its std of ~1e-15 made its noise a
    /// feature of unit variance (test accuracy 0.52 where scikit-learn reached 0.995). A small spread that is no
    /// rounding noise (1e6 + 1e-6·z: ten thousand ulps) keeps its std.
    @Test func aColumnConstantButForRoundingGetsStdOne() {
        var rng = SeededGenerator(seed: 3)
        let noise = (0..<1000).map { _ in Double.random(in: -1...1, using: &rng) }
        let values: [Double] = noise.flatMap { (z: Double) -> [Double] in [1 + 1e-15 * z, 1e6 + 1e-6 * z, 0.1 * (1 + 1e-15 * z)] }
        let fitted = Standardizer.fit(values, features: 3)
        var streamed = RunningStatistics(columns: 3)
        streamed.add(values)
        for s in [fitted, streamed.standardizer] {
            #expect(s.std[0] == 1 && s.std[2] == 1, "\(s.std)")
            #expect(abs(s.std[1] / 5.77e-7 - 1) < 0.05, "\(s.std)")
        }
        #expect(isConstantWithinRounding(mean: 1, std: 1e-15, count: 1000))
        #expect(!isConstantWithinRounding(mean: 1, std: 1e-12, count: 1000))  // the bound here: 64ε = 1.4e-14
        #expect(!isConstantWithinRounding(mean: 1e300, std: 1e299, count: 1000) && isConstantWithinRounding(mean: 0, std: 0, count: 5))
        // Millisecond timestamps over a million rows vary by 100: data, which scikit-learn's uncapped n takes for noise.
        #expect(!isConstantWithinRounding(mean: 1.7e12, std: 100, count: 1_000_000))
    }

    @Test func inPlaceAndCopyingTransformsAgreeWithTheFormula() {
        let s = Standardizer(mean: [4, 5, 1e9 + 4], std: [3, 1, 0.25])
        let scale = 0.1
        var inPlace = values
        s.apply(to: &inPlace, scale: scale)
        let copied = s.apply(values, scale: scale)
        for i in values.indices {
            let c = i % 3
            #expect(inPlace[i] == (values[i] - s.mean[c]) / s.std[c] * scale)
            #expect(copied[i] == inPlace[i])
        }
    }

    @Test func inPlaceLeavesASharedCopyUntouched() {
        let s = Standardizer(mean: [1, 1, 1], std: [2, 2, 2])
        let original = values
        var shared = original
        s.apply(to: &shared)
        #expect(original == values)
        #expect(shared[0] == 0)
    }

    /// −1.7e308 against a mean of 8.5e307: x − mean overflows, the z-score (−√3) does not; it is taken as
    /// x/std − mean/std. Ordinary values keep (x − mean) / std, to the bit (above).
    @Test func aDeviationBeyondTheLargestDoubleIsStandardized() {
        let column = [-1.7e308, 1.7e308, 1.7e308, 1.7e308]
        let s = Standardizer.fit(column, features: 1)
        #expect(abs(s.mean[0] - 8.5e307) <= 1e-15 * 8.5e307 && abs(s.std[0] - 0.75.squareRoot() * 1.7e308) <= 1e-15 * 1.7e308)
        let z = s.apply(column)
        let expected = [-(3.0.squareRoot()), 1 / 3.0.squareRoot(), 1 / 3.0.squareRoot(), 1 / 3.0.squareRoot()]
        #expect(zip(z, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(z)")
    }
}
