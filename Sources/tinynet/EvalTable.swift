import Foundation
import TinyNet
import TinyNetIO

/// The readable form of an evaluation: metrics, per-class table and confusion matrix (of up to
/// `maxPrintedClasses` classes: wider, it would not fit a terminal's lines).
struct EvalTable {
    let report: EvaluationReport
    static let maxPrintedClasses = 30

    var text: String {
        let e = report.evaluation
        var lines = ["samples  \(e.samples)", "loss     " + decimalsOrScientific(e.loss, digits: 6)]
        guard report.task == .classification, let counts = e.classCounts else {
            lines += [String(format: "mse      %.6g", e.mse ?? 0), String(format: "mae      %.6g", e.mae ?? 0),
                      "r2       " + decimalsOrScientific(e.r2 ?? 0, digits: 6)]
            return lines.joined(separator: "\n")
        }
        lines.append(String(format: "accuracy %.4f", e.accuracy ?? 0))
        let names = report.classes.map(tableCell)
        let w = max(8, (names.map(\.count).max() ?? 0) + 2)
        lines.append("")
        lines.append(pad("class", w) + "precision   recall       f1  support")
        for (i, m) in counts.metrics.enumerated() {
            lines.append(pad(names[i], w) + String(format: "%9.4f %8.4f %8.4f %8ld", m.precision, m.recall, m.f1, m.support))
        }
        lines.append("")
        guard let confusion = e.confusion, names.count <= Self.maxPrintedClasses else {
            lines.append("confusion matrix not shown: \(names.count) classes (shown up to \(Self.maxPrintedClasses); "
                + "eval --json has it up to \(Evaluation.maxConfusionClasses))")
            return lines.joined(separator: "\n")
        }
        lines.append("confusion matrix (rows = true class, columns = predicted)")
        let cell = max(6, (confusion.flatMap { $0 }.max() ?? 0).description.count + 2, (names.map(\.count).max() ?? 0) + 1)
        lines.append(pad("", w) + names.map { lpad($0, cell) }.joined())
        for (i, row) in confusion.enumerated() {
            lines.append(pad(names[i], w) + row.map { lpad("\($0)", cell) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ n: Int) -> String { rightPad(s, n) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : leftPad(s, n) }
}
