import Foundation
import TinyNet
import TinyNetIO

/// The aligned table of `scale`.
struct ScaleTable {
    let report: ScaleReport

    var text: String {
        let names = report.measurements.first?.layers.map(\.name) ?? []
        var lines = [cell("scale", 8) + names.map { cell($0 + " ‖∇‖", 16) + cell("ratio", 10) }.joined() + cell("local ratio", 14)]
        for m in report.measurements {
            lines.append(cell(String(format: "%g", m.scale), 8)
                + m.layers.map { cell(significant($0.gradientNorm, 4), 16) + cell($0.ratio.map { significant($0, 4) } ?? "—", 10) }.joined()
                + cell(m.localRatio.map { significant($0, 6) } ?? "—", 14))
        }
        lines += notes
        guard !report.training.isEmpty else { return lines.joined(separator: "\n") }
        let compensated = report.training.contains { $0.compensatedLearningRate != nil }  // --compensate's two columns
        lines += ["", "training:",
                  cell("scale", 8) + cell("initial loss", 14) + cell("lr", 10) + cell("final loss", 14)
                  + (compensated ? cell("lr / scale", 14) + cell("final loss", 14) : "")]
        for t in report.training {
            var line = cell(String(format: "%g", t.scale), 8) + cell(loss(t.initialLoss), 14)
                + cell(String(format: "%g", t.learningRate), 10) + cell(loss(t.finalLoss), 14)
            if let c = t.compensatedLearningRate, let l = t.compensatedLoss {
                line += cell(String(format: "%g", c), 14) + cell(loss(l), 14)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// What the columns mean, and what the numbers cannot say: ratios left undefined, and a local ratio that is not
    /// the scale.
    private var notes: [String] {
        let names = report.measurements.first?.layers.map(\.name) ?? []
        let received = report.localRatioIsScale ? "k·X_1 here" : "see below"
        var notes = ["ratio: the gradient norm over its value at scale 1; local ratio: ‖dYᵀ·X_k‖ / ‖dYᵀ·X_1‖ for \(names.first ?? "the first weight"), "
            + "X_k being what it receives at scale k (\(received)), with the upstream gradient dY held at its scale-1 value (the multiply gate's "
            + "factor alone; the full ratio also carries how dY changed with the outputs)"]
        let undefined = names.indices.filter { i in report.measurements.contains { $0.layers[i].ratio == nil } }.map { names[$0] }
            + (report.measurements.contains { $0.localRatio == nil } ? ["local ratio"] : [])
        if !undefined.isEmpty {
            notes.append("— (\(undefined.joined(separator: ", "))): no ratio, as the gradient is 0 at scale 1 and a ratio to 0 is undefined "
                + "(inputs that are all 0, as constant features are once standardized, make dW = dYᵀ·X = 0; ReLUs that are all off stop every gradient behind them)")
        }
        let before = modulesBeforeFirstLinear(report.layers)
        if !report.localRatioIsScale {
            let received = before.reduce("k·X") { "\($1)(\($0))" }
            let bent = before.filter { $0 != .relu }.map(\.description)
            notes.append("the layers start with \(before.map(\.description).joined(separator: ", ")): the first Linear receives \(received), "
                + "not k times its scale-1 input, so its local ratio is not k: dW = dYᵀ·X is linear in what the Linear receives, "
                + "and \(bent.joined(separator: ", ")) is not linear (a ReLU would keep it k: relu(k·x) = k·relu(x))")
        }
        return notes
    }

    private func loss(_ x: Double) -> String { x.isFinite ? lossText(x) : "diverged" }

    /// `text` right-aligned in `width` characters, always after at least one space: a value wider than its
    /// column (a loss of 803842710.0493) must not run into the one before it.
    private func cell(_ text: String, _ width: Int) -> String { " " + leftPad(text, width - 1) }
}
