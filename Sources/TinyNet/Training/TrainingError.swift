/// Training stopped because the loss or a parameter became NaN or infinite.
public struct TrainingError: Error, CustomStringConvertible {
    public var epoch: Int
    public var batch: Int
    /// The parameter whose gradient blew up first in the backward pass, else the first whose value already
    /// was not finite; nil when neither is known.
    public var parameter: String?
    /// The base learning rate of the run.
    public var learningRate: Double

    public init(epoch: Int, batch: Int, parameter: String? = nil, learningRate: Double) {
        (self.epoch, self.batch, self.parameter, self.learningRate) = (epoch, batch, parameter, learningRate)
    }

    public var description: String {
        let which = parameter.map { " (first non-finite gradient: \($0))" } ?? ""
        return "training diverged at epoch \(epoch), batch \(batch): the loss became NaN or infinite\(which)"
    }
}
