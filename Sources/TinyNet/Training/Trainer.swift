import Foundation

/// Running sums of an epoch cut short by an interrupt: summed batch losses (each × its rows), correct
/// predictions and rows, over the batches trained.
public struct PartialEpoch: Equatable, Sendable {
    public var lossSum = 0.0
    public var correct = 0
    public var rows = 0

    public init(lossSum: Double = 0, correct: Int = 0, rows: Int = 0) {
        (self.lossSum, self.correct, self.rows) = (lossSum, correct, rows)
    }
}

/// The training loop: shuffle, gather a batch, forward, loss, backward, step.
/// Every buffer is sized on the first batch and reused; nothing is allocated
/// per batch. The trainer reports through `onEvent` and never prints.
public final class Trainer<T: Scalar> {
    public let network: Sequential<T>
    public let loss: any Loss<T>
    public let optimizer: SGD<T>
    public var options: TrainingOptions
    /// The shuffling generator; its state is part of a resumable checkpoint.
    public var shuffleGenerator: SeededGenerator
    /// Epochs completed so far (non-zero when resuming).
    public var epochsDone = 0
    /// Batches of the unfinished epoch already trained (non-zero after an
    /// interrupt); the next `fit` replays that epoch's order and skips them.
    public var batchesDone = 0
    /// The shuffling generator as it was before the unfinished epoch's shuffle:
    /// with `epochsDone` and `batchesDone`, all a checkpoint needs to resume exactly.
    public private(set) var epochGenerator: SeededGenerator
    /// The unfinished epoch's running sums over its `batchesDone` batches, so that its mean loss and
    /// accuracy after a resume are those of an uninterrupted run.
    public var partialEpoch = PartialEpoch()
    /// The loss validation rows are scored with; nil: `loss`. Class weights are for training only, as in
    /// Keras, so a weighted run passes the unweighted loss here (the validation loss is then eval's).
    public var validationLoss: (any Loss<T>)?
    /// Per-layer statistics (`--grad-stats`), when set; off by default, as it costs a pass per batch.
    public var statistics: LayerStatistics<T>?

    public init(network: Sequential<T>, loss: any Loss<T>, options: TrainingOptions) {
        self.network = network
        self.loss = loss
        self.options = options
        optimizer = SGD(parameters: network.parameters, options: options)
        shuffleGenerator = SeededGenerator(seed: options.shuffleSeed)
        epochGenerator = shuffleGenerator
    }

    /// Continues a run: the generator state before the unfinished epoch, and its progress.
    public func resume(epochsDone: Int, batchesDone: Int, generator: SeededGenerator, partialEpoch: PartialEpoch = PartialEpoch()) {
        (self.epochsDone, self.batchesDone, self.partialEpoch) = (epochsDone, batchesDone, partialEpoch)
        (shuffleGenerator, epochGenerator) = (generator, generator)
    }

