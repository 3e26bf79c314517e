import Testing
@testable import TinyNet

/// SGD against values computed by hand from torch.optim.SGD's update rule.
@Suite struct SGDTests {
    func parameter(_ w: [Double], grad: [Double]) -> Parameter<Double> {
        let p = Parameter(name: "0.weight", shape: [w.count], value: Matrix(rows: 1, cols: w.count, values: w))
        for (i, g) in grad.enumerated() { p.grad.pointer[i] = g }
        return p
    }

    @Test func plainStep() {
        let p = parameter([1, -2], grad: [0.5, 1])
        SGD(parameters: [p], learningRate: 0.1).step()
        #expect(p.value.values == [1 - 0.05, -2 - 0.1])
        #expect(p.grad.values == [0, 0], "the step zeroes the gradient")
    }

    @Test func momentumAndWeightDecayOverTwoSteps() {
        let p = parameter([1.0], grad: [0.5])
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        sgd.step()
        // g = 0.5 + 0.01·1 = 0.51; v = 0.51; w = 1 − 0.051 = 0.949
        #expect(abs(p.value.values[0] - 0.949) < 1e-15)
        p.grad.pointer[0] = 0.2
        sgd.step()
        // g = 0.2 + 0.01·0.949 = 0.20949; v = 0.9·0.51 + 0.20949 = 0.66849; w = 0.949 − 0.066849
        #expect(abs(p.velocity.values[0] - 0.66849) < 1e-15)
        #expect(abs(p.value.values[0] - (0.949 - 0.066849)) < 1e-15)
    }

    @Test func nesterovStep() {
        let p = parameter([1.0], grad: [0.5])
        let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, nesterov: true)
        sgd.step()
        // v = 0.5; w = 1 − 0.1·(0.5 + 0.9·0.5) = 0.905
        #expect(abs(p.value.values[0] - 0.905) < 1e-15)
        p.grad.pointer[0] = 1
        sgd.step()
        // v = 0.45 + 1 = 1.45; w = 0.905 − 0.1·(1 + 1.305) = 0.6745
        #expect(abs(p.value.values[0] - 0.6745) < 1e-15)
    }

    @Test func schedules() throws {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7, epochs: 10) == 0.1)
        let step = try LearningRateSchedule(parsing: "step:2:0.5")
        #expect(step == .step(every: 2, gamma: 0.5))
        #expect((0..<5).map { step.rate(base: 1, epoch: $0, epochs: 5) } == [1, 1, 0.5, 0.5, 0.25])
        let cosine = try LearningRateSchedule(parsing: "cosine")
        #expect(cosine.rate(base: 1, epoch: 0, epochs: 4) == 1)
        #expect(abs(cosine.rate(base: 1, epoch: 2, epochs: 4) - 0.5) < 1e-15)
        #expect(throws: SpecError.self) { try LearningRateSchedule(parsing: "cosin") }
    }
}
