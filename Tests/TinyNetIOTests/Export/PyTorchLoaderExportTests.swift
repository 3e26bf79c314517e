import Foundation
import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The generated PyTorch loader: modules, dtype, constants and exact Python literals.
/// (Running it is tested end to end in tinynetCLITests/InteropTests.)
@Suite struct PyTorchLoaderExportTests {
    func checkpoint<T: Scalar>(_: T.Type, task: Task, loss: LossKind, specs: [LayerSpec], classes: [String]) -> Checkpoint {
        var rng = SeededGenerator(seed: 1)
        let network = Sequential<T>(specs: specs, inputs: 3, using: &rng)
        return Checkpoint(
            network: network, task: task, loss: loss, labelColumn: "y", featureNames: ["a", "say \"hi\"", "é\\x"],
            classes: classes, preprocessing: Standardizer(mean: [1, 2, 3], std: [1, 2, 4]), inputScale: 0.1,
            targetMean: task == .regression ? 152.5 : nil, targetStd: task == .regression ? 1e-5 : nil,
            epochsDone: 1, config: TrainConfig(), generatorState: [])
    }

    func source(_ c: Checkpoint, script: String = "out/model.py") -> String {
        PyTorchLoaderExport.source(for: c, checkpointPath: "out/m.safetensors", scriptPath: script, currentDirectory: "/w")
    }

    @Test func softmaxClassifierInFloat32() {
        let c = checkpoint(Float.self, task: .classification, loss: .softmaxCE,
                           specs: [.linear(5), .relu, .linear(4), .tanh, .linear(3)], classes: ["x", "y", "z"])
        let s = source(c)
        #expect(s.contains("""
            model = torch.nn.Sequential(
                torch.nn.Linear(3, 5, dtype=DTYPE),
                torch.nn.ReLU(),
                torch.nn.Linear(5, 4, dtype=DTYPE),
                torch.nn.Tanh(),
                torch.nn.Linear(4, 3, dtype=DTYPE),
            )
            """))
        #expect(s.contains("DTYPE = torch.float32"))
        #expect(s.contains(#"FEATURES = ["a", "say \"hi\"", "é\\x"]"#))
        #expect(s.contains(#"CLASSES = ["x", "y", "z"]"#))
        #expect(s.contains("INPUT_SCALE = 0.1\n"))
        #expect(s.contains("return torch.softmax(outputs(rows), dim=1)"))
        #expect(s.contains("state[\"preprocess.mean\"], state[\"preprocess.std\"]"))
        #expect(s.contains(#"os.path.abspath(__file__)), "m.safetensors")"#))
        #expect(s.contains("python3 model.py DATA.csv"))
    }

    @Test func binaryClassifierGivesBothClassProbabilities() {
        let c = checkpoint(Float.self, task: .classification, loss: .bce, specs: [.linear(4), .sigmoid, .linear(1)],
                           classes: ["benign", "malignant"])
        let s = source(c)
        #expect(s.contains("torch.nn.Sigmoid()"))
        #expect(s.contains("z = outputs(rows)\n    return torch.cat([torch.sigmoid(-z), torch.sigmoid(z)], dim=1)"))
        #expect(s.contains("overflow = ~torch.isfinite(h).all(dim=1) if isinstance(layer, torch.nn.Linear)"))  // each Linear checked, as predict does
    }

    @Test func float64RegressionUndoesTargetStandardization() {
        let c = checkpoint(Double.self, task: .regression, loss: .mse, specs: [.linear(4), .tanh, .linear(1)], classes: [])
        let s = source(c)
        #expect(s.contains("DTYPE = torch.float64"))
        #expect(s.contains("TARGET_MEAN, TARGET_STD = 152.5, 1e-05"))
        #expect(s.contains("return outputs(rows) * TARGET_STD + TARGET_MEAN"))
        #expect(!s.contains("CLASSES"))
    }

    /// A classifier trained with MSE reports its raw scores, as tinynet predict does: no softmax or sigmoid.
    @Test func mseClassifierPredictsRawScores() {
        let c = checkpoint(Float.self, task: .classification, loss: .mse, specs: [.linear(4), .relu, .linear(3)], classes: ["x", "y", "z"])
        let s = source(c)
        #expect(s.contains("def predict(rows):\n    \"\"\"Raw scores (the model was trained with MSE), one column per class in CLASSES.\"\"\"\n    return outputs(rows)\n"))
        #expect(!s.contains("torch.softmax") && !s.contains("torch.sigmoid"))
    }

    /// A regression model trained without target standardization stores no target statistics: the loader's
    /// predictions are the raw outputs (mean 0, std 1), not shifted or scaled.
    @Test func regressionWithoutTargetStatisticsPredictsTheRawOutput() {
        var rng = SeededGenerator(seed: 1)
        let network = Sequential<Double>(specs: [.linear(1)], inputs: 3, using: &rng)
        let c = Checkpoint(
            network: network, task: .regression, loss: .mse, labelColumn: "y", featureNames: ["a", "b", "c"], classes: [],
            preprocessing: Standardizer(mean: [0, 0, 0], std: [1, 1, 1]), inputScale: 1, targetMean: nil, targetStd: nil,
            epochsDone: 1, config: TrainConfig(), generatorState: [])
        let s = source(c)
        #expect(s.contains("TARGET_MEAN, TARGET_STD = 0.0, 1.0\n"))
        #expect(s.contains("return outputs(rows) * TARGET_STD + TARGET_MEAN"))
    }

    @Test func pythonLiteralsReadBackExactly() {
        #expect(PyTorchLoaderExport.pythonString("a\"b\\c\nd\te") == #""a\"b\\c\nd\te""#)
        #expect(PyTorchLoaderExport.pythonString("\u{1}é\u{2028}") == #""\U00000001é\U00002028""#)
        #expect(PyTorchLoaderExport.pythonFloat(0.1) == "0.1")
        #expect(PyTorchLoaderExport.pythonFloat(-.infinity) == "float(\"-inf\")")
        #expect(PyTorchLoaderExport.docText("a\"b\\c\nd") == "a'b'c d")
    }

    @Test func checkpointPathIsRelativeToTheScriptWhenBelowIt() {
        func reference(_ script: String, _ checkpoint: String) -> String {
            PyTorchLoaderExport.checkpointReference(scriptPath: script, checkpointPath: checkpoint, currentDirectory: "/w")
        }
        #expect(reference("m.py", "m.safetensors") == "m.safetensors")
        #expect(reference("out/m.py", "out/runs/a.safetensors") == "runs/a.safetensors")
        #expect(reference("./x/../m.py", "/w/m.safetensors") == "m.safetensors")
        #expect(reference("sub/m.py", "m.safetensors") == "../m.safetensors")
        #expect(reference("/tmp/m.py", "../data/m.safetensors") == "../data/m.safetensors")
        #expect(reference("a/b/m.py", "a/c/m.safetensors") == "../c/m.safetensors")
    }
}
