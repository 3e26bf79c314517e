import Foundation
import Testing
@testable import TinyNet

/// Float's vectorizable sigmoid and tanh against libm, over the whole range.
@Suite struct FastMathTests {
    let inputs: [Float] = (0..<20_001).map { Float($0 - 10_000) / 400 }  // −25 … 25 in steps of 0.0025
        + [-200, -100, -88, -87, 87, 88, 100, 200, 1e-8, -1e-8, 0]

    @Test func expIsWithinTwoUlp() {
        for x in inputs where abs(x) < 80 {
            let exact = Foundation.exp(Double(x))
            #expect(abs(Double(Float.vectorizableExp(x)) - exact) <= 2.5 * Double(Float(exact).ulp), "e^\(x)")
        }
    }

    @Test func sigmoidMatchesLibm() {
        var y = Array(repeating: Float(0), count: inputs.count)
        Float.sigmoidForward(inputs, &y, count: inputs.count)
        for (x, v) in zip(inputs, y) {
            let exact = 1 / (1 + Foundation.exp(-Double(x)))
            #expect(v.isFinite && v >= 0 && v <= 1)
            #expect(abs(Double(v) - exact) <= 3e-7 * max(exact, 1e-30) + 1e-38, "σ(\(x)) = \(v), libm \(exact)")
        }
    }

    @Test func tanhMatchesLibm() {
        var y = Array(repeating: Float(0), count: inputs.count)
        Float.tanhForward(inputs, &y, count: inputs.count)
        for (x, v) in zip(inputs, y) {
            let exact = Foundation.tanh(Double(x))
            // Within 4e-7 relative, or 1.5e-7 absolute (about 2.5 ulp of 1) where 1 − 2/(e^2x + 1) cancels.
            #expect(abs(Double(v) - exact) <= max(4e-7 * abs(exact), 1.5e-7), "tanh(\(x)) = \(v), libm \(exact)")
        }
    }

    /// log(1 + u) on [0, 1], BCE's log(1 + e^(−|z|)): within 2 ulp of the exact value, tiny u included
    /// (where log1p(u) = u and log(1 + u) in float would lose it) and around the branch at √2 − 1.
    @Test func log1pOfUnitIsWithinTwoUlp() {
        let grid = (0...100_000).map { Float($0) / 100_000 }
        let edges: [Float] = [1e-30, 1e-20, 1e-10, 5.96e-8, 1e-7, 1e-4, 0.414_213_5, 0.414_213_56, 0.414_213_6, 0.999_999_9, 1]
        for u in grid + edges {
            let exact = Foundation.log1p(Double(u))
            let v = Float.vectorizableLog1pOfUnit(u)
            #expect(abs(Double(v) - exact) <= 2 * Double(Float(exact).ulp) + Double(Float.leastNonzeroMagnitude), "log1p(\(u)) = \(v), libm \(exact)")
        }
    }

    /// The Float BCE and softmax kernels agree with the generic ones (libm) they replace.
    @Test func lossKernelsMatchTheGenericOnes() {
        let z: [Float] = inputs.filter { abs($0) < 30 }, t = z.indices.map { Float($0 % 2) }
        var (loss, sigmoid) = (Array(repeating: Float(0), count: z.count), Array(repeating: Float(0), count: z.count))
        Float.bceTerms(z, t, loss: &loss, sigmoid: &sigmoid, count: z.count)
        for i in z.indices {
            let x = Double(z[i]), e = Foundation.exp(-abs(x))
            let exactLoss = max(x, 0) - x * Double(t[i]) + Foundation.log1p(e)
            #expect(abs(Double(loss[i]) - exactLoss) <= 3e-7 * max(exactLoss, 1e-30) + 1e-37, "bce(\(x), \(t[i])) = \(loss[i]), exact \(exactLoss)")
            #expect(abs(Double(sigmoid[i]) - 1 / (1 + Foundation.exp(-x))) <= 3e-7, "σ(\(x))")
        }
        var y = Array(repeating: Float(0), count: z.count)
        Float.expShifted(z, by: 30, &y, count: z.count)
        for i in z.indices {
            let exact = Foundation.exp(Double(z[i] - 30))  // the difference as Float forms it
            #expect(abs(Double(y[i]) - exact) <= 2.5 * Double(Float(exact).ulp), "e^(\(z[i]) − 30)")
        }
        #expect(Float.sum(y, count: y.count) > 0 && abs(Double(Float.sum([1, 2, 3, 4, 5], count: 5)) - 15) == 0)
    }

