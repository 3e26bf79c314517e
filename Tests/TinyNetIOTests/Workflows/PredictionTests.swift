import Foundation
import TestScratch
import Testing
@testable import TinyNet
@testable import TinyNetIO

@Suite struct PredictionTests {
    /// predict names the class eval scores: the largest logit. With multi-label BCE, logits 40 and 50 both
    /// give a probability that rounds to 1; predict took the first of the tied probabilities ("a") while
    /// eval counted "b", the larger logit.
    @Test func predictAndEvalChooseTheSameClassWhenProbabilitiesTie() throws {
        var rng = SeededGenerator(seed: 1)
        let network = Sequential<Double>(specs: [.linear(3)], inputs: 1, using: &rng)
        let weight = network.parameters[0].value
        (weight.pointer[0], weight.pointer[1], weight.pointer[2]) = (40, 50, -5)
        var config = TrainConfig()
        (config.layers, config.loss, config.dtype) = (["linear"], .bce, .f64)
        let checkpoint = Checkpoint(
            network: network, task: .classification, loss: .bce, labelColumn: "label", featureNames: ["x"],
            classes: ["a", "b", "c"], preprocessing: .identity(features: 1), inputScale: 1, targetMean: nil,
            targetStd: nil, epochsDone: 1, config: config, generatorState: rng.stateWords)
        let (model, data) = (try Scratch.path("bce.safetensors"), try Scratch.path("row.csv"))
        try checkpoint.write(to: model)
        try "x,label\n1,b\n".write(toFile: data, atomically: true, encoding: .utf8)
        let run = try ModelRun(checkpointPath: model)
        var output = ""
        _ = try run.predict(dataPath: data) { output += $0 }
        #expect(output.split(separator: "\n").last?.hasPrefix("b,1,1,") == true, "\(output)")
        #expect(try run.evaluate(dataPath: data).evaluation.accuracy == 1)
    }
}
