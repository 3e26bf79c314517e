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
    /// The run's weight decay, momentum and Nesterov setting.
    public var optimizer = TrainingOptions()

    public var description: String {
        // Before any step (lr 0, or the first batch of a fresh run) the loss or its gradient is already not
        // finite at the initial weights: no learning rate helps, the data's scale does.
        let lr = cause.learningRate
        return "\(cause)" + Self.advice(lr: lr, atInitialWeights: lr == 0 || (cause.epoch == 1 && cause.batch == 1), scale: scale, optimizer: optimizer)
    }

    /// What to change, each part after "; ": the data's scale, the weight decay or the learning rate.
    static func advice(lr: Double, atInitialWeights: Bool, scale: DataScale, optimizer: TrainingOptions) -> String {
        var advice: [String] = []
        if let rms = scale.unstandardizedTargetRMS, rms > DataScale.large {
            advice.append("the regression target is not standardized (root mean square \(shortNumber(rms))), so the MSE gradients are that much larger: pass --standardize-target (eval and predict undo it)")
        }
        // Large as read and as the network sees them (after input_scale): a small input_scale already shrinks them.
        if let rms = scale.unstandardizedFeatureRMS, rms > DataScale.large, rms * scale.inputScale > DataScale.large {
            advice.append("the features are not standardized (a column's root mean square is \(shortNumber(rms))), and since dW = dYᵀ·X the "
                + "weight gradients grow with them: pass --standardize")
        }
        let decay = lr * optimizer.weightDecay
        if !atInitialWeights && decay > optimizer.decayGrowthLimit {
            let limit = optimizer.momentum == 0 ? "" : optimizer.nesterov ? " (2(1 + μ)/(1 + 2μ) with Nesterov momentum μ)" : " (2(1 + μ) with momentum μ)"
            advice.append("lr × weight_decay is \(shortNumber(decay)), above \(shortNumber(optimizer.decayGrowthLimit))\(limit), where the decay "
                + "term lr·wd·w alone makes the weights grow without bound: keep weight_decay well below 1/lr (e.g. --weight-decay \(shortNumber(0.01 / lr)))")
        } else if !atInitialWeights && lr / 10 > 0 {
            advice.append("try a lower learning rate, e.g. --lr \(shortNumber(lr / 10))")
        }
        var text = ""
        if atInitialWeights { text += "; this is before any step, at the initial weights, so no learning rate helps" }
        if !advice.isEmpty { text += "; " + advice.joined(separator: ", or ") }
        if scale.inputScale > 1 && !atInitialWeights {
            text += "; the inputs are scaled by \(scale.inputScale), and since dW = dYᵀ·X the weight gradients grow by that factor, so divide the learning rate by it: --lr \(shortNumber(lr / scale.inputScale))"
        }
        return text
    }
}

extension TrainingOptions {
    /// The lr·weight_decay above which the decay term alone makes the weights grow without bound: for
    /// w ← w − lr·wd·w with momentum μ the recurrence's roots leave the unit circle past 2(1 + μ) (Nesterov:
    /// 2(1 + μ)/(1 + 2μ)). Above 1 the term already overshoots 0 (the weights flip sign) but still shrinks them.
    var decayGrowthLimit: Double { nesterov ? 2 * (1 + momentum) / (1 + 2 * momentum) : 2 * (1 + momentum) }
}

/// A number with at most 6 significant digits ("1e+29", not "1.0000000000000001e+29"; "172.701").
func shortNumber(_ x: Double) -> String { String(format: "%.6g", x) }
