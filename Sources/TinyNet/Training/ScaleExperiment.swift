/// What scaling the inputs by s does to one batch's gradients: the same
/// initial weights and batch at every scale, in Double.
public struct ScaleMeasurement: Sendable {
    public struct LayerGradient: Sendable {
        public var name: String
        public var gradientNorm: Double
        /// gradientNorm divided by its value at scale 1.
        public var ratio: Double
    }

    public var scale: Double
    public var layers: [LayerGradient]
    /// ‖dYᵀ·(s·X)‖ / ‖dYᵀ·X‖ for the first Linear layer with the upstream
    /// gradient dY held at its scale-1 value: exactly s, since dW = dYᵀ·X is linear in X.
    public var localRatio: Double
}

/// Measures the gradient norms of every parameter for each scale; ratios are relative
/// to scale 1, measured first whether or not `scales` lists it. `x` is the batch before scaling.
public func measureInputScaling(
    specs: [LayerSpec], x: Matrix<Double>, target: Matrix<Double>, loss: any Loss<Double>,
    seed: UInt64, scales: [Double]
) -> [ScaleMeasurement] {
    func gradientsAtScale(_ s: Double) -> (names: [String], norms: [Double], upstream: Matrix<Double>, firstInput: Matrix<Double>) {
        var rng = SeededGenerator(seed: seed)
        let network = Sequential<Double>(specs: specs, inputs: x.cols, using: &rng)
        let xs = Matrix<Double>(rows: x.rows, cols: x.cols, values: x.values.map { $0 * s })
        return gradients(network, xs, target, loss)
    }
    let base = gradientsAtScale(1)
    let baseLocal = matmul(base.upstream, base.firstInput, transposeA: true).norm()
    return scales.map { s in
        let (names, norms, _, firstInput) = gradientsAtScale(s)
        let local = matmul(base.upstream, firstInput, transposeA: true).norm() / max(baseLocal, 1e-300)
        let layers = names.indices.map { i in
            ScaleMeasurement.LayerGradient(name: names[i], gradientNorm: norms[i], ratio: norms[i] / max(base.norms[i], 1e-300))
        }
        return ScaleMeasurement(scale: s, layers: layers, localRatio: local)
    }
}

/// One forward/backward pass; returns every parameter's gradient norm, the
/// upstream gradient reaching the first Linear layer and that layer's input.
private func gradients(
    _ network: Sequential<Double>, _ x: Matrix<Double>, _ target: Matrix<Double>, _ loss: any Loss<Double>
) -> (names: [String], norms: [Double], upstream: Matrix<Double>, firstInput: Matrix<Double>) {
    let first = network.layers.firstIndex { $0 is Linear<Double> } ?? 0
    var h = x, firstInput = x
    for (i, layer) in network.layers.enumerated() {
        if i == first { firstInput = h.copy() }
        h = layer.forward(h, training: true)
    }
    var g = loss.lossAndGradient(h, target).gradient
    var upstream = g
    for (i, layer) in network.layers.enumerated().reversed() {
        if i == first { upstream = g.copy() }
        g = layer.backward(g)
    }
    let parameters = network.parameters
    return (parameters.map(\.name), parameters.map { $0.grad.norm() }, upstream, firstInput)
}
