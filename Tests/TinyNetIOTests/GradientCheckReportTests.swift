import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The verdict of a gradient check from its per-parameter results.
@Suite struct GradientCheckReportTests {
    func check(_ name: String, rel: Double = 1e-9, sampled: Int = 4, kinks: Int = 0, atKinks: Int = 0) -> ParameterCheck {
        ParameterCheck(name: name, relativeError: rel, maxAbsDifference: 1e-12, kinkCoordinates: kinks, atKinkCoordinates: atKinks,
                       checkedCoordinates: sampled)
    }

    /// A tensor whose every coordinate sits exactly at a kink cannot be checked by any step: it is named
    /// and left out, and the others decide.
    @Test func aTensorAtTheKinkIsLeftOutNamed() {
        let report = GradientCheckReport(parameters: [check("0.weight"), check("0.bias", rel: 0, kinks: 4, atKinks: 4), check("2.weight")],
                                         tolerance: 1e-6)
        #expect(report.passed && report.notCheckableParameters == ["0.bias"] && report.uncheckedParameters.isEmpty)
        #expect(report.maxRelativeError == 1e-9)
        let failing = GradientCheckReport(parameters: report.parameters + [check("2.bias", rel: 1e-3)], tolerance: 1e-6)
        #expect(!failing.passed && failing.failedParameters.map(\.name) == ["2.bias"])
    }

    /// A tensor skipped whole because its coordinates lie near (not at) a kink fails: a smaller step
    /// would check it. So does one skipped partly at and partly near.
    @Test func aTensorSkippedNearTheKinkFails() {
        for bias in [check("0.bias", kinks: 4), check("0.bias", kinks: 4, atKinks: 2)] {
            let report = GradientCheckReport(parameters: [check("0.weight"), bias], tolerance: 1e-6)
            #expect(!report.passed && report.uncheckedParameters == ["0.bias"] && report.notCheckableParameters.isEmpty)
        }
    }

    /// A check that compared nothing proves nothing: it fails, with no largest error to report.
    @Test func aCheckThatComparedNothingFails() {
        let report = GradientCheckReport(parameters: [check("0.weight", kinks: 4, atKinks: 4), check("0.bias", kinks: 4, atKinks: 4)],
                                         tolerance: 1e-6)
        #expect(!report.passed && report.maxRelativeError == nil && report.uncheckedParameters.isEmpty)
    }

    /// A NaN relative error (an overflowing loss) is the largest error and fails the check.
    @Test func aNaNErrorFails() {
        let report = GradientCheckReport(parameters: [check("0.weight", rel: .nan), check("0.bias")], tolerance: 1e-6)
        #expect(!report.passed && report.maxRelativeError?.isNaN == true)
    }
}
