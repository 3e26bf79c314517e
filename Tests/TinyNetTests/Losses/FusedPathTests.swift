import Foundation
import Testing
@testable import TinyNet

/// The fused kernels against plain, unfused compositions of the same math, in Float64.
@Suite struct FusedPathTests {
    /// Softmax CE's fused gradient p − onehot(y) against softmax followed by the
    /// chain rule through its Jacobian: dz_j = Σ_k dL/dp_k · p_k (δ_kj − p_j).
    @Test func softmaxCrossEntropyGradientMatchesTheChainRule() {
        let z = randomMatrix(5, 4, seed: 41, scale: 3)
        let t = Matrix<Double>(rows: 5, cols: 1, values: [0, 3, 1, 2, 3])
        let fused = SoftmaxCrossEntropy<Double>().lossAndGradient(z, t).gradient.values
        var unfused: [Double] = []
        for i in 0..<5 {
            let row = z.row(i), m = row.max()!
            let e = row.map { exp($0 - m) }, p = e.map { $0 / e.reduce(0, +) }
            let y = Int(t[i, 0])
            let dLdp = p.indices.map { $0 == y ? -1 / p[$0] / 5 : 0 }  // L = mean of −log p_y
            unfused += p.indices.map { j in p.indices.reduce(0) { $0 + dLdp[$1] * p[$1] * (($1 == j ? 1 : 0) - p[j]) } }
        }
        #expect(relativeError(fused, unfused) < 1e-6)
    }

    /// The one-loop SGD update (weight decay, momentum, step, zeroing) against three separate passes.
    @Test(arguments: [false, true])
    func sgdUpdateMatchesSeparatePasses(nesterov: Bool) {
        let w = randomMatrix(1, 50, seed: 42).values, g = randomMatrix(1, 50, seed: 43).values
        let v0 = randomMatrix(1, 50, seed: 44).values
        let p = Parameter(name: "0.weight", shape: [50], value: Matrix(rows: 1, cols: 50, values: w))
        for i in 0..<50 { p.grad.pointer[i] = g[i]; p.velocity.pointer[i] = v0[i] }
        SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: nesterov).step()
        let decayed = zip(g, w).map { $0 + 0.01 * $1 }
        let v = zip(v0, decayed).map { 0.9 * $0 + $1 }
        let direction = nesterov ? zip(decayed, v).map { $0 + 0.9 * $1 } : v
        let expected = zip(w, direction).map { $0 - 0.1 * $1 }
        #expect(relativeError(p.value.values, expected) < 1e-12)
        #expect(relativeError(p.velocity.values, v) < 1e-12)
        #expect(p.grad.values.allSatisfy { $0 == 0 })
    }

    /// An epoch whose last batch is short (10 rows, batches of 4) against the same steps
    /// taken on freshly allocated matrices: the views of the reused buffers change nothing.
    @Test func lastShortBatchMatchesFreshMatrices() throws {
        let x = randomMatrix(10, 3, seed: 45), labels = (0..<10).map { $0 % 3 }
        let data = Dataset<Double>.classification(features: x.values, featureCount: 3, classes: labels, classCount: 3, loss: .softmaxCE)
        var options = TrainingOptions()
        (options.batchSize, options.epochs, options.momentum, options.seed) = (4, 1, 0.9, 5)
        var rng = SeededGenerator(seed: 9)
        let trained = Sequential<Double>(specs: [.linear(6), .tanh, .linear(3)], inputs: 3, using: &rng)
        rng = SeededGenerator(seed: 9)
        let reference = Sequential<Double>(specs: [.linear(6), .tanh, .linear(3)], inputs: 3, using: &rng)
        let trainer = Trainer(network: trained, loss: SoftmaxCrossEntropy<Double>(), options: options)
        var order = Array(0..<10)
        var shuffle = trainer.shuffleGenerator
        shuffle.shuffle(&order)
        try trainer.fit(data)

        let sgd = SGD(parameters: reference.parameters, learningRate: options.learningRate, momentum: 0.9)
        for batch in stride(from: 0, to: 10, by: 4).map({ Array(order[$0..<min($0 + 4, 10)]) }) {
            let xb = Matrix<Double>(rows: batch.count, cols: 3, values: batch.flatMap { x.row($0) })
            let tb = Matrix<Double>(rows: batch.count, cols: 1, values: batch.map { Double(labels[$0]) })
            let out = reference.forward(xb, training: true)
            _ = reference.backward(SoftmaxCrossEntropy<Double>().lossAndGradient(out, tb).gradient)
            sgd.step()
        }
        for (a, b) in zip(trained.parameters, reference.parameters) {
            #expect(relativeError(a.value.values, b.value.values) < 1e-12, "\(a.name)")
        }
    }
}
