import Testing
@testable import TinyNet

/// A Linear layer whose backward has a sign error in dW: gradcheck must catch it.
final class SignErrorLinear: Layer {
    let inner: Linear<Double>
    init(_ inner: Linear<Double>) { self.inner = inner }
    var spec: LayerSpec { inner.spec }
    var parameters: [Parameter<Double>] { inner.parameters }
    func forward(_ x: Matrix<Double>, training: Bool) -> Matrix<Double> { inner.forward(x, training: training) }
    func backward(_ dy: Matrix<Double>) -> Matrix<Double> {
        let before = inner.weight.grad.values
        let dx = inner.backward(dy)
        // The bug: dW −= dYᵀ·X instead of +=.
        for i in 0..<inner.weight.grad.count { inner.weight.grad.pointer[i] = 2 * before[i] - inner.weight.grad.pointer[i] }
        return dx
    }
}

@Suite struct InstrumentTests {
    func batch(rows: Int = 6, inputs: Int = 4, classes: Int = 3, for kind: LossKind) -> (Matrix<Double>, Matrix<Double>) {
        let x = randomMatrix(rows, inputs, seed: 31, scale: 1.5)
        switch kind {
        case .softmaxCE: return (x, Matrix(rows: rows, cols: 1, values: (0..<rows).map { Double($0 % classes) }))
        case .mse: return (x, randomMatrix(rows, classes, seed: 32))
        case .bce: return (x, Matrix(rows: rows, cols: classes, values: (0..<(rows * classes)).map { Double(($0 * 7) % 2) }))
        }
    }

