import Foundation
import TinyNet
import TinyNetIO

/// `gradcheck --json`: DESIGN's keys (`max_rel_error`, per parameter `name`, `rel_error`, `max_abs_diff`)
/// and the verdict's; a tensor with no coordinate compared has null errors.
func gradcheckJSON(_ report: GradientCheckReport) -> [String: Any] {
    [
        "max_rel_error": report.maxRelativeError ?? NSNull(), "passed": report.passed, "tolerance": report.tolerance,
        "proved_nothing": report.provedNothing,
        "not_checkable": report.notCheckableParameters, "zero_within_rounding": report.zeroWithinRoundingParameters,
        "parameters": report.parameters.map { p -> [String: Any] in
            let compared = p.comparedCoordinates > 0
            return ["name": p.name, "rel_error": compared ? p.relativeError : NSNull(), "max_abs_diff": compared ? p.maxAbsDifference : NSNull(),
                    "kink_coordinates": p.kinkCoordinates, "at_kink_coordinates": p.atKinkCoordinates,
                    "checked_coordinates": p.checkedCoordinates, "rounding_level": p.roundingLevel]
        },
    ]
}

/// The table of `gradcheck`: one line per parameter, then what could not be checked and the verdict.
struct GradcheckTable {
    let report: GradientCheckReport
    /// Flags that would shrink a large loss (and its rounding error): `--standardize-target`, `--standardize`.
    let shrinkingFlags: [String]

    var text: String {
        var lines = [rightPad("parameter", 12) + "   rel error   max |a−n|   sampled   across a ReLU kink (skipped)"]
        for p in report.parameters {
            let errors = p.comparedCoordinates == 0 ? leftPad("—", 12) + leftPad("—", 12)
                : leftPad(scientific(p.relativeError), 12) + " " + leftPad(scientific(p.maxAbsDifference), 11)
            let atKink = p.atKinkCoordinates > 0 ? " (\(p.atKinkCoordinates) at it)" : ""
            lines.append(rightPad(p.name, 12) + errors + String(format: " %9ld   %ld", p.checkedCoordinates, p.kinkCoordinates) + atKink)
        }
        return (lines + notCheckableNote + [verdict]).joined(separator: "\n")
    }

    /// Why the tensors whose every coordinate sits at a kink were left out, when there are some.
    private var notCheckableNote: [String] {
        let names = report.notCheckableParameters
        guard !names.isEmpty else { return [] }
        return ["\(names.joined(separator: ", ")) not checkable: every coordinate moves a ReLU input that is exactly 0 "
            + "(typically an all-zero input row, as a single row or constant features give once standardized, meeting the initial biases, 0 with the default init). "
            + "ReLU has no derivative at 0: the backward pass takes 0 there, as PyTorch does, while a central difference "
            + "takes the mean of the two sides' slopes at any step."]
    }

    private var verdict: String {
        let unchecked = report.uncheckedParameters
        if report.comparedCoordinates == 0 {
            return unchecked.isEmpty ? "FAIL: no coordinate could be checked, so the check proves nothing"
                : "FAIL: no coordinate was checked (each moves a ReLU input across its kink at this step); use a smaller --step"
        }
        if report.provedNothing {
            let rows = report.rows.map { " on \(counted($0, "row"))" } ?? ""
            let exact = report.compared.allSatisfy { $0.normSum == 0 }
            let how = exact ? "exactly 0" : "0 (exactly, or but for rounding)"
            return "FAIL: every compared gradient is \(how), analytic and numeric (the loss is 0, or at a stationary point\(rows.isEmpty ? "" : "," + rows)), so the check "
                + "proves nothing: use more rows (--samples, a larger file) or features that vary, or, for a regression whose rows standardize "
                + "to 0 (a single row), --no-standardize-target"
        }
        if !unchecked.isEmpty {
            return "FAIL: no coordinate of \(unchecked.joined(separator: ", ")) was checked (each moves a ReLU input across its kink at this step); use a smaller --step"
        }
        let worst = report.maxRelativeError ?? .nan
        let leftOut = report.notCheckableParameters.isEmpty ? "" : " (\(report.notCheckableParameters.joined(separator: ", ")) left out: not checkable)"
        let tolerance = scientific(report.tolerance, atLeast: 1)
        let line = "\(report.passed ? "PASS" : "FAIL"): largest relative error \(scientific(worst, 3, comparedWith: Double(tolerance) ?? report.tolerance)) "
            + "\(report.passed ? "<" : "≥") tolerance \(tolerance)" + leftOut
        return report.passed ? line : line + "\n" + failureAdvice
    }

