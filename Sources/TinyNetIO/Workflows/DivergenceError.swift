import Foundation
import TinyNet

/// The scale of what the network sees, where it makes gradients large: the input scale, and the root mean
/// square of a target or of features that are not standardized. For warnings and the divergence advice.
public struct DataScale: Sendable {
    public var inputScale: Double = 1
    /// Regression without a standardized target: the root mean square of the training targets. MSE's gradient
    /// is 2·(ŷ − y)/n, so targets in the hundreds give gradients a hundred times those of z-scored ones.
    public var unstandardizedTargetRMS: Double?
    /// Features not standardized: the largest root mean square of a feature column as read (before the
    /// input scale, which has advice of its own). dW = dYᵀ·X, so the first layer's gradients grow with them.
    public var unstandardizedFeatureRMS: Double?

    /// Above this root mean square a raw target or feature is worth a word.
    static let large = 10.0

    /// Said before training: a raw regression target far from unit scale (the loss starts many times too large).
    var warnings: [String] {
        guard let rms = unstandardizedTargetRMS, rms > Self.large else { return [] }
        return ["the regression target is not standardized (root mean square \(shortNumber(rms))): the MSE loss and its gradients "
                + "start that much larger than on a z-scored target, and training may learn little or diverge; --standardize-target "
                + "z-scores it (eval and predict undo it)"]
    }
}

/// A run that diverged (the engine's `TrainingError`), with advice in the flags the user can pass.
public struct DivergenceError: Error, CustomStringConvertible {
    public var cause: TrainingError
    public var scale: DataScale

    public var description: String {
        let lr = cause.learningRate
        // With lr 0 nothing moved: the loss is not finite at the initial weights, and no learning rate helps.
        var advice = lr > 0 ? ["try a lower learning rate, e.g. --lr \(shortNumber(lr / 10))"] : []
        if let rms = scale.unstandardizedFeatureRMS, rms > DataScale.large {
            advice.insert("the features are not standardized (a column's root mean square is \(shortNumber(rms))), and since dW = dYᵀ·X the "
                + "weight gradients grow with them: pass --standardize", at: 0)
        }
        if let rms = scale.unstandardizedTargetRMS, rms > DataScale.large {
            advice.insert("the regression target is not standardized (root mean square \(shortNumber(rms))), so the MSE gradients are that much larger: pass --standardize-target (eval and predict undo it)", at: 0)
        }
        var text = "\(cause)"
        if lr == 0 { text += "; with --lr 0 the weights never moved: the loss is not finite at the initial weights" }
        if !advice.isEmpty { text += "; " + advice.joined(separator: ", or ") }
        if scale.inputScale > 1 && lr > 0 {
            text += "; the inputs are scaled by \(scale.inputScale), and since dW = dYᵀ·X the weight gradients grow by that factor, so divide the learning rate by it: --lr \(shortNumber(lr / scale.inputScale))"
        }
        return text
    }
}

/// A number with at most 6 significant digits ("1e+29", not "1.0000000000000001e+29"; "172.701").
func shortNumber(_ x: Double) -> String { String(format: "%.6g", x) }
