/// Training stopped because the loss or a parameter became NaN or infinite.
public struct TrainingError: Error, CustomStringConvertible {
    public var epoch: Int
    public var batch: Int
    /// The parameter whose gradient blew up first in the backward pass, if known.
    public var parameter: String?
    public var learningRate: Double
    /// The input scale of the run (for the advice to divide the learning rate by it).
    public var inputScale: Double = 1
    /// Regression without a standardized target: the root mean square of the training targets. MSE's gradient
    /// is 2·(ŷ − y)/n, so targets in the hundreds give gradients a hundred times those of z-scored ones.
    public var unstandardizedTargetRMS: Double?

    public var description: String {
        let which = parameter.map { " (first non-finite gradient: \($0))" } ?? ""
        var advice = "try a lower learning rate, e.g. --lr \(shortNumber(learningRate / 10))"
        if let rms = unstandardizedTargetRMS, rms > 10 {
            advice = "the regression target is not standardized (root mean square \(shortNumber(rms))), so the MSE gradients are that much larger: pass --standardize-target (eval and predict undo it), or " + advice
        }
        if inputScale != 1 {
            advice += "; the inputs are scaled by \(inputScale), and since dW = dYᵀ·X the weight gradients grow by that factor, so divide the learning rate by it: --lr \(shortNumber(learningRate / inputScale))"
        }
        return "training diverged at epoch \(epoch), batch \(batch): the loss became NaN or infinite\(which); \(advice)"
    }
}

/// A number with at most 6 significant digits ("1e+29", not "1.0000000000000001e+29").
func shortNumber(_ x: Double) -> String {
    var s = "\(Float(x))"
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
}
