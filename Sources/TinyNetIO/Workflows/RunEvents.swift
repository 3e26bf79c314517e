import Foundation
import TinyNet

// What a training run, in memory (`TrainingRun`) or streamed (`StreamingRun`), reports besides its
// epochs: the warnings before the first step, the loss before it, a validation loss that is not finite,
// and the advice added to a divergence; and the warning of ignored columns, which eval and predict say too.
// (What the column names say is in ColumnWarnings.swift.)

/// What every run (in memory or streamed) warns of before its first step: a label that looks like a
/// quantity read as classes, classes spelled like a missing value or like each other, a feature column
/// without a name, layer lists that rarely train as meant, badly scaled inputs.
func modelAndDataWarnings(
    _ task: Task, classes: [String], rows: Int, label: String, featureNames: [String], firstColumn: String, layers: [LayerSpec],
    scale: DataScale
) -> [String] {
    DataSummary.labelWarnings(task: task, classes: classes, rows: rows, label: label)
        + classSpellingWarnings(classes, labelName: label)
        + columnNameWarnings(featureNames, label: label, classes: classes, firstColumn: firstColumn)
        + LayerSpec.warnings(layers) + scale.warnings
}

/// The warning for a validation file that is the training file: its scores are no held-out scores.
func validationIsTrainingWarning(_ config: TrainConfig) -> String? {
    guard let data = config.data, let valData = config.valData, let id = fileIdentity(inputPath(valData)), id == fileIdentity(inputPath(data))
    else { return nil }
    return "val_data \(valData) is the training file: the validation scores are the training rows', not held-out ones (val_split holds rows out)"
}

/// The warning for classes that no training row has (val_split held out all of theirs): the model learns
/// never to predict them.
func classesWithoutTrainingRowsWarning(classes: [String], trainingRowsPerClass counts: [Int]) -> String? {
    let missing = zip(classes, counts).filter { $0.1 == 0 }.map(\.0)
    guard !missing.isEmpty else { return nil }
    let named = missing.prefix(8).map(doubleQuoted).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
    return "\(counted(missing.count, "class", plural: "classes")) (\(named)) \(missing.count == 1 ? "has" : "have") no training rows: val_split held out "
        + "all \(missing.count == 1 ? "its" : "their") rows, so the model can never predict \(missing.count == 1 ? "it" : "them"); use a smaller val_split or more rows"
}

/// The warning for columns of a file that `model` does not use (at most 8 named); nil when there are none.
/// `train --resume` says "the resumed model", eval and predict "the model".
public func ignoredColumnsWarning(_ columns: [String], model: String = "the model") -> String? {
    guard !columns.isEmpty else { return nil }
    return "ignoring \(columns.count) column(s) \(model) does not use: "
        + columns.prefix(8).map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ") + (columns.count > 8 ? ", …" : "")
}

/// The training rows the loss before the first step is measured on: the first ones (of the first chunk,
/// when streamed), at most this many, and fewer for a wide output (see `initialLossRowCount`).
let initialLossRows = 4096

/// How many of `available` rows the initial loss is measured on: up to `initialLossRows`, and no more than
/// one evaluation pass (`rowsPerEvaluationPass`: a label with 16 000 classes would otherwise take 0.5 GB of
/// outputs and gradients for a printed number).
func initialLossRowCount(available: Int, outputWidth: Int) -> Int {
    min(available, initialLossRows, rowsPerEvaluationPass(outputWidth: outputWidth))
}

/// The loss of `network` before its first step, on the first `initialLossRowCount` rows of `rows`, and the
/// events that report it (see `initialLossEvents`).
func measureInitialLoss<T: Scalar>(
    _ network: Sequential<T>, _ loss: any Loss<T>, on rows: Dataset<T>, kind: LossKind, classCount: Int
) -> (value: Double, events: [TrainingEvent]) {
    let count = initialLossRowCount(available: rows.count, outputWidth: network.outputWidth)
    let value = evaluate(network, loss: loss, on: rows.subset(Array(0..<count))).loss
    return (value, initialLossEvents(value: value, expected: expectedInitialLoss(kind, classCount: classCount)))
}

/// The loss of an untrained network with small random outputs: ln C for
/// softmax cross-entropy over C classes (uniform probabilities), ln 2 for
/// binary cross-entropy; none for MSE (it depends on the targets).
func expectedInitialLoss(_ loss: LossKind, classCount: Int) -> Double? {
    switch loss {
    case .softmaxCE: return classCount > 1 ? Foundation.log(Double(classCount)) : nil
    case .bce: return Foundation.log(2.0)
    case .mse: return nil
    }
}

