import Foundation
import TinyNet

/// Metrics of a checkpoint on labelled data.
public struct EvaluationReport: Sendable {
    public var evaluation: Evaluation
    public var task: Task
    public var classes: [String]
    /// Columns of the file the model does not use (for a warning).
    public var ignoredColumns: [String]
}

/// Everything `eval` and `predict` do with a checkpoint, without printing. Both read the
/// data a chunk of rows at a time, so memory is bounded by a chunk, never by the file.
public struct ModelRun {
    public let checkpoint: Checkpoint
    public var csvOptions = CSVOptions()

    public init(checkpointPath: String) throws {
        checkpoint = try Checkpoint.load(path: checkpointPath)
    }

    /// Opens `path` matching columns by name with the checkpoint's features.
    private func open(_ path: String, label: LabelColumn) throws -> CSVStream {
        var options = csvOptions
        options.numericLabel = checkpoint.task == .regression
        return try CSVStream(path: path, label: label, featureColumns: checkpoint.featureNames, options: options)
    }

    /// How the checkpoint's training saw a row: preprocessing, classes, target standardization.
    private var rowEncoding: RowEncoding {
        RowEncoding(
            task: checkpoint.task, loss: checkpoint.loss, standardizer: checkpoint.preprocessing,
            inputScale: checkpoint.inputScale, classes: ClassEncoding(classes: checkpoint.classes),
            targetMean: checkpoint.targetMean, targetStd: checkpoint.targetStd, trainedModel: true)
    }

    public func evaluate(dataPath: String, label: String? = nil) throws -> EvaluationReport {
        let stream: CSVStream
        do {
            stream = try open(dataPath, label: label.map(LabelColumn.init(parsing:)) ?? .name(checkpoint.labelColumn))
        } catch var error as DataError where label == nil && error.problems.count == 1 {
            // A file of rows without labels (the label the one column missing, with no near name): eval scores
            // labelled rows; predict is the command for these.
            let missingLabel = "label column \(doubleQuoted(checkpoint.labelColumn)) not found;"
            for i in error.problems.indices where error.problems[i].message.hasPrefix(missingLabel) {
                error.problems[i].message += "; eval scores rows against their labels (--label NAME names another column): "
                    + "for predictions on rows without labels, use tinynet predict"
            }
            throw error
        }
        var evaluation: Evaluation
        switch checkpoint.dtype {
        case .f32: evaluation = try evaluate(Float.self, stream)
        case .f64: evaluation = try evaluate(Double.self, stream)
        }
        if checkpoint.task == .regression {
            // Targets were standardized like the training targets: report errors in the target's own
            // units (R² is the same in both).
            let std = checkpoint.targetStd ?? 1
            evaluation.mse = evaluation.mse.map { $0 * std * std }
            evaluation.mae = evaluation.mae.map { $0 * std }
        }
        return EvaluationReport(evaluation: evaluation, task: checkpoint.task, classes: checkpoint.classes, ignoredColumns: stream.ignoredColumns)
    }

    private func evaluate<T: Scalar>(_: T.Type, _ stream: CSVStream) throws -> Evaluation {
        let network: Sequential<T> = try checkpoint.makeNetwork()
        BLASThreads.prepare(for: network, batchSize: stream.chunkRows)  // products of a chunk's rows
        let encoding = rowEncoding
        var table: CSVTable?
        do {
            return try TinyNet.evaluate(network, loss: makeLoss(checkpoint.loss), rejectingNonFinite: true, withConfusion: true) {
                table = try stream.nextChunk()?.table
                return try table.map { try encoding.dataset($0) }
            }
        } catch let error as NonFiniteOutputError {
            throw nonFiniteOutput(table!, row: error.row, dtype: DType(T.self))
        }
    }

    /// The error for a row whose outputs overflow: the features fit the dtype, but not what the network makes of them.
    private func nonFiniteOutput(_ table: CSVTable, row: Int, dtype: DType) -> DataError {
        DataError(
            file: table.path, line: row < table.rowLines.count ? table.rowLines[row] : nil,
            message: "the model's output for this row is not finite: its features overflow \(dtype.rawValue) inside the network "
                + "(features far outside the training range, or weights too large for \(dtype.rawValue)); check the row's values")
    }

    /// The header of `predict`'s output: `prediction`, then for classification `p_<class>` per class.
    var predictionHeader: [String] {
        checkpoint.task == .regression ? ["prediction"] : ["prediction"] + checkpoint.classes.map { "p_\($0)" }
    }

    /// Predictions for every row of `dataPath` as CSV text, handed to `write` a chunk of rows at a
    /// time after the header line. Returns the columns of the file the model does not use.
    public func predict(dataPath: String, write: (String) throws -> Void) throws -> [String] {
        let stream = try open(dataPath, label: .optionalName(checkpoint.labelColumn))
        try write(csvLine(predictionHeader))
        switch checkpoint.dtype {
        case .f32: try predict(Float.self, stream, write)
        case .f64: try predict(Double.self, stream, write)
        }
        return stream.ignoredColumns
    }

