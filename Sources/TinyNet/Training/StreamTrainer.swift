import Foundation

/// The training loop for data that does not fit in memory (`train --stream`). Every epoch reads the
/// rows again, chunk by chunk, from a source the caller opens; a `ShuffleBuffer` of `bufferRows` rows
/// shuffles them (seeded) on their way to mini-batches; forward, loss, backward and the SGD step are
/// those of `Trainer`. Memory is one buffer, the chunks `openEpoch`'s source holds and one batch, whatever
/// the size of the data.
/// It knows nothing of files and never prints: progress goes to `onEvent`.
public final class StreamTrainer<T: Scalar> {
    public let network: Sequential<T>
    public let loss: any Loss<T>
    public let optimizer: SGD<T>
    public let options: TrainingOptions
    /// Rows the shuffle buffer holds.
    public let bufferRows: Int
    /// The shuffling generator (seeded like `Trainer`'s); its state is part of the checkpoint.
    public private(set) var shuffleGenerator: SeededGenerator
    /// Epochs completed so far.
    public private(set) var epochsDone = 0

    /// The parameters and momentum buffers as the last completed epoch left them.
    private lazy var epochStart = ParameterSnapshot(of: network.parameters)
    private var buffer: ShuffleBuffer<T>?
    private var batch: MiniBatch<T>?
    /// Rows per mini-batch (`TrainingOptions.batchRows(forEpochOf:)`).
    private var batchRows = 1

    public init(network: Sequential<T>, loss: any Loss<T>, options: TrainingOptions, bufferRows: Int) {
        precondition(bufferRows >= 1, "the shuffle buffer holds at least one row")
        self.network = network
        self.loss = loss
        self.options = options
        self.bufferRows = bufferRows
        optimizer = SGD(parameters: network.parameters, options: options)
        shuffleGenerator = SeededGenerator(seed: options.shuffleSeed)
    }

    /// Trains up to `options.epochs`. `openEpoch` opens a fresh pass over the training rows;
    /// `rowsPerEpoch` (known from a statistics pass) sizes the progress reports; `validate`, when given,
    /// evaluates the network after each epoch. `shouldStop` is polled after every batch.
    @discardableResult
    public func fit(
        rowsPerEpoch: Int, openEpoch: () throws -> ChunkSource<T>, validate: (() throws -> Evaluation)? = nil,
        shouldStop: () -> Bool = { false }, onEvent: (TrainingEvent) -> Void = { _ in }
    ) throws -> [EpochSummary] {
        var summaries: [EpochSummary] = []
        batchRows = options.batchRows(forEpochOf: rowsPerEpoch)
        BLASThreads.prepare(for: network, batchSize: batchRows)
        while epochsDone < options.epochs && !shouldStop() {
            let start = DispatchTime.now().uptimeNanoseconds
            let lr = options.schedule.rate(base: options.learningRate, epoch: epochsDone, epochs: options.epochs)
            optimizer.learningRate = lr
            var tally = EpochTally(batches: options.batchesPerEpoch(rows: rowsPerEpoch))
            epochStart.save()
            let generatorAtStart = shuffleGenerator
            try runEpoch(try openEpoch(), &tally, shouldStop: shouldStop, onEvent: onEvent)
            if tally.stopped {
                // An epoch cut short does not count, and its steps are undone: the network, its momentum and the
                // generator are those of the epochs completed, which is what the checkpoint says it holds.
                epochStart.restore()
                shuffleGenerator = generatorAtStart
                break
            }
            guard tally.samples > 0 else { break }
            epochsDone += 1
            let summary = EpochSummary(
                epoch: epochsDone, epochs: options.epochs, trainLoss: tally.lossSum / Double(tally.samples),
                trainAccuracy: tally.isClassification ? Double(tally.correct) / Double(tally.samples) : nil,
                validation: try validate?(), learningRate: lr,
                seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, samples: tally.samples)
            summaries.append(summary)
            onEvent(.epoch(summary))
        }
        return summaries
    }

    /// What an epoch has done so far.
    private struct EpochTally {
        var batches: Int
        var batchesDone = 0
        var samples = 0
        var lossSum = 0.0
        var correct = 0
        var isClassification = false
        var stopped = false
    }

    /// One pass: every row through the shuffle buffer into batches, a step per full batch,
    /// then the buffer's remaining rows and the last, short batch.
    private func runEpoch(
        _ chunks: ChunkSource<T>, _ tally: inout EpochTally, shouldStop: () -> Bool, onEvent: (TrainingEvent) -> Void
    ) throws {
        buffer?.removeAll()  // rows left by an interrupted epoch
        batch?.clear()
        while !tally.stopped, let chunk = try chunks() {
            guard chunk.count > 0 else { continue }
            let (buffer, batch) = buffers(for: chunk)
            tally.isClassification = !chunk.classIndices.isEmpty
            for r in 0..<chunk.count where buffer.add(chunk, row: r, using: &shuffleGenerator, into: batch) {
                if batch.isFull { try step(batch, &tally, shouldStop: shouldStop, onEvent: onEvent) }
                if tally.stopped { return }
            }
        }
        guard let buffer, let batch, !tally.stopped else { return }
        try buffer.drain(using: &shuffleGenerator, into: batch) {
            if batch.isFull { try step(batch, &tally, shouldStop: { false }, onEvent: onEvent) }
        }
        if batch.count > 0 { try step(batch, &tally, shouldStop: { false }, onEvent: onEvent) }
    }

    /// The shuffle buffer and batch, allocated on the first chunk (when the widths are known).
    private func buffers(for chunk: Dataset<T>) -> (ShuffleBuffer<T>, MiniBatch<T>) {
        if let buffer, let batch { return (buffer, batch) }
        let (features, targets) = (chunk.features.cols, chunk.targets.cols)
        let made = (
            ShuffleBuffer<T>(capacity: bufferRows, features: features, targets: targets),
            MiniBatch<T>(capacity: batchRows, features: features, targets: targets)
        )
        (buffer, batch) = made
        return made
    }

    /// Forward, loss, backward and an SGD step on the batch, which is then cleared.
    private func step(
        _ batch: MiniBatch<T>, _ tally: inout EpochTally, shouldStop: () -> Bool, onEvent: (TrainingEvent) -> Void
    ) throws {
        let rows = batch.count
        let step = TrainingStep(network: network, loss: loss, optimizer: optimizer, baseLearningRate: options.learningRate)
        let (value, output) = try step.run(batch.inputs, batch.targets, epoch: epochsDone + 1, batch: tally.batchesDone + 1)
        if tally.isClassification { tally.correct += countCorrect(output, rows: rows) { batch.classIndices[$0] } }
        batch.clear()
        tally.batchesDone += 1
        tally.samples += rows
        tally.lossSum += value * Double(rows)
        onEvent(.batch(epoch: epochsDone + 1, batch: tally.batchesDone, batches: max(tally.batches, tally.batchesDone),
                       runningLoss: tally.lossSum / Double(tally.samples)))
        if shouldStop() { tally.stopped = true }
    }
}
