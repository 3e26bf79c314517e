import Foundation
import Testing

/// Training agrees with PyTorch step for step (DESIGN: SGD follows torch.optim.SGD
/// exactly). Each case trains one full-batch float64 epoch, resumes to four, and
/// Tests/Python/torch_steps.py takes the same three steps in PyTorch from the
/// first checkpoint: every weight and momentum buffer must agree within 1e-9.
@Suite struct TorchParityTests {
    static let cases: [TrainCase] = [
        TrainCase(name: "softmax_ce, relu, nesterov, weight decay", data: "iris.csv",
                  flags: ["--layers", "linear:8,relu,linear", "--lr", "0.1", "--momentum", "0.9", "--nesterov", "--weight-decay", "0.01"]),
        TrainCase(name: "bce, sigmoid, step schedule", data: "breast_cancer.csv",
                  flags: ["--loss", "bce", "--layers", "linear:8,sigmoid,linear", "--lr", "0.5", "--momentum", "0.5",
                          "--weight-decay", "0.001", "--lr-schedule", "step:2:0.5"]),
        TrainCase(name: "bce with balanced class weights", data: "breast_cancer.csv",
                  flags: ["--loss", "bce", "--class-weight", "balanced", "--layers", "linear:8,relu,linear", "--lr", "0.2",
                          "--momentum", "0.9"]),
        TrainCase(name: "mse, tanh, standardized target, cosine", data: "diabetes.csv",
                  flags: ["--task", "regression", "--standardize-target", "--layers", "linear:16,tanh,linear", "--lr", "0.05",
                          "--momentum", "0.9", "--lr-schedule", "cosine"]),
        TrainCase(name: "balanced class weights, input scale, two hidden layers", data: "wine.csv",
                  flags: ["--class-weight", "balanced", "--layers", "linear:8,tanh,linear:6,relu,linear", "--input-scale", "2",
                          "--lr", "0.05", "--momentum", "0.9", "--lr-schedule", "cosine"]),
    ]

    @Test(.enabled(if: Python.hasTorch, "PyTorch is not installed: nothing to compare with"), arguments: cases)
    func threeStepsMatchPyTorch(_ c: TrainCase) throws {
        let dir = try CLI.temporaryDirectory()
        let data = CLI.data(c.data)
        let first = try CLI.run(["train", "--data", data, "--batch-size", "100000", "--dtype", "f64", "--epochs", "1",
                                 "--out", "start.safetensors", "--quiet"] + c.flags, in: dir)
        try #require(first.status == 0, "\(first.stderr)")
        let resumed = try CLI.run(["train", "--data", data, "--resume", "start.safetensors", "--epochs", "4",
                                   "--out", "end.safetensors", "--quiet"], in: dir)
        try #require(resumed.status == 0, "\(resumed.stderr)")
        let script = CLI.repository.appendingPathComponent("Tests/Python/torch_steps.py").path
        let check = try Python.run([script, "start.safetensors", "end.safetensors", data], in: dir)
        #expect(check.status == 0, "\(c.name): \(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasPrefix("OK: 3 steps"), "\(check.stdout)")
    }
}
