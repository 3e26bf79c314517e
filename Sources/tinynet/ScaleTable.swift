import Foundation
import TinyNet
import TinyNetIO

/// The aligned table of `scale`.
struct ScaleTable {
    let report: ScaleReport

    var text: String {
        let names = report.measurements.first?.layers.map(\.name) ?? []
        var lines = [leftPad("scale", 8) + names.map { leftPad($0 + " ‖∇‖", 16) + leftPad("ratio", 10) }.joined() + leftPad("local ratio", 14)]
        for m in report.measurements {
            lines.append(leftPad(String(format: "%g", m.scale), 8)
                + m.layers.map { leftPad(significant($0.gradientNorm, 4), 16) + leftPad($0.ratio.map { significant($0, 4) } ?? "—", 10) }.joined()
                + leftPad(m.localRatio.map { significant($0, 6) } ?? "—", 14))
        }
        lines += notes
        guard !report.training.isEmpty else { return lines.joined(separator: "\n") }
        let compensated = report.training.contains { $0.compensatedLearningRate != nil }  // --compensate's two columns
        lines += ["", "training:",
                  leftPad("scale", 8) + leftPad("initial loss", 14) + leftPad("lr", 10) + leftPad("final loss", 14)
                  + (compensated ? leftPad("lr / scale", 14) + leftPad("final loss", 14) : "")]
        for t in report.training {
            var line = leftPad(String(format: "%g", t.scale), 8) + leftPad(loss(t.initialLoss), 14)
                + leftPad(String(format: "%g", t.learningRate), 10) + leftPad(loss(t.finalLoss), 14)
            if let c = t.compensatedLearningRate, let l = t.compensatedLoss {
                line += leftPad(String(format: "%g", c), 14) + leftPad(loss(l), 14)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// What the numbers cannot say: ratios left undefined, and a local ratio that is not the scale.
    private var notes: [String] {
        var notes: [String] = []
        let names = report.measurements.first?.layers.map(\.name) ?? []
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

    private func loss(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "diverged" }
}
