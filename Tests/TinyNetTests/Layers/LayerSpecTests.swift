import Testing
@testable import TinyNet

@Suite struct LayerSpecTests {
    @Test func parsesAndResolves() throws {
        let specs = try ["linear:64", "relu", "linear"].map(LayerSpec.init(parsing:))
        #expect(specs == [.linear(64), .relu, .linear(nil)])
        #expect(try LayerSpec.resolve(specs, outputs: 3) == [.linear(64), .relu, .linear(3)])
    }

    @Test func unknownLayerSuggestsTheNearest() {
        do {
            _ = try LayerSpec(parsing: "rleu")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("did you mean \"relu\""))
        }
    }

    @Test func onlyTheLastLinearMayOmitItsWidth() throws {
        #expect(throws: SpecError.self) { try LayerSpec.resolve([.linear(nil), .relu, .linear(nil)], outputs: 2) }
        #expect(throws: SpecError.self) { try LayerSpec(parsing: "linear:0") }
    }

    @Test func sequentialNamesParametersLikePyTorch() {
        var rng = SeededGenerator(seed: 0)
        let net = Sequential<Float>(specs: [.linear(8), .relu, .linear(3)], inputs: 4, using: &rng)
        #expect(net.parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(net.parameterCount == 4 * 8 + 8 + 8 * 3 + 3)
    }

    /// 2-4-3: parameters 4·(2+1) + 3·(4+1) = 27; module widths 4 (linear) + 4 (relu) + 3 (linear) = 11;
    /// rows = max(batch, evaluation chunk 1024); f32: (5·27 + 2·1024·11)·4 bytes.
    @Test func memoryEstimateByHand() {
        let specs: [LayerSpec] = [.linear(4), .relu, .linear(3)]
        let e = trainingMemoryEstimate(specs, inputs: 2, batchRows: 8, scalarBytes: 4)
        #expect(e.parameters == 27)
        #expect(e.bytes == Double((5 * 27 + 2 * 1024 * 11) * 4))
        let batchBound = trainingMemoryEstimate(specs, inputs: 2, batchRows: 5000, scalarBytes: 8)
        #expect(batchBound.bytes == Double((5 * 27 + 2 * 5000 * 11) * 8))
        // A layer of 2^20 shrinks the evaluation chunk to 16 rows, below the batch of 32.
        let wide = trainingMemoryEstimate([.linear(1 << 20), .relu, .linear(3)], inputs: 2, batchRows: 32, scalarBytes: 4)
        let n = 1 << 20
        let parameters = Double(n * (2 + 1) + 3 * (n + 1)), widths = Double(n + n + 3)
        #expect(wide.parameters == parameters)
        #expect(wide.bytes == (5 * parameters + 2 * 32 * widths) * 4)
        let absurd = trainingMemoryEstimate([.linear(3_000_000_000_000), .relu, .linear(3)], inputs: 4, batchRows: 32, scalarBytes: 4)
        #expect(absurd.bytes > 1e15 && absurd.bytes.isFinite)
    }

    /// Evaluation chunks shrink for wide networks so one activation buffer stays within 2^24 values.
    @Test func evaluationChunksShrinkForWideNetworks() {
        #expect(evaluationChunkRows(widestLayer: 784) == 1024)
        #expect(evaluationChunkRows(widestLayer: 1 << 20) == 16)
        #expect(evaluationChunkRows(widestLayer: 3_000_000_000_000) == 1)
        var rng = SeededGenerator(seed: 1)
        let net = Sequential<Double>(specs: [.linear(5), .tanh, .linear(2)], inputs: 3, using: &rng)
        let x = Matrix<Double>(rows: 7, cols: 3, values: (0..<21).map { Double($0) / 10 })
        let whole = predictOutputs(net, x, chunk: 7), rowByRow = predictOutputs(net, x, chunk: 1), automatic = predictOutputs(net, x)
        for k in 0..<whole.count {
            #expect(abs(whole.pointer[k] - rowByRow.pointer[k]) < 1e-12)
            #expect(whole.pointer[k] == automatic.pointer[k])
        }
    }

    /// Layer lists that train, but rarely as meant, are warned about; the shipped shape is not.
    @Test func unusualLayerListsAreWarnedAbout() throws {
        #expect(LayerSpec.warnings([.linear(8), .relu, .linear(nil)]).isEmpty)
        let warnings = LayerSpec.warnings([.relu, .linear(8), .relu, .tanh, .linear(nil), .sigmoid])
        #expect(warnings.count == 3, "\(warnings)")
        #expect(warnings[0].contains("start with relu") && warnings[1].contains("tanh follows relu")
                && warnings[2].contains("end with sigmoid"), "\(warnings)")
    }
}
