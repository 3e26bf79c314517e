/// One parameter at the end of an epoch.
public struct ParameterStatistics: Sendable, Equatable {
    public var name: String
    /// ‖W‖ after the last step.
    public var norm: Double
    /// ‖dW‖ of the last batch.
    public var gradientNorm: Double
    /// ‖ΔW‖ / ‖W‖ of the last step (healthy is around 1e-3).
    public var updateRatio: Double
}

/// One activation layer over an epoch.
public struct ActivationStatistics: Sendable, Equatable {
    public var name: String   // "1.relu"
    /// ReLU: the fraction of units never active during the epoch (dead).
    /// Sigmoid: outputs with |y − 0.5| > 0.49; Tanh: |y| > 0.99 (saturated).
    public var fraction: Double
    public var kind: Kind

    public enum Kind: String, Sendable { case dead, saturated }
}

public struct EpochStatistics: Sendable, Equatable {
    public var parameters: [ParameterStatistics]
    public var activations: [ActivationStatistics]
}

/// Collects `EpochStatistics` while a `Trainer` runs: activations after every
/// forward pass, gradients and the update of the last batch of each epoch.
public final class LayerStatistics<T: Scalar> {
    private var network: Sequential<T>?
    private var everActive: [[Bool]] = []   // per layer, per unit of a ReLU (sized at its first batch)
    private var saturated: [Int] = []       // per layer: saturated outputs seen
    private var seen: [Int] = []            // per layer: outputs seen
    private var gradientNorms: [Double] = []
    private var before: [[T]] = []          // weights before the last step
    private var parameterStats: [ParameterStatistics] = []

    public init() {}

    func attach(to network: Sequential<T>) { self.network = network }

    func startEpoch() {
        guard let network else { return }
        everActive = Array(repeating: [], count: network.layers.count)
        saturated = Array(repeating: 0, count: network.layers.count)
        seen = saturated
        parameterStats = []
    }

    /// After backward: count activations; on the last batch, keep gradient norms and weights.
    func observeBatch(isLast: Bool) {
        guard let network else { return }
        for (i, layer) in network.layers.enumerated() {
            if let relu = layer as? ReLU<T>, let x = relu.cachedInput {
                if everActive[i].isEmpty { everActive[i] = Array(repeating: false, count: x.cols) }
                // active where y = max(0, x) > 0, that is where x > 0
                for r in 0..<x.rows { for c in 0..<x.cols where x[r, c] > 0 { everActive[i][c] = true } }
            } else if let y = (layer as? Sigmoid<T>)?.cachedOutput {
                count(y, layer: i) { Swift.abs($0 - 0.5) > 0.49 }
            } else if let y = (layer as? Tanh<T>)?.cachedOutput {
                count(y, layer: i) { Swift.abs($0) > 0.99 }
            }
        }
        if isLast {
            gradientNorms = network.parameters.map { $0.grad.norm() }
            before = network.parameters.map { $0.value.values }
        }
    }

    private func count(_ y: Matrix<T>, layer i: Int, where saturatedOutput: (T) -> Bool) {
        var n = 0
        for k in 0..<y.count where saturatedOutput(y.pointer[k]) { n += 1 }
        saturated[i] += n
        seen[i] += y.count
    }

    /// After the last step: ‖ΔW‖ / ‖W‖.
    func observeStep() {
        guard let network else { return }
        parameterStats = zip(network.parameters, zip(before, gradientNorms)).map { p, pair in
            let (old, g) = pair
            var delta = 0.0
            for k in 0..<p.count { let d = Double(p.value.pointer[k] - old[k]); delta += d * d }
            let norm = p.value.norm()
            return ParameterStatistics(name: p.name, norm: norm, gradientNorm: g, updateRatio: norm > 0 ? delta.squareRoot() / norm : 0)
        }
    }

    func finishEpoch() -> EpochStatistics {
        guard let network else { return EpochStatistics(parameters: [], activations: []) }
        var activations: [ActivationStatistics] = []
        for (i, layer) in network.layers.enumerated() {
            let name = "\(i).\(layer.spec)"
            if layer is ReLU<T>, !everActive[i].isEmpty {
                let dead = everActive[i].filter { !$0 }.count
                activations.append(ActivationStatistics(name: name, fraction: Double(dead) / Double(everActive[i].count), kind: .dead))
            } else if layer is Sigmoid<T> || layer is Tanh<T> {
                activations.append(ActivationStatistics(name: name, fraction: seen[i] > 0 ? Double(saturated[i]) / Double(seen[i]) : 0, kind: .saturated))
            }
        }
        return EpochStatistics(parameters: parameterStats, activations: activations)
    }
}
