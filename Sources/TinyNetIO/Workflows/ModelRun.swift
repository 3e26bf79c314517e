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

/// Predictions of a checkpoint: a `prediction` column, then for
/// classification one `p_<class>` column per class.
public struct Predictions: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var ignoredColumns: [String]

    /// RFC 4180 text: fields with a comma, quote or newline are quoted.
    public var csv: String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// Everything `eval` and `predict` do with a checkpoint, without printing.
public struct ModelRun {
    public let checkpoint: Checkpoint
    public var csvOptions = CSVOptions()

    public init(checkpointPath: String) throws {
        checkpoint = try Checkpoint.load(path: checkpointPath)
    }

    /// Reads `path` matching columns by name with the checkpoint's features.
    func read(_ path: String, label: LabelColumn) throws -> CSVTable {
        try CSVReader.read(path: path, label: label, featureColumns: checkpoint.featureNames, options: csvOptions)
    }

    func inputs(_ table: CSVTable) -> [Double] {
        checkpoint.preprocessing.apply(table.features, scale: checkpoint.inputScale)
    }

    /// Raw network outputs for preprocessed rows, in the checkpoint's dtype.
    func outputs(_ x: [Double], rows: Int) throws -> Matrix<Double> {
        switch checkpoint.dtype {
        case .f32:
            let network: Sequential<Float> = try checkpoint.makeNetwork()
            let input = Matrix<Float>(rows: rows, cols: checkpoint.inputWidth, values: x.map { Float($0) })
            return predictOutputs(network, input).converted()
        case .f64:
            let network: Sequential<Double> = try checkpoint.makeNetwork()
            return predictOutputs(network, Matrix(rows: rows, cols: checkpoint.inputWidth, values: x))
        }
    }

    public func evaluate(dataPath: String, label: String? = nil) throws -> EvaluationReport {
        let table = try read(dataPath, label: .name(label ?? checkpoint.labelColumn))
        let data = LabelledData(
            features: inputs(table), featureCount: checkpoint.inputWidth,
            classIndices: checkpoint.task == .classification ? try classIndices(of: table, encoding: ClassEncoding(classes: checkpoint.classes)) : [],
            targets: checkpoint.task == .regression ? try regressionTargets(of: table) : [])
        let out = try outputs(data.features, rows: table.rowCount)
        let evaluation: Evaluation
        if checkpoint.task == .classification {
            let dataset: Dataset<Double> = data.dataset(task: .classification, loss: checkpoint.loss, classCount: checkpoint.classes.count)
            evaluation = evaluateOutputs(out, on: dataset)
        } else {
            // Metrics in the target's own units: undo target standardization.
            let (mean, std) = (checkpoint.targetMean ?? 0, checkpoint.targetStd ?? 1)
            let predicted = Matrix<Double>(rows: out.rows, cols: 1, values: out.values.map { $0 * std + mean })
            let target = Matrix<Double>(rows: out.rows, cols: 1, values: data.targets)
            let (mse, mae, r2) = regressionMetrics(predicted: predicted, target: target)
            evaluation = Evaluation(samples: table.rowCount, loss: mse / (std * std), mse: mse, mae: mae, r2: r2)
        }
        return EvaluationReport(evaluation: evaluation, task: checkpoint.task, classes: checkpoint.classes, ignoredColumns: table.ignoredColumns)
    }

    private func evaluateOutputs(_ out: Matrix<Double>, on data: Dataset<Double>) -> Evaluation {
        let loss: any Loss<Double> = makeLoss(checkpoint.loss)
        return evaluation(outputs: out, loss: loss, on: data)
    }

    public func predict(dataPath: String) throws -> Predictions {
        let table = try read(dataPath, label: .optionalName(checkpoint.labelColumn))
        let out = try outputs(inputs(table), rows: table.rowCount)
        var rows: [[String]] = []
        rows.reserveCapacity(out.rows)
        if checkpoint.task == .regression {
            let (mean, std) = (checkpoint.targetMean ?? 0, checkpoint.targetStd ?? 1)
            for i in 0..<out.rows { rows.append([formatNumber(out[i, 0] * std + mean)]) }
            return Predictions(header: ["prediction"], rows: rows, ignoredColumns: table.ignoredColumns)
        }
        let probabilities = classProbabilities(out, loss: checkpoint.loss)
        for i in 0..<out.rows {
            let p = probabilities.row(i)
            let best = p.indices.max { p[$0] < p[$1] }!
            rows.append([checkpoint.classes[best]] + p.map(formatNumber))
        }
        return Predictions(header: ["prediction"] + checkpoint.classes.map { "p_\($0)" }, rows: rows, ignoredColumns: table.ignoredColumns)
    }
}

func formatNumber(_ x: Double) -> String {
    String(format: "%.6g", x)
}