    /// NaN passes through as NaN (so a diverging run is caught as such) and infinities saturate; none traps.
    @Test func nonFiniteInputsNeitherTrapNorInventValues() {
        let x: [Float] = [.nan, .infinity, -.infinity, -.nan]
        #expect(Float.vectorizableExp(.nan).isNaN)
        #expect(Float.vectorizableExp(.infinity) > 1e38 && Float.vectorizableExp(-.infinity) < 1e-37)
        var sigmoid = [Float](repeating: 0, count: 4), tanh = [Float](repeating: 0, count: 4)
        Float.sigmoidForward(x, &sigmoid, count: 4)
        Float.tanhForward(x, &tanh, count: 4)
        #expect(sigmoid[0].isNaN && sigmoid[1] == 1 && sigmoid[2] == 0 && sigmoid[3].isNaN)
        #expect(tanh[0].isNaN && tanh[1] == 1 && tanh[2] == -1 && tanh[3].isNaN)
    }

    /// Double's exp, sigmoid and tanh: within a few ulp of libm over the whole range, tiny inputs (where
    /// tanh's 1 − 2/(e^2x + 1) would cancel) included, and the same saturation and NaN behaviour.
    @Test func doubleExpSigmoidAndTanhMatchLibm() {
        let grid = (0..<40_001).map { Double($0 - 20_000) / 400 }  // −50 … 50
        let edges: [Double] = [1e-300, -1e-300, 1e-12, -1e-9, 0.625, -0.625, 0.625_000_1, 700, -700, 708.5, -708.5, 709.7, 800, -800, 0, -0.0]
        let inputs = grid + edges
        for x in inputs where abs(x) < 708 {
            let exact = Foundation.exp(x)
            #expect(abs(Double.vectorizableExp(x) - exact) <= 2 * exact.ulp, "e^\(x)")
        }
        var sigmoid = [Double](repeating: 0, count: inputs.count), tanh = sigmoid
        Double.sigmoidForward(inputs, &sigmoid, count: inputs.count)
        Double.tanhForward(inputs, &tanh, count: inputs.count)
        for (i, x) in inputs.enumerated() {
            let e = Foundation.exp(-abs(x)), exactSigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e)
            #expect(abs(sigmoid[i] - exactSigmoid) <= 3 * exactSigmoid.ulp + 1e-307, "σ(\(x)) = \(sigmoid[i]), libm \(exactSigmoid)")
            let exactTanh = Foundation.tanh(x)
            #expect(abs(tanh[i] - exactTanh) <= 3 * exactTanh.ulp && tanh[i].sign == exactTanh.sign, "tanh(\(x)) = \(tanh[i]), libm \(exactTanh)")
        }
        let special: [Double] = [.nan, .infinity, -.infinity]
        var s3 = [Double](repeating: 0, count: 3), t3 = s3
        Double.sigmoidForward(special, &s3, count: 3)
        Double.tanhForward(special, &t3, count: 3)
        #expect(s3[0].isNaN && s3[1] == 1 && s3[2] == 0)
        #expect(t3[0].isNaN && t3[1] == 1 && t3[2] == -1)
        #expect(Double.vectorizableExp(.nan).isNaN && Double.vectorizableExp(-.infinity) == 0 && Double.vectorizableExp(.infinity) == .infinity)
    }
}
