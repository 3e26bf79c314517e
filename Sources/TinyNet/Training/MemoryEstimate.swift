/// About how many bytes training these resolved layers takes: every Linear's
/// weight and bias five times over (value, gradient, momentum buffer, and both
/// again in the checkpoint's bytes while it is written), and for every module
/// its output and the gradient it passes back, for the larger of a training
/// batch and an evaluation chunk (`evaluationChunkRows`):
///   bytes ≈ scalar · (5 · Σ out·(in + 1) + 2 · rows · Σ width_out).
/// Counted in Double, so an absurd width cannot overflow.
public func trainingMemoryEstimate(_ specs: [LayerSpec], inputs: Int, batchRows: Int, scalarBytes: Int)
    -> (parameters: Double, bytes: Double)
{
    var width = Double(inputs), widest = Double(inputs), parameters = 0.0, widths = 0.0
    for spec in specs {
        if case .linear(let n?) = spec {
            parameters += Double(n) * (width + 1)
            width = Double(n)
            widest = max(widest, width)
        }
        widths += width
    }
    let chunk = Double(evaluationChunkRows(widestLayer: Int(min(widest, Double(Int.max / 2)))))
    let rows = max(Double(batchRows), chunk)
    return (parameters, (5 * parameters + 2 * rows * widths) * Double(scalarBytes))
}
