/// What one epoch did, reported to the progress callback.
public struct EpochSummary: Sendable {
    public var epoch: Int  // 1-based
    public var epochs: Int
    public var trainLoss: Double
    /// Accuracy on the training batches as they were seen (classification only).
    public var trainAccuracy: Double?
    public var validation: Evaluation?
    public var learningRate: Double
    public var seconds: Double
    public var samples: Int
    /// Per-layer statistics of the epoch, when the trainer collects them.
    public var statistics: EpochStatistics?
}

/// Training progress, for a caller that wants to show it.
public enum TrainingEvent: Sendable {
    /// Before anything runs: the model (resolved layers, input width, parameter count) and the rows it sees.
    case started(layers: [LayerSpec], inputs: Int, parameters: Int, trainRows: Int, validationRows: Int)
    /// Something about the run the user should know (shown as "warning: …"); training goes on.
    case warning(String)
    /// The loss before the first step, and its expected value at initialization (ln C for softmax CE over C classes).
    case initialLoss(value: Double, expected: Double?)
    case batch(epoch: Int, batch: Int, batches: Int, runningLoss: Double)
    case epoch(EpochSummary)
}
