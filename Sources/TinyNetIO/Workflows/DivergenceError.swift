import TinyNet

/// A run that diverged (the engine's `TrainingError`), with advice in the flags the user can pass.
public struct DivergenceError: Error, CustomStringConvertible {
    public var cause: TrainingError
    /// The input scale of the run (for the advice to divide the learning rate by it).
    public var inputScale: Double
    /// Regression without a standardized target: the root mean square of the training targets. MSE's gradient
    /// is 2·(ŷ − y)/n, so targets in the hundreds give gradients a hundred times those of z-scored ones.
    public var unstandardizedTargetRMS: Double?

    public var description: String {
        let lr = cause.learningRate
        var advice = "try a lower learning rate, e.g. --lr \(shortNumber(lr / 10))"
        if let rms = unstandardizedTargetRMS, rms > 10 {
            advice = "the regression target is not standardized (root mean square \(shortNumber(rms))), so the MSE gradients are that much larger: pass --standardize-target (eval and predict undo it), or " + advice
        }
        if inputScale != 1 {
            advice += "; the inputs are scaled by \(inputScale), and since dW = dYᵀ·X the weight gradients grow by that factor, so divide the learning rate by it: --lr \(shortNumber(lr / inputScale))"
        }
        return "\(cause); \(advice)"
    }
}

/// A number with at most 6 significant digits ("1e+29", not "1.0000000000000001e+29").
func shortNumber(_ x: Double) -> String {
    var s = "\(Float(x))"
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
}
