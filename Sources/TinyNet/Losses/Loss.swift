/// Which loss a network trains with.
public enum LossKind: String, CaseIterable, Sendable, Codable {
    /// Softmax cross-entropy over C classes: targets are class indices.
    case softmaxCE = "softmax_ce"
    /// Mean squared error: targets are values, one column per output.
    case mse
    /// Sigmoid binary cross-entropy: targets are 0 or 1, one column per output.
    case bce
}

/// A loss returns its value and its gradient together (CS231n's `(loss, dx)`).
///
/// `output` is the network's output (B, K); `target` is (B, 1) class indices
/// for softmax cross-entropy, else (B, K). The value is the mean over the
/// batch (and, for MSE and BCE, over the K outputs, like PyTorch's
/// `reduction="mean"`), and the gradient is of that mean. The returned
/// gradient is a view of a buffer the loss owns.
public protocol Loss<Element>: AnyObject {
    associatedtype Element: Scalar
    var kind: LossKind { get }
    func lossAndGradient(_ output: Matrix<Element>, _ target: Matrix<Element>) -> (loss: Double, gradient: Matrix<Element>)
}

/// The loss of that kind; `classWeights` (one per class, softmax CE and BCE) weight each sample's term.
public func makeLoss<T: Scalar>(_ kind: LossKind, classWeights: [Double]? = nil, as: T.Type = T.self) -> any Loss<T> {
    switch kind {
    case .softmaxCE: return SoftmaxCrossEntropy<T>(classWeights: classWeights)
    case .mse: return MeanSquaredError<T>()
    case .bce: return BinaryCrossEntropy<T>(classWeights: classWeights)
    }
}
