import Testing
@testable import TinyNet

/// Every layer's backward against central differences, in Double, with an
/// arbitrary upstream gradient (a random linear probe on the output).
@Suite struct LayerGradientTests {
    static let batchSizes = [1, 5]

    func makeLayer(_ name: String, inputs: Int, seed: UInt64) -> any Layer<Double> {
        var rng = SeededGenerator(seed: seed)
        switch name {
        case "linear": return Linear<Double>(inFeatures: inputs, outFeatures: 3, draw: .xavier, using: &rng)
        case "relu": return ReLU<Double>()
        case "sigmoid": return Sigmoid<Double>()
        default: return Tanh<Double>()
        }
    }

    @Test(arguments: ["linear", "relu", "sigmoid", "tanh"], batchSizes)
    func inputGradientMatchesCentralDifference(layer name: String, batch: Int) {
        let layer = makeLayer(name, inputs: 4, seed: 1)
        // Keep ReLU inputs away from the kink so the difference is smooth.
        let x = randomMatrix(batch, 4, seed: 2, scale: 2)
        if name == "relu" { for i in 0..<x.count where abs(x.pointer[i]) < 0.1 { x.pointer[i] = 0.5 } }
        let y = layer.forward(x, training: true)
        let probe = Probe(rows: y.rows, cols: y.cols, seed: 3)
        let dx = layer.backward(probe.weights).values
        let numeric = numericGradient(of: x) { probe.value(layer.forward(x, training: true)) }
        #expect(relativeError(dx, numeric) < 1e-6, "\(name) dx, batch \(batch)")
    }

    /// db += Σ_rows dY (a product with a row of 1s) accumulates over backward passes of changing batch sizes,
    /// as an epoch's short last batch and the next epoch's full one give.
    @Test func linearBiasGradientSumsTheRowsWhateverTheBatch() {
        let layer = makeLayer("linear", inputs: 4, seed: 4) as! Linear<Double>
        var expected = [0.0, 0, 0]
        for (batch, seed) in [(2, 7), (5, 8), (3, 9)] as [(Int, UInt64)] {  // the row of 1s grows, then shrinks
            _ = layer.forward(randomMatrix(batch, 4, seed: seed), training: true)
            let dy = randomMatrix(batch, 3, seed: seed + 10)
            _ = layer.backward(dy)
            for r in 0..<batch { for c in 0..<3 { expected[c] += dy[r, c] } }
        }
        #expect(zip(layer.bias.grad.values, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(layer.bias.grad.values) vs \(expected)")
    }

    @Test(arguments: batchSizes)
    func linearParameterGradientsMatchCentralDifference(batch: Int) {
        let layer = makeLayer("linear", inputs: 4, seed: 4) as! Linear<Double>
        let x = randomMatrix(batch, 4, seed: 5)
        let probe = Probe(rows: batch, cols: 3, seed: 6)
        _ = layer.forward(x, training: true)
        _ = layer.backward(probe.weights)
        for p in layer.parameters {
            let numeric = numericGradient(of: p.value) { probe.value(layer.forward(x, training: true)) }
            #expect(relativeError(p.grad.values, numeric) < 1e-6, "\(p.name), batch \(batch)")
        }
    }

    /// A value used twice: y feeds two terms, L = L1(y) + L2(y). Two backward
    /// calls must add their parameter gradients (+=), giving dL/dW of the sum.
    @Test func gradientsAccumulateAtForks() {
        var rng = SeededGenerator(seed: 7)
        let layer = Linear<Double>(inFeatures: 3, outFeatures: 2, draw: .xavier, using: &rng)
        let x = randomMatrix(4, 3, seed: 8)
        let first = Probe(rows: 4, cols: 2, seed: 9), second = Probe(rows: 4, cols: 2, seed: 10)
        _ = layer.forward(x, training: true)
        _ = layer.backward(first.weights)
        _ = layer.backward(second.weights)
        let numeric = numericGradient(of: layer.weight.value) {
            let y = layer.forward(x, training: true)
            return first.value(y) + second.value(y)
        }
        #expect(relativeError(layer.weight.grad.values, numeric) < 1e-6)
    }

    @Test func twoBackwardCallsDoubleTheGradient() {
        var rng = SeededGenerator(seed: 11)
        let layer = Linear<Double>(inFeatures: 3, outFeatures: 2, draw: .he, using: &rng)
        let x = randomMatrix(4, 3, seed: 12)
        let dy = randomMatrix(4, 2, seed: 13)
        _ = layer.forward(x, training: true)
        _ = layer.backward(dy)
        let once = layer.weight.grad.values
        _ = layer.backward(dy)
        #expect(maxAbsDifference(layer.weight.grad.values, once.map { 2 * $0 }) < 1e-12)
    }

    /// ReLU has no derivative at 0; its backward takes 0 there, as PyTorch's does (an all-zero standardized row
    /// meets zero initial biases exactly at the kink), in both precisions.
    @Test func reluPassesNoGradientAtItsKink() {
        let double = ReLU<Double>()
        _ = double.forward(Matrix([[-1, 0, 2, -0.0]]), training: true)
        #expect(double.backward(Matrix([[5, 5, 5, 5]])).values == [0, 0, 5, 0])
        let float = ReLU<Float>()
        _ = float.forward(Matrix([[0, 1e-30, -1e-30]]), training: true)
        #expect(float.backward(Matrix([[3, 3, 3]])).values == [0, 3, 0])
    }

    @Test func sigmoidIsStableForLargeInputs() {
        let layer = Sigmoid<Double>()
        let y = layer.forward(Matrix([[-1000, 1000, 0]]), training: true)
        #expect(y.values == [0, 1, 0.5])
        let f = Sigmoid<Float>().forward(Matrix([[-100, 100]]), training: true)
        #expect(f.values.allSatisfy { $0.isFinite })
    }
}