/// The loss before the first step, and a warning when it is more than 3 times its expected value or under a
/// third of it. He/Glorot initialization gives logits of unit scale, so a loss up to about twice ln C is
/// usual (PyTorch's smaller draw, `init = "torch"`, gives about ln C); unscaled inputs give many times that.
func initialLossEvents(value: Double, expected: Double?) -> [TrainingEvent] {
    guard let expected, value > 3 * expected || value < expected / 3 else { return [.initialLoss(value: value, expected: expected)] }
    return [.initialLoss(value: value, expected: expected),
            .warning("the initial loss is more than 3 times its expected value (or under a third of it); check the data scaling and the initialization")]
}

/// Said once per run, at the first epoch whose validation loss is not finite (the log and the plot show a gap).
func nonFiniteValidationWarning(_ summary: EpochSummary) -> String? {
    guard let loss = summary.validation?.loss, !loss.isFinite else { return nil }
    return "the validation loss of epoch \(summary.epoch) is not finite: some validation rows overflow, inside the network or in "
        + "the loss (features, or regression targets, far outside the training data's range; tinynet eval names the first row "
        + "that overflows inside the network)"
}

/// A training loss this many times the loss a run started from (at least 1) is a run diverging without overflowing.
let divergingLossFactor = 1000.0

/// Said once per run, at the first epoch whose training loss is over `divergingLossFactor` times the loss the run
/// started from, `start` (the initial loss, else the first epoch's; taken as 1 when smaller): a run that diverges
/// without overflowing, which f64's range lets go on long after f32's loss would have become infinite and stopped it.
func divergingLossWarning(_ summary: EpochSummary, start: Double, startName: String, advice: () -> String) -> String? {
    guard summary.trainLoss > divergingLossFactor * max(start, 1) else { return nil }
    return "the training loss of epoch \(summary.epoch), \(lossText(summary.trainLoss)), is over \(Int(divergingLossFactor)) times \(startName), "
        + "\(lossText(start)): the run is diverging without overflowing (only a loss that becomes infinite stops it)" + advice()
}

/// `onEvent`, followed once per run by the warning for the first epoch whose validation loss is not finite, and
/// once by the warning for the first whose training loss has grown a thousandfold (`divergingLossWarning`, against
/// `initialLoss`, else the first epoch's loss; `advice` is the divergence advice).
func watchingEpochs(
    _ onEvent: @escaping (TrainingEvent) -> Void, initialLoss: Double?, advice: @escaping () -> String
) -> (TrainingEvent) -> Void {
    var (warnedValidation, warnedDiverging, start) = (false, false, initialLoss)
    return { event in
        onEvent(event)
        guard case .epoch(let summary) = event else { return }
        if !warnedValidation, let warning = nonFiniteValidationWarning(summary) {
            onEvent(.warning(warning))
            warnedValidation = true
        }
        let reference = start ?? summary.trainLoss
        start = reference
        if !warnedDiverging, let warning = divergingLossWarning(summary, start: reference,
                                                                  startName: initialLoss == nil ? "the first epoch's loss" : "the initial loss", advice: advice) {
            onEvent(.warning(warning))
            warnedDiverging = true
        }
    }
}

/// Runs a training loop, handing it `onEvent` with the run's epoch warnings (`watchingEpochs`): a loss grown a
/// thousandfold is warned of with the divergence advice, and a divergence the loop throws becomes a
/// `DivergenceError` with it (`scale` is computed only for advice).
func watchingDivergence<R>(
    _ onEvent: @escaping (TrainingEvent) -> Void, initialLoss: Double?, scale: @escaping () -> DataScale, optimizer: TrainingOptions,
    _ body: (@escaping (TrainingEvent) -> Void) throws -> R
) throws -> R {
    // A loss that grew without overflowing: after steps, so a learning rate helps.
    let grownAdvice = { DivergenceError.advice(lr: optimizer.learningRate, atInitialWeights: false, scale: scale(), optimizer: optimizer) }
    do {
        return try body(watchingEpochs(onEvent, initialLoss: initialLoss, advice: grownAdvice))
    } catch let error as TrainingError {
        throw DivergenceError(cause: error, scale: scale(), optimizer: optimizer)
    }
}
