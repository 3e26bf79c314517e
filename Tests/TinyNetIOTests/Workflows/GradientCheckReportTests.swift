import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The verdict of a gradient check from its per-parameter results.
@Suite struct GradientCheckReportTests {
    func check(_ name: String, rel: Double = 1e-9, maxAbs: Double = 1e-12, normSum: Double = 0.2, numeric: Double = 0.1, analyticZero: Bool = false, sampled: Int = 4,
               kinks: Int = 0, atKinks: Int = 0, roundingLevel: Double = 1e-11) -> ParameterCheck {
        ParameterCheck(name: name, relativeError: rel, maxAbsDifference: maxAbs, normSum: normSum, largestNumeric: numeric, analyticIsZero: analyticZero,
                       kinkCoordinates: kinks, atKinkCoordinates: atKinks,
                       checkedCoordinates: sampled, roundingLevel: roundingLevel)
    }

    /// A tensor whose every coordinate sits exactly at a kink cannot be checked by any step: it is named
    /// and left out, and the others decide.
    @Test func aTensorAtTheKinkIsLeftOutNamed() {
        let report = GradientCheckReport(parameters: [check("0.weight"), check("0.bias", rel: 0, kinks: 4, atKinks: 4), check("2.weight")],
                                         tolerance: 1e-6, step: 1e-5)
        #expect(report.passed && report.notCheckableParameters == ["0.bias"] && report.uncheckedParameters.isEmpty)
        #expect(report.maxRelativeError == 1e-9)
        let failing = GradientCheckReport(parameters: report.parameters + [check("2.bias", rel: 1e-3)], tolerance: 1e-6, step: 1e-5)
        #expect(!failing.passed && failing.failedParameters.map(\.name) == ["2.bias"])
    }

    /// A tensor skipped whole because its coordinates lie near (not at) a kink fails: a smaller step
    /// would check it. So does one skipped partly at and partly near.
    @Test func aTensorSkippedNearTheKinkFails() {
        for bias in [check("0.bias", kinks: 4), check("0.bias", kinks: 4, atKinks: 2)] {
            let report = GradientCheckReport(parameters: [check("0.weight"), bias], tolerance: 1e-6, step: 1e-5)
            #expect(!report.passed && report.uncheckedParameters == ["0.bias"] && report.notCheckableParameters.isEmpty)
        }
    }

    /// A check that compared nothing proves nothing: it fails, with no largest error to report.
    @Test func aCheckThatComparedNothingFails() {
        let report = GradientCheckReport(parameters: [check("0.weight", kinks: 4, atKinks: 4), check("0.bias", kinks: 4, atKinks: 4)],
                                         tolerance: 1e-6, step: 1e-5)
        #expect(!report.passed && report.maxRelativeError == nil && report.uncheckedParameters.isEmpty)
    }

    /// Gradients that are all exactly 0 on both sides (a loss of 0) give errors of 0 that a wrong backward pass
    /// would give too: the check proves nothing and fails; one tensor with a gradient is enough.
    @Test func allZeroGradientsProveNothing() {
        let zero = check("0.weight", rel: 0, maxAbs: 0, normSum: 0), bias = check("0.bias", rel: 0, maxAbs: 0, normSum: 0)
        let nothing = GradientCheckReport(parameters: [zero, bias], tolerance: 1e-6, step: 1e-5)
        #expect(nothing.provedNothing && !nothing.passed && nothing.failedParameters.isEmpty)
        let something = GradientCheckReport(parameters: [zero, check("2.weight")], tolerance: 1e-6, step: 1e-5)
        #expect(!something.provedNothing && something.passed)
    }

    /// A tensor whose analytic gradient is exactly 0 and numeric one rounding noise (a relative error of 1) cannot be
    /// confirmed by a central difference: it fails, named as such, and no larger step is suggested for it (a wrong
    /// backward pass that dropped the gradient would look the same, so it must not pass); with nothing else, the
    /// check proves nothing. Above the rounding margin, or with an analytic gradient merely small, it is an
    /// ordinary failure.
    @Test func aGradientZeroWithinRoundingFailsForWhatItIs() {
        let noise = check("0.bias", rel: 1, maxAbs: 5e-12, numeric: 5e-12, analyticZero: true, roundingLevel: 2e-11)
        let report = GradientCheckReport(parameters: [check("0.weight"), noise], tolerance: 1e-6, step: 1e-5)
        #expect(!report.passed && report.zeroWithinRoundingParameters == ["0.bias"] && report.failedByDifference.isEmpty)
        #expect(!report.failedOnlyByRounding && report.largerStep == nil && !report.provedNothing)
        let zero = check("2.weight", rel: 0, maxAbs: 0, normSum: 0, numeric: 0, analyticZero: true)
        let nothing = GradientCheckReport(parameters: [zero, noise], tolerance: 1e-6, step: 1e-5)
        #expect(nothing.provedNothing && !nothing.passed)
        for other in [check("0.bias", rel: 1, maxAbs: 5e-9, numeric: 5e-9, analyticZero: true, roundingLevel: 2e-11),
                      check("0.bias", rel: 0.5, maxAbs: 5e-12, numeric: 5e-12, roundingLevel: 2e-11)] {
            let failing = GradientCheckReport(parameters: [check("0.weight"), other], tolerance: 1e-6, step: 1e-5)
            #expect(!failing.passed && failing.zeroWithinRoundingParameters.isEmpty && failing.failedByDifference.map(\.name) == ["0.bias"])
        }
    }

