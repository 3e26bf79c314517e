/// What the network predicts.
public enum Task: String, CaseIterable, Sendable, Codable {
    case classification
    case regression

    /// The loss a task trains with unless the config names one.
    public var defaultLoss: LossKind { self == .classification ? .softmaxCE : .mse }
}
