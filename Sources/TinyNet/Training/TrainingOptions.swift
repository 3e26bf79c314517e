/// The SGD hyperparameters and loop settings of a run.
public struct TrainingOptions: Sendable, Equatable {
    public var epochs = 10
    public var batchSize = 32
    public var learningRate = 0.01
    public var momentum = 0.0
    public var nesterov = false
    public var weightDecay = 0.0
    public var schedule = LearningRateSchedule.constant
    public var seed: UInt64 = 0

    public init() {}

    /// The seed of the shuffling generator: `seed` offset by a constant, so that shuffling does not draw
    /// the same numbers as weight initialization, which is seeded with `seed` itself.
    public var shuffleSeed: UInt64 { seed &+ 0x5_4F_FF_1E }

    /// Rows per mini-batch for an epoch of `rows` rows: batch_size, or every row when there are fewer
    /// (as PyTorch's DataLoader), so that no buffer holds room for rows the data does not have.
    public func batchRows(forEpochOf rows: Int) -> Int { min(batchSize, max(rows, 1)) }

    /// Mini-batches in an epoch of `rows` rows: ⌈rows / batchRows⌉, the last one short.
    public func batchesPerEpoch(rows: Int) -> Int {
        let size = batchRows(forEpochOf: rows)
        return (rows + size - 1) / size
    }
}

extension SGD {
    /// SGD over `parameters` with the options' learning rate, momentum, weight decay and Nesterov flag.
    public convenience init(parameters: [Parameter<T>], options: TrainingOptions) {
        self.init(
            parameters: parameters, learningRate: options.learningRate, momentum: options.momentum,
            weightDecay: options.weightDecay, nesterov: options.nesterov)
    }
}