    /// Gradients whose norms sum below the relative error's floor, 1e-12 (an analytic sum that should cancel to 0
    /// and leaves 7e-18 against a numeric 0), have a relative error that is an absolute difference over 1e-12, which
    /// no step changes: such a tensor fails without a step suggested; with nothing else, the check proves nothing.
    @Test func vanishingGradientsGetNoStepAdvice() {
        let tiny = check("0.bias", rel: 6.9e-6, maxAbs: 6.9e-18, normSum: 7e-18, numeric: 0, roundingLevel: 1.5e-11)
        let mixed = GradientCheckReport(parameters: [check("0.weight"), tiny], tolerance: 1e-6, step: 1e-5)
        #expect(!mixed.passed && mixed.failedParameters.map(\.name) == ["0.bias"] && mixed.failedByDifference.isEmpty && mixed.largerStep == nil)
        let zero = check("2.weight", rel: 0, maxAbs: 0, normSum: 0, numeric: 0, analyticZero: true)
        #expect(GradientCheckReport(parameters: [zero, tiny], tolerance: 1e-6, step: 1e-5).provedNothing)
    }

    /// A NaN relative error (an overflowing loss) is the largest error and fails the check.
    @Test func aNaNErrorFails() {
        let report = GradientCheckReport(parameters: [check("0.weight", rel: .nan), check("0.bias")], tolerance: 1e-6, step: 1e-5)
        #expect(!report.passed && report.maxRelativeError?.isNaN == true)
    }

    /// A failure whose differences are all at the loss's rounding level is told apart, with a larger step
    /// (rounding falls as 1/h: the smallest 1, 2 or 5 times a power of ten, up to 1e-3, where it is at most half
    /// the tolerance); a difference
    /// above the rounding level is not rounding.
    @Test func aFailureAtRoundingLevelSuggestsALargerStep() {
        let rounding = GradientCheckReport(parameters: [check("0.weight", rel: 7e-6, maxAbs: 1.6, roundingLevel: 2),
                                                        check("0.bias", rel: 1, maxAbs: 5e-12, roundingLevel: 2)], tolerance: 1e-6, step: 1e-5)
        #expect(!rounding.passed && rounding.failedOnlyByRounding)
        #expect(rounding.largerStep == nil, "a relative error of 1 would need a step of 1e2")
        let mild = GradientCheckReport(parameters: [check("0.weight", rel: 7e-6, maxAbs: 1.6, roundingLevel: 2)], tolerance: 1e-6, step: 1e-5)
        #expect(mild.largerStep.map { abs($0 - 2e-4) < 1e-16 } == true, "7e-6 at 1e-5 is 3.5e-7 at 2e-4: \(String(describing: mild.largerStep))")
        // Rounding error 1.06e-5 at h = 1e-5 is 2.1e-7 at 5e-4, well below the tolerance (a raw target of 3e5 on
        // diabetes: 1e-4 and 1e-3 pass at 9.0e-7 and 3.3e-7); a relative error just above the tolerance needs 5e-5.
        let raw = GradientCheckReport(parameters: [check("0.weight", rel: 1.06e-5, maxAbs: 2, roundingLevel: 2)], tolerance: 1e-6, step: 1e-5)
        #expect(raw.largerStep.map { abs($0 - 5e-4) < 1e-15 } == true, "\(String(describing: raw.largerStep))")
        let close = GradientCheckReport(parameters: [check("0.weight", rel: 1.1e-6, maxAbs: 2, roundingLevel: 2)], tolerance: 1e-6, step: 1e-5)
        #expect(close.largerStep.map { abs($0 - 5e-5) < 1e-17 } == true, "\(String(describing: close.largerStep))")
        // 5.9e-5 at 1e-5 would be 5.9e-7 at 1e-3, too close to a tolerance of 1e-6 (truncation failed it at 1.2e-6).
        let nearTheCap = GradientCheckReport(parameters: [check("0.weight", rel: 5.9e-5, maxAbs: 2, roundingLevel: 2)], tolerance: 1e-6, step: 1e-5)
        #expect(nearTheCap.largerStep == nil, "\(String(describing: nearTheCap.largerStep))")
        let atTheCap = GradientCheckReport(parameters: [check("0.weight", rel: 2e-6, maxAbs: 2, roundingLevel: 2)], tolerance: 1e-6, step: 1e-3)
        #expect(atTheCap.largerStep == nil, "no step above 1e-3 is suggested")
        let wrong = GradientCheckReport(parameters: [check("0.weight", rel: 0.5, maxAbs: 0.3, roundingLevel: 1e-11)], tolerance: 1e-6, step: 1e-5)
        #expect(!wrong.passed && !wrong.failedOnlyByRounding && wrong.largerStep == nil)
    }
}
