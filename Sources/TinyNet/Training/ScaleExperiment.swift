/// What scaling the inputs by s does to one batch's gradients: the same
/// initial weights and batch at every scale, in Double.
public struct ScaleMeasurement: Sendable {
    public struct LayerGradient: Sendable {
        public var name: String
        public var gradientNorm: Double
        /// gradientNorm divided by its value at scale 1; nil when that is 0 (a ratio to 0 is undefined).
        public var ratio: Double?
    }

    public var scale: Double
    public var layers: [LayerGradient]
    /// ‖dYᵀ·X_s‖ / ‖dYᵀ·X_1‖ for the first Linear layer, X_s its input at scale s, with the upstream
    /// gradient dY held at its scale-1 value; nil when the denominator is 0. It is exactly s when X_s = s·X_1
    /// (`firstLinearInputScales`), since dW = dYᵀ·X is linear in X.
    public var localRatio: Double?
}

/// True when the first Linear layer receives the scaled inputs times the scale, so that its local ratio is
/// the scale: every module before it is a ReLU, as relu(s·x) = s·relu(x) for s > 0. A tanh or sigmoid
/// there is not linear, and the ratio is whatever it makes of s.
public func firstLinearInputScales(_ specs: [LayerSpec]) -> Bool {
    modulesBeforeFirstLinear(specs).allSatisfy { $0 == .relu }
}

/// The modules before the first Linear layer (none in the usual model).
public func modulesBeforeFirstLinear(_ specs: [LayerSpec]) -> [LayerSpec] {
    Array(specs.prefix { !$0.isLinear })
}

/// Measures the gradient norms of every parameter for each scale; ratios are relative
/// to scale 1, measured first whether or not `scales` lists it. `x` is the batch before scaling.
public func measureInputScaling(
    specs: [LayerSpec], x: Matrix<Double>, target: Matrix<Double>, loss: any Loss<Double>,
    seed: UInt64, scales: [Double], initialization: Initialization = .heGlorot
) -> [ScaleMeasurement] {
    func gradientsAtScale(_ s: Double) -> (names: [String], norms: [Double], upstream: Matrix<Double>, firstInput: Matrix<Double>) {
        var rng = SeededGenerator(seed: seed)
        let network = Sequential<Double>(specs: specs, inputs: x.cols, initialization: initialization, using: &rng)
        let xs = Matrix<Double>(rows: x.rows, cols: x.cols, values: x.values.map { $0 * s })
        return gradients(network, xs, target, loss)
    }
    let base = gradientsAtScale(1)
    let baseLocal = matmul(base.upstream, base.firstInput, transposeA: true).norm()
    return scales.map { s in
        let (names, norms, _, firstInput) = gradientsAtScale(s)
        let local = matmul(base.upstream, firstInput, transposeA: true).norm()
        let layers = names.indices.map { i in
            ScaleMeasurement.LayerGradient(name: names[i], gradientNorm: norms[i], ratio: ratio(norms[i], base.norms[i]))
        }
        return ScaleMeasurement(scale: s, layers: layers, localRatio: ratio(local, baseLocal))
    }
}

/// a / b, or nil when b is 0: a gradient that is 0 at scale 1 has no ratio (0/0, or x/0).
private func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

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