    /// Why the relative errors failed, from the size of the differences against the rounding error ε·|L|/h
    /// of a central difference at this loss: rounding wants a larger step, anything else a smaller one or a fix.
    private var failureAdvice: String {
        let failed = report.failedParameters
        if failed.contains(where: { $0.relativeError.isNaN }) {
            return "a relative error is not a number: the loss or a gradient is not finite, at these weights or at w ± h "
                + "(an input or a step large enough to overflow the loss)"
        }
        // Gradients of 0 fail for what they are, each kind with its reason; no step changes either.
        func zeroGradients(_ kind: (ParameterCheck) -> Bool, _ why: ([ParameterCheck]) -> String) -> String? {
            let tensors = failed.filter(kind)
            guard !tensors.isEmpty else { return nil }
            return "\(tensors.map(\.name).joined(separator: ", ")): \(why(tensors)); check it on rows where it is not 0 (more rows, or features that vary)."
        }
        let notJudged = [
            zeroGradients(\.isVanishing) { "‖a‖+‖n‖ is below 1e-12 (\(scientific($0.map(\.normSum).max() ?? .nan, 1))), where the relative "
                + "error is ‖a−n‖/1e-12, an absolute test that no step changes: the gradient is 0 but for the rounding of its sums, "
                + "or too small for a central difference to confirm (saturated sigmoid or tanh units, as large inputs give)" },
            zeroGradients(\.isZeroWithinRounding) { "the analytic gradient is exactly 0 and the numeric one rounding noise (|n| ≤ 100·ε·|L|/h = "
                + "\(scientific($0.map { 100 * $0.roundingLevel }.max() ?? .nan, 1))), whose relative error against 0 is about 1 at any step: "
                + "a central difference cannot confirm the 0 (a backward pass that dropped a gradient this small would look the same)" },
        ].compactMap { $0 }.joined(separator: "\n")
        let byDifference = report.failedByDifference
        guard !byDifference.isEmpty else { return notJudged }
        let largest = byDifference.map(\.maxAbsDifference).max() ?? .nan, rounding = byDifference.map(\.roundingLevel).max() ?? .nan
        let sizes = "max |a−n| \(scientific(largest, 1)), ε·|L|/h = \(scientific(rounding, 1)) for ε = 2⁻⁵²"
        let also = notJudged.isEmpty ? "" : "\n" + notJudged
        guard report.failedOnlyByRounding else {
            return "the differences exceed the rounding error of the loss (\(sizes)): the backward pass is wrong, "
                + "or the step is too coarse for the loss's curvature (that error falls as h²: try a smaller --step)" + also
        }
        let head = "the differences are at the level of rounding error (\(sizes)): a smaller --step would make them larger. "
        let shrink = shrinkingFlags.joined(separator: " and ")
        if let step = report.largerStep {
            return head + String(format: "Try --step %.0e (rounding error falls as 1/h)", step) + (shrink.isEmpty ? "" : ", or \(shrink) to make the loss smaller") + also
        }
        // A gradient of about 0 against rounding noise has a relative error near 1, whatever the step.
        let nearZero = byDifference.filter { $0.relativeError >= 0.5 }.map(\.name)
        let zeroNote = nearZero.isEmpty ? "" : " The gradient of \(nearZero.joined(separator: ", ")) is itself within rounding error of 0: "
            + "against the noise its relative error stays near 1 at any step."
        return head + "No step up to 1e-3 would bring the rounding error safely (2×) below the tolerance." + zeroNote
            + (shrink.isEmpty ? " Loosen --tolerance to what this loss can resolve." : " Use \(shrink) to make the loss smaller, or loosen --tolerance.") + also
    }
}