    /// Trains from `epochsDone` up to `options.epochs`. `shouldStop` is polled
    /// after every batch: when it turns true the current batch finishes and
    /// `fit` returns with `batchesDone` > 0 (resumable). Returns the summaries
    /// of the epochs completed.
    @discardableResult
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func fit(
        _ train: Dataset<T>, validation: Dataset<T>? = nil,
        shouldStop: () -> Bool = { false }, onEvent: (TrainingEvent) -> Void = { _ in }
    ) throws -> [EpochSummary] {
        precondition(train.count > 0, "no training rows")
        let batchSize = options.batchRows(forEpochOf: train.count)
        let batch = BatchGatherer<T>(features: train.features.cols, targets: train.targets.cols, batchSize: batchSize)
        BLASThreads.prepare(for: network, batchSize: batchSize)
        var order = Array(0..<train.count)
        var summaries: [EpochSummary] = []
        statistics?.attach(to: network)
        while epochsDone < options.epochs && !shouldStop() {
            let start = DispatchTime.now().uptimeNanoseconds
            let lr = options.schedule.rate(base: options.learningRate, epoch: epochsDone, epochs: options.epochs)
            optimizer.learningRate = lr
            // Each epoch's order depends only on the generator's state, so a resumed run repeats it.
            shuffleGenerator = epochGenerator
            for i in order.indices { order[i] = i }
            shuffleGenerator.shuffle(&order)
            statistics?.startEpoch()
            let (lossSum, correct, finished) = try runEpoch(train, order: order, batch: batch, shouldStop: shouldStop, onEvent: onEvent)
            guard finished else { break }
            (epochsDone, batchesDone, epochGenerator, partialEpoch) = (epochsDone + 1, 0, shuffleGenerator, PartialEpoch())
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let summary = EpochSummary(
                epoch: epochsDone, epochs: options.epochs, trainLoss: lossSum / Double(train.count),
                trainAccuracy: train.classIndices.isEmpty ? nil : Double(correct) / Double(train.count),
                validation: validation.map { evaluate(network, loss: validationLoss ?? loss, on: $0) },
                learningRate: lr, seconds: seconds, samples: train.count, statistics: statistics?.finishEpoch())
            summaries.append(summary)
            onEvent(.epoch(summary))
        }
        return summaries
    }

    /// One epoch from batch `batchesDone` on; `finished` is false when `shouldStop` cut it short.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private func runEpoch(
        _ data: Dataset<T>, order: [Int], batch: BatchGatherer<T>,
        shouldStop: () -> Bool, onEvent: (TrainingEvent) -> Void
    ) throws -> (lossSum: Double, correct: Int, finished: Bool) {
        let size = options.batchRows(forEpochOf: data.count)  // as the BatchGatherer's buffers
        let batches = options.batchesPerEpoch(rows: data.count)
        let step = TrainingStep(network: network, loss: loss, optimizer: optimizer, baseLearningRate: options.learningRate)
        var (lossSum, correct, seen) = (partialEpoch.lossSum, partialEpoch.correct, partialEpoch.rows)
        for b in batchesDone..<batches {
            let lo = b * size, hi = min(lo + size, data.count)
            let (x, t) = batch.gather(data, rows: order[lo..<hi])
            let (value, output) = try step.run(x, t, epoch: epochsDone + 1, batch: b + 1) {
                statistics?.observeBatch(isLast: b == batches - 1)
            }
            if b == batches - 1 { statistics?.observeStep() }
            if !data.classIndices.isEmpty { correct += countCorrect(output, rows: hi - lo) { data.classIndices[order[lo + $0]] } }
            lossSum += value * Double(hi - lo)
            seen += hi - lo
            onEvent(.batch(epoch: epochsDone + 1, batch: b + 1, batches: batches, runningLoss: lossSum / Double(seen)))
            if shouldStop() && b < batches - 1 {
                batchesDone = b + 1
                partialEpoch = PartialEpoch(lossSum: lossSum, correct: correct, rows: seen)
                return (lossSum, correct, false)
            }
        }
        return (lossSum, correct, true)
    }
}

/// Copies the rows of a batch into buffers allocated once.
final class BatchGatherer<T: Scalar> {
    private let x: Matrix<T>  // (batchSize, F)
    private let t: Matrix<T>  // (batchSize, K)

    init(features: Int, targets: Int, batchSize: Int) {
        x = Matrix(rows: batchSize, cols: features)
        t = Matrix(rows: batchSize, cols: targets)
    }

    /// Views of the first rows.count rows, holding `data`'s rows in that order.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func gather(_ data: Dataset<T>, rows: ArraySlice<Int>) -> (Matrix<T>, Matrix<T>) {
        for (i, r) in rows.enumerated() {
            x.setRow(i, from: data.features, row: r)
            t.setRow(i, from: data.targets, row: r)
        }
        return (x.prefixRows(rows.count), t.prefixRows(rows.count))
    }
}
