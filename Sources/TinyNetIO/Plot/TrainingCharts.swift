import Foundation
import TinyNet

/// The pictures of training and evaluation, as self-contained SVG documents.
public enum TrainingCharts {
    /// Loss curves (train and validation) in a first panel and accuracy (or
    /// validation R² for regression) in a second, against the epoch. Where the
    /// epoch number does not increase (a second run appended to the same log)
    /// the lines break. A history without accuracy or R² gets the loss panel only.
    public static func curves(title: String, history h: MetricsHistory) -> String {
        let epochs = h.columns["epoch"] ?? (0..<h.rowCount).map { Double($0 + 1) }
        var breaks = Set<Int>()
        for i in epochs.indices.dropFirst() where !(epochs[i] > epochs[i - 1]) { breaks.insert(i) }
        func series(_ column: String, _ name: String) -> ChartSeries? {
            guard let ys = h.columns[column] else { return nil }
            var xs: [Double] = [], values: [Double] = []
            for i in epochs.indices where i < ys.count {
                if breaks.contains(i) { xs.append(.nan); values.append(.nan) }
                xs.append(epochs[i])
                values.append(ys[i])
            }
            return ChartSeries(name: name, xs: xs, ys: values)
        }
        let losses = [series("train_loss", "train loss"), series("val_loss", "validation loss")].compactMap { $0 }
        var panels = [ChartPanel(title: "Loss", xLabel: "epoch", yLabel: "loss", integerX: true, series: losses)]
        let accuracy = [series("train_accuracy", "train accuracy"), series("val_accuracy", "validation accuracy")].compactMap { $0 }
        if !accuracy.isEmpty {
            panels.append(ChartPanel(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", integerX: true, series: accuracy))
        } else if let r2 = series("val_r2", "validation R²") {
            panels.append(ChartPanel(title: "R²", xLabel: "epoch", yLabel: "R²", integerX: true, series: [r2]))
        }
        return SVGChart.lines(title: title, panels: panels)
    }

    /// The confusion matrix (`confusion[true][predicted]`) as a heat map with the count in each cell.
    public static func confusionMatrix(title: String, classes: [String], confusion: [[Int]]) -> String {
        SVGChart.heatmap(
            title: title, rowLabels: classes, columnLabels: classes, values: confusion,
            rowTitle: "true class", columnTitle: "predicted class")
    }

    /// `tinynet scale --plot`: each parameter's gradient norm against the input scale, log-log.
    public static func gradientScaling(_ report: ScaleReport) -> String {
        let names = report.measurements.first?.layers.map(\.name) ?? []
        let series = names.indices.map { i in
            let norms = report.measurements.map { $0.layers[i].gradientNorm }
            // A log axis has no 0: a norm of 0 leaves no point, which the legend says rather than showing an empty line.
            let zeros = norms.filter { $0 == 0 }.count
            let note = zeros == 0 ? "" : zeros == norms.count ? " (0 at every scale: not drawn)" : " (0 at \(counted(zeros, "scale")): not drawn there)"
            return ChartSeries(name: names[i] + note, xs: report.measurements.map(\.scale), ys: norms)
        }
        let panel = ChartPanel(title: "Gradient norm against input scale", xLabel: "input scale k", yLabel: "‖∇‖",
                               logX: true, logY: true, series: series)
        return SVGChart.lines(title: "tinynet scale", panels: [panel])
    }

    /// Writes an SVG document atomically (a temporary file renamed into place);
    /// errors name the path and the system's reason.
    public static func write(_ svg: String, to path: String) throws {
        try AtomicFile.write(Array(svg.utf8), toPath: path)
    }
}
