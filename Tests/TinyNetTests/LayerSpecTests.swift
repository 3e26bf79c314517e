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
}
