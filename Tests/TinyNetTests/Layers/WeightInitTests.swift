import Testing
@testable import TinyNet

/// The starting weights: He/Glorot (the design's rule, the default) and PyTorch's nn.Linear default.
@Suite struct WeightInitTests {
    /// 400 → 300 (feeding ReLU) → 200: 120 000 and 60 000 weights, enough for the spread to be within 2%.
    let specs: [LayerSpec] = [.linear(300), .relu, .linear(200)]

    func network(_ initialization: Initialization, seed: UInt64 = 7) -> Sequential<Double> {
        var rng = SeededGenerator(seed: seed)
        return Sequential<Double>(specs: specs, inputs: 400, initialization: initialization, using: &rng)
    }

    func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func heBeforeReLUGlorotOtherwiseZeroBiases() {
        let (first, last) = (network(.heGlorot).linears[0], network(.heGlorot).linears[1])
        // He normal: std √(2 / fan_in).
        let he = meanAndStd(first.weight.value.values)
        #expect(abs(he.std / (2.0 / 400).squareRoot() - 1) < 0.02, "\(he)")
        #expect(abs(he.mean) < 0.02 * he.std)
        // Glorot uniform: |w| ≤ a = √(6 / (fan_in + fan_out)), std a / √3.
        let a = (6.0 / (300 + 200)).squareRoot()
        #expect(last.weight.value.values.allSatisfy { abs($0) <= a })
        #expect(abs(meanAndStd(last.weight.value.values).std / (a / 3.0.squareRoot()) - 1) < 0.02)
        #expect(first.bias.value.values.allSatisfy { $0 == 0 } && last.bias.value.values.allSatisfy { $0 == 0 })
    }

    @Test func torchDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        for (linear, fanIn) in zip(network(.torch).linears, [400.0, 300.0]) {
            let bound = 1 / fanIn.squareRoot()
            let w = linear.weight.value.values, b = linear.bias.value.values
            #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound })
            // U(−a, a) has std a / √3: PyTorch's kaiming_uniform_(a = √5) is 1/√(3·fan_in).
            #expect(abs(meanAndStd(w).std / (bound / 3.0.squareRoot()) - 1) < 0.02)
            // 300 and 200 biases: the spread is a loose check, but they are drawn (not zero) and spread out.
            #expect(abs(meanAndStd(b).std / (bound / 3.0.squareRoot()) - 1) < 0.2)
        }
    }

    @Test func theDefaultIsHeGlorotAndASeedRepeatsTheDraw() {
        var rng = SeededGenerator(seed: 7)
        let byDefault = Sequential<Double>(specs: specs, inputs: 400, using: &rng)
        for (p, q) in zip(byDefault.parameters, network(.heGlorot).parameters) { #expect(p.value.values == q.value.values) }
        for (p, q) in zip(network(.torch).parameters, network(.torch).parameters) { #expect(p.value.values == q.value.values) }
        #expect(network(.torch, seed: 8).parameters[0].value.values != network(.torch).parameters[0].value.values)
    }
}
