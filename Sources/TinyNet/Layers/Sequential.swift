/// Modules applied in order, named like a PyTorch `nn.Sequential`: the
/// parameters of module i are "i.weight" and "i.bias".
public final class Sequential<T: Scalar> {
    public let layers: [any Layer<T>]

    public init(_ layers: [any Layer<T>]) {
        self.layers = layers
        for (i, layer) in layers.enumerated() {
            for p in layer.parameters { p.name = "\(i).\(p.name.split(separator: ".").last!)" }
        }
        // Nothing consumes the gradient with respect to the network's input.
        (layers.first as? Linear<T>)?.inputGradientNeeded = false
    }

    /// A network for `specs` (resolved: every Linear has a width) on `inputs`
    /// features, initialized by `initialization` (He/Xavier by default) from `rng`.
    public convenience init(
        specs: [LayerSpec], inputs: Int, initialization: Initialization = .heGlorot, using rng: inout SeededGenerator
    ) {
        var width = inputs
        var layers: [any Layer<T>] = []
        for (i, spec) in specs.enumerated() {
            switch spec {
            case .linear(let out?):
                let draw = initialization.forLinear(followedBy: i + 1 < specs.count ? specs[i + 1] : nil)
                layers.append(Linear<T>(inFeatures: width, outFeatures: out, draw: draw, using: &rng))
                width = out
            case .linear(nil): preconditionFailure("resolve the layer list before building a network")
            case .relu: layers.append(ReLU<T>())
            case .sigmoid: layers.append(Sigmoid<T>())
            case .tanh: layers.append(Tanh<T>())
            }
        }
        self.init(layers)
    }

    public var specs: [LayerSpec] { layers.map { $0.spec } }
    public var parameters: [Parameter<T>] { layers.flatMap { $0.parameters } }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
    public var inputWidth: Int { linears.first?.inFeatures ?? 0 }
    public var outputWidth: Int { linears.last?.outFeatures ?? 0 }
    public var linears: [Linear<T>] { layers.compactMap { $0 as? Linear<T> } }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        var h = x
        for layer in layers { h = layer.forward(h, training: training) }
        return h
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        var g = dy
        for layer in layers.reversed() { g = layer.backward(g) }
        return g
    }

    /// Sets every gradient to zero (the optimizer step also does this).
    public func zeroGradients() {
        for p in parameters { p.grad.fill(0) }
    }
}