    private func predict<T: Scalar>(_: T.Type, _ stream: CSVStream, _ write: (String) throws -> Void) throws {
        let network: Sequential<T> = try checkpoint.makeNetwork()
        BLASThreads.prepare(for: network, batchSize: stream.chunkRows)
        var metBadRow = false
        while let chunk = try stream.nextChunk()?.table {
            // Rows after a bad one (kept by --max-errors above 1) are not written, so that the output
            // stays row for row with the file up to the first bad row; the reading goes on to report them all.
            if metBadRow { continue }
            var table = chunk
            if let bad = stream.problems.first {
                table = chunk.selectingRows(Array(0..<chunk.rowLines.prefix { $0 < (bad.line ?? 0) }.count))
                metBadRow = true
            }
            if table.rowCount > 0 { try writePredictions(for: table, by: network, write) }
        }
    }

    /// Writes the prediction lines of every row of `table`. A value beyond the dtype or an output that
    /// overflows stops the output there, as a bad field does: the rows before it are written, then the
    /// error names the row.
    private func writePredictions<T: Scalar>(
        for table: CSVTable, by network: Sequential<T>, _ write: (String) throws -> Void
    ) throws {
        let width = checkpoint.inputWidth, dtype = DType(T.self)
        let x = checkpoint.preprocessing.apply(table.features, scale: checkpoint.inputScale)
        let beyond = firstRowBeyond(x, width: width, dtype: dtype)
        // Rows in pieces whose outputs fit in maxEvaluationOutputs values (one piece unless there are
        // thousands of classes, whose probabilities would take gigabytes for a chunk of rows).
        let rowsPerPiece = rowsPerEvaluationPass(outputWidth: network.outputWidth)
        for lo in stride(from: 0, to: table.rowCount, by: rowsPerPiece) {
            let hi = min(lo + rowsPerPiece, table.rowCount)
            let values = hi - lo == table.rowCount ? x : Array(x[lo * width..<hi * width])
            let out: Matrix<Double> = predictOutputs(network, Matrix<T>(rows: hi - lo, cols: width, converting: values)).converted()
            let nonFinite = out.firstNonFiniteRow().map { lo + $0 }
            let unitsBeyond = firstPredictionBeyondDouble(out, rows: hi - lo).map { lo + $0 }
            let good = min(beyond ?? hi, nonFinite ?? hi, unitsBeyond ?? hi, hi)
            try write(predictionLines(out, rows: good - lo))
            guard good == hi else {
                if unitsBeyond == good, nonFinite != good {
                    throw DataError(file: table.path, line: good < table.rowLines.count ? table.rowLines[good] : nil,
                                    message: "the prediction for this row is beyond what a Double holds once the target's "
                                        + "standardization is undone (output × \(checkpoint.targetStd ?? 1) + \(checkpoint.targetMean ?? 0))")
                }
                if beyond == good {
                    try checkFits(x, names: table.featureNames, dtype: dtype, in: table,
                                  standardized: !checkpoint.preprocessing.isIdentity, inputScale: checkpoint.inputScale, trainedModel: true)
                }
                throw nonFiniteOutput(table, row: good, dtype: dtype)
            }
        }
    }
}

extension ModelRun {
    /// A regression model's first output (of `rows`) that is finite but not once in the target's units
    /// (output × std + mean overflows for targets near ±1.8e308): predict must not print it as inf.
    func firstPredictionBeyondDouble(_ out: Matrix<Double>, rows: Int) -> Int? {
        guard checkpoint.task == .regression, let mean = checkpoint.targetMean, let std = checkpoint.targetStd else { return nil }
        return (0..<rows).first { out[$0, 0].isFinite && !(out[$0, 0] * std + mean).isFinite }
    }

    /// The CSV lines of the first `rows` outputs: the value in the target's units (regression), or the class
    /// label (the largest logit, as eval scores it; the first on a tie) and the probabilities (classification).
    func predictionLines(_ out: Matrix<Double>, rows: Int) -> String {
        if checkpoint.task == .regression {
            // Every digit of the value (its shortest round-trip text, as pandas writes floats): a target
            // with a large offset (1000003.7 ± 2) would lose its signal to a fixed 6 digits.
            let (mean, std) = (checkpoint.targetMean ?? 0, checkpoint.targetStd ?? 1)
            return (0..<rows).map { "\(out[$0, 0] * std + mean)\n" }.joined()
        }
        let probabilities = classProbabilities(out, loss: checkpoint.loss)
        let labels = checkpoint.classes.map { Array(csvLine([$0]).utf8.dropLast()) }
        var line: [UInt8] = []
        for i in 0..<rows {
            let p = probabilities.row(i)
            line.append(contentsOf: labels[predictedClass(out, row: i)])
            for value in p {
                line.append(UInt8(ascii: ","))
                appendProbability(value, to: &line)
            }
            line.append(UInt8(ascii: "\n"))
        }
        return String(decoding: line, as: UTF8.self)
    }
}

/// One RFC 4180 line: fields with a comma, quote or newline are quoted.
func csvLine(_ fields: [String]) -> String {
    func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    return fields.map(field).joined(separator: ",") + "\n"
}