    @Test(arguments: [LayerSpec.relu, .sigmoid, .tanh], LossKind.allCases)
    func gradcheckPassesForEveryActivationAndLoss(activation: LayerSpec, loss: LossKind) {
        var rng = SeededGenerator(seed: 3)
        let network = Sequential<Double>(specs: [.linear(5), activation, .linear(4), activation, .linear(3)], inputs: 4, using: &rng)
        let (x, t) = batch(for: loss)
        let checks = gradientCheck(network, loss: makeLoss(loss), x: x, target: t)
        #expect(checks.count == 6)
        for c in checks { #expect(c.relativeError < 1e-6, "\(activation) \(loss) \(c.name): \(c.relativeError)") }
    }

    @Test func gradcheckFailsOnAWrongBackward() {
        var rng = SeededGenerator(seed: 4)
        let broken = SignErrorLinear(Linear<Double>(inFeatures: 4, outFeatures: 3, draw: .xavier, using: &rng))
        let network = Sequential<Double>([broken])
        let (x, t) = batch(for: .softmaxCE)
        let checks = gradientCheck(network, loss: SoftmaxCrossEntropy<Double>(), x: x, target: t)
        #expect(checks.first { $0.name == "0.weight" }!.relativeError > 0.5)
        #expect(checks.first { $0.name == "0.bias" }!.relativeError < 1e-6)
        #expect(!checks[0].differsOnlyByRounding, "a wrong gradient is far above rounding: \(checks[0])")
    }

    /// A raw regression target around 3e5 makes a loss near 1e11, whose rounding error ε·|L|/h swamps a
    /// correct gradient at h = 1e-5: the failures are told to be rounding, and a larger step passes.
    @Test func aHugeLossFailsOnlyByRounding() {
        let x = randomMatrix(8, 3, seed: 7)
        let t = Matrix<Double>(rows: 8, cols: 1, values: (0..<8).map { 3e5 + 1e4 * Double($0) })
        func check(_ h: Double) -> [ParameterCheck] {
            var rng = SeededGenerator(seed: 2)
            let network = Sequential<Double>(specs: [.linear(16), .relu, .linear(1)], inputs: 3, using: &rng)
            return gradientCheck(network, loss: MeanSquaredError<Double>(), x: x, target: t, step: h)
        }
        let fine = check(1e-5)
        #expect(fine.contains { $0.relativeError >= 1e-6 }, "\(fine)")
        let loss = t.values.map { $0 * $0 }.reduce(0, +) / 8  // the outputs are near 0 beside the targets
        for c in fine {
            #expect(c.differsOnlyByRounding, "\(c)")
            #expect(c.roundingLevel > 0.5 * Double.ulpOfOne * loss / 1e-5 && c.roundingLevel < 2 * Double.ulpOfOne * loss / 1e-5, "\(c)")
        }
        #expect(check(1e-3).allSatisfy { $0.relativeError < 1e-6 })
    }

    /// The sparse check: a sample of each large tensor, still catching the wrong backward.
    @Test func gradcheckOnASampleOfCoordinates() {
        var rng = SeededGenerator(seed: 4)
        let broken = SignErrorLinear(Linear<Double>(inFeatures: 4, outFeatures: 3, draw: .xavier, using: &rng))
        let (x, t) = batch(for: .softmaxCE)
        let checks = gradientCheck(Sequential<Double>([broken]), loss: SoftmaxCrossEntropy<Double>(), x: x, target: t, coordinates: 5)
        #expect(checks.map(\.checkedCoordinates) == [5, 3], "12 weights sampled to 5; 3 biases, fewer than 5, all checked")
        #expect(checks[0].relativeError > 0.5 && checks[1].relativeError < 1e-6)

        var again = SeededGenerator(seed: 9), other = SeededGenerator(seed: 9)
        let sample = sampledCoordinates(1000, limit: 40, using: &again)
        #expect(sample == sampledCoordinates(1000, limit: 40, using: &other), "seeded")
        #expect(Set(sample).count == 40 && sample == sample.sorted() && sample.allSatisfy { (0..<1000).contains($0) })
        #expect(sampledCoordinates(7, limit: 40, using: &again) == Array(0..<7))
    }

    /// Progress is heard once per coordinate checked, counting up to the total over every tensor.
    @Test(arguments: [nil, 5])
    func gradcheckReportsEveryCoordinate(coordinates: Int?) {
        var rng = SeededGenerator(seed: 5)
        let network = Sequential<Double>(specs: [.linear(6), .tanh, .linear(3)], inputs: 4, using: &rng)
        let (x, t) = batch(for: .softmaxCE)
        var heard: [GradientCheckProgress] = []
        let checks = gradientCheck(network, loss: SoftmaxCrossEntropy<Double>(), x: x, target: t, coordinates: coordinates) {
            heard.append($0)
        }
        let total = checks.reduce(0) { $0 + $1.checkedCoordinates }
        #expect(total == (coordinates == nil ? 24 + 6 + 18 + 3 : 5 + 5 + 5 + 3))
        #expect(heard.map(\.done) == Array(1...total) && heard.allSatisfy { $0.total == total })
        // Each tensor's coordinates are heard under its name, in the order of the parameters.
        let names = checks.flatMap { Array(repeating: $0.name, count: $0.checkedCoordinates) }
        #expect(heard.map(\.parameter) == names)
    }

    @Test(arguments: [LayerSpec.relu, .sigmoid])
    func localRatioEqualsTheScale(activation: LayerSpec) {
        let (x, t) = batch(rows: 16, for: .softmaxCE)
        let results = measureInputScaling(
            specs: [.linear(8), activation, .linear(3)], x: x, target: t, loss: SoftmaxCrossEntropy<Double>(),
            seed: 1, scales: [1, 10, 1000])
        for r in results {
            #expect(abs((r.localRatio ?? 0) - r.scale) / r.scale < 1e-6, "\(activation): local ratio \(String(describing: r.localRatio)) at scale \(r.scale)")
        }
        // The full first-layer ratio is not exactly the scale: the upstream gradient changes too.
        #expect(results[0].layers[0].ratio == 1)
    }

    /// The first Linear's local ratio is k only when it receives k·X: behind a ReLU it still does
    /// (relu(k·x) = k·relu(x)), behind a tanh it receives tanh(k·X), and the ratio is what that makes of k.
    @Test func localRatioIsTheScaleOnlyWhenTheFirstLinearReceivesScaledInputs() {
        let (x, t) = batch(rows: 16, for: .softmaxCE)
        for (specs, isScale) in [([LayerSpec.relu, .linear(8), .relu, .linear(3)], true), ([.tanh, .linear(8), .relu, .linear(3)], false)] {
            #expect(firstLinearInputScales(specs) == isScale)
            let results = measureInputScaling(specs: specs, x: x, target: t, loss: SoftmaxCrossEntropy<Double>(), seed: 1, scales: [10])
            let local = results[0].localRatio ?? .nan
            #expect((abs(local - 10) < 1e-9) == isScale, "\(specs): \(local)")
        }
        #expect(firstLinearInputScales([.linear(8), .tanh, .linear(3)]) && !firstLinearInputScales([.relu, .sigmoid, .linear(3)]))
        #expect(modulesBeforeFirstLinear([.relu, .sigmoid, .linear(3), .tanh]) == [.relu, .sigmoid])
    }

    /// A gradient that is 0 at scale 1 has no ratio (0/0 or x/0), rather than a ratio of 0: inputs of
    /// zeros give a first-layer weight gradient of 0 at every scale, and a local ratio of 0/0.
    @Test func aRatioToAZeroGradientIsUndefined() {
        let x = Matrix<Double>(rows: 4, cols: 3), t = Matrix<Double>(rows: 4, cols: 1, values: [0, 1, 2, 0])
        let results = measureInputScaling(specs: [.linear(8), .relu, .linear(3)], x: x, target: t, loss: SoftmaxCrossEntropy<Double>(),
                                          seed: 1, scales: [1, 10])
        for r in results {
            #expect(r.layers[0].gradientNorm == 0 && r.layers[0].ratio == nil && r.localRatio == nil, "\(r)")
            #expect(r.layers[3].ratio != nil, "the output bias still learns the class frequencies")
        }
    }

    @Test func ratiosAreRelativeToScaleOneWhereverItIsListedOrIfNot() {
        let (x, t) = batch(rows: 16, for: .softmaxCE)
        func measure(_ scales: [Double]) -> [ScaleMeasurement] {
            measureInputScaling(specs: [.linear(8), .relu, .linear(3)], x: x, target: t,
                                loss: SoftmaxCrossEntropy<Double>(), seed: 1, scales: scales)
        }
        let listed = measure([10, 1, 100]), unlisted = measure([2, 4])
        #expect(listed.map { (($0.localRatio ?? 0) * 1e6).rounded() / 1e6 } == [10, 1, 100])
        #expect(listed[1].layers.allSatisfy { $0.ratio == 1 }, "scale 1 is the reference even when listed second")
        #expect(unlisted.map { (($0.localRatio ?? 0) * 1e6).rounded() / 1e6 } == [2, 4])
        let reference = measure([1, 2])
        #expect(unlisted[0].layers.map(\.ratio) == reference[1].layers.map(\.ratio))
    }

    @Test func reluKinksAreCounted() {
        var rng = SeededGenerator(seed: 5)
        let network = Sequential<Double>(specs: [.linear(6), .relu, .linear(2)], inputs: 3, using: &rng)
        let x = randomMatrix(4, 3, seed: 6)
        // Put one hidden unit's pre-activation exactly at the kink for the first sample.
        let pre = matmul(x, network.linears[0].weight.value, transposeB: true)
        network.linears[0].bias.value.pointer[0] = -pre[0, 0]
        let checks = gradientCheck(network, loss: SoftmaxCrossEntropy<Double>(), x: x, target: Matrix(rows: 4, cols: 1, values: [0, 1, 0, 1]))
        #expect(checks.reduce(0) { $0 + $1.kinkCoordinates } > 0)
        for c in checks { #expect(c.relativeError < 1e-6, "\(c.name)") }
    }

    /// Every ReLU's input is watched, whatever module feeds it: here a tanh, whose output for the first
    /// sample is put 1e-7 from the kink, within the step.
    @Test func reluKinksAreCountedBehindAnyModule() {
        var rng = SeededGenerator(seed: 5)
        let network = Sequential<Double>(specs: [.linear(3), .tanh, .relu, .linear(2)], inputs: 3, using: &rng)
        let x = randomMatrix(4, 3, seed: 6)
        let pre = matmul(x, network.linears[0].weight.value, transposeB: true)
        network.linears[0].bias.value.pointer[0] = 1e-7 - pre[0, 0]  // tanh(1e-7) ≈ 1e-7
        let checks = gradientCheck(network, loss: SoftmaxCrossEntropy<Double>(), x: x, target: Matrix(rows: 4, cols: 1, values: [0, 1, 0, 1]))
        #expect(checks[0].kinkCoordinates > 0 && checks[1].kinkCoordinates > 0, "\(checks)")
        #expect(checks.allSatisfy { $0.atKinkCoordinates == 0 }, "near the kink, not at it: \(checks)")
        for c in checks { #expect(c.relativeError < 1e-6, "\(c.name): \(c.relativeError)") }
    }

    /// relu(relu(x)) is relu(x), and gradcheck tells the same of both: the second ReLU sees exactly 0 for each
    /// unit the first turns off, and a coarse step that turns one on moves that 0 — the first ReLU's crossing,
    /// which a smaller step clears (it was counted "at the kink", and the bias "not checkable", a PASS).
    @Test func aReLUBehindAReLUCountsTheFirstOnesCrossings() {
        var rng = SeededGenerator(seed: 5)
        let single = Sequential<Double>(specs: [.linear(3), .relu, .linear(2)], inputs: 3, using: &rng)
        let stacked = Sequential<Double>(specs: [.linear(3), .relu, .relu, .linear(2)], inputs: 3, using: &rng)
        for (a, b) in zip(single.parameters, stacked.parameters) {
            for i in 0..<a.count { b.value.pointer[i] = a.value.pointer[i] }
        }
        let x = randomMatrix(8, 3, seed: 6), target = Matrix<Double>(rows: 8, cols: 1, values: [0, 1, 0, 1, 1, 0, 1, 0])
        let one = gradientCheck(single, loss: SoftmaxCrossEntropy<Double>(), x: x, target: target, step: 1)
        let two = gradientCheck(stacked, loss: SoftmaxCrossEntropy<Double>(), x: x, target: target, step: 1)
        #expect(one[0].kinkCoordinates > 0 && one[1].kinkCoordinates > 0, "the step crosses kinks: \(one)")
        #expect(one.map(\.kinkCoordinates) == two.map(\.kinkCoordinates), "\(one)\n\(two)")
        #expect(one.map(\.atKinkCoordinates) == two.map(\.atKinkCoordinates) && !two.contains { $0.isNotCheckable }, "\(two)")
    }

    /// A ReLU input exactly at 0 (an all-zero row meets the zero initial biases) is at the kink, whatever
    /// the step: every bias coordinate moves it, so the bias is not checkable; the weights do not move it
    /// (their products with the zero row stay 0) and are compared.
    @Test(arguments: [1e-5, 1e-9])
    func reluInputsExactlyAtTheKinkAreToldApart(step: Double) {
        var rng = SeededGenerator(seed: 5)
        let network = Sequential<Double>(specs: [.linear(4), .relu, .linear(2)], inputs: 3, using: &rng)
        let x = randomMatrix(4, 3, seed: 6)
        for j in 0..<3 { x.pointer[3 + j] = 0 }  // row 1
        let checks = gradientCheck(network, loss: SoftmaxCrossEntropy<Double>(), x: x,
                                   target: Matrix(rows: 4, cols: 1, values: [0, 1, 0, 1]), step: step)
        #expect(checks[1].atKinkCoordinates == 4 && checks[1].kinkCoordinates == 4 && checks[1].isNotCheckable, "\(checks[1])")
        #expect(checks[0].atKinkCoordinates == 0 && checks[0].comparedCoordinates == 12, "\(checks[0])")
        #expect(!checks[0].isNotCheckable && checks[2].kinkCoordinates == 0 && checks[3].kinkCoordinates == 0)
    }
}
