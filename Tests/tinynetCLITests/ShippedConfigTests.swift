import Foundation
import Testing
import TinyNetIO

/// The shipped configs reach their accuracy from the CLI, on their seeded,
/// stratified 20% validation split. The thresholds are what scikit-learn's
/// MLPClassifier(solver="sgd") reaches on the same splits (README, Results).
@Suite struct ShippedConfigTests {
    func train(_ config: String, data: String, _ flags: [String] = []) throws -> [String: Any] {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--config", CLI.config(config), "--data", CLI.data(data), "--out", "m.safetensors", "--json"] + flags, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r.json
    }

    @Test(arguments: [("iris.toml", "iris.csv", 0.95), ("wine.toml", "wine.csv", 0.94), ("digits.toml", "digits.csv.gz", 0.97),
                      // scikit-learn reaches 0.947 (MLP, SGD) and 0.956 (logistic regression) on this split.
                      ("breast_cancer.toml", "breast_cancer.csv", 0.94)])
    func classificationConfigs(config: String, data: String, target: Double) throws {
        let accuracy = try train(config, data: data)["val_accuracy"] as? Double ?? 0
        #expect(accuracy >= target, "\(config): \(accuracy)")
    }

    /// The 0.97 for breast_cancer is what MLPClassifier reaches on 80/20 splits; the shipped split (seed 0)
    /// is the hardest of 30 for every model (README, Results), so the config is held to 0.97 over the seeds' splits
    /// (each seed draws its split and its initial weights; `make splits` puts scikit-learn beside it).
    @Test func breastCancerAveragesNinetySevenPercentOverThirtySplits() throws {
        let accuracies = try (0..<30).map { seed in
            try train("breast_cancer.toml", data: "breast_cancer.csv", ["--seed", String(seed), "--quiet"])["val_accuracy"] as? Double ?? 0
        }
        #expect(accuracies.reduce(0, +) / 30 >= 0.97, "\(accuracies)")
    }

    @Test func diabetesRegression() throws {
        let r2 = try train("diabetes.toml", data: "diabetes.csv")["val_r2"] as? Double ?? 0
        #expect(r2 >= 0.38, "R² \(r2)")
    }

    @Test func spiralTrainsToNinetyFivePercent() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train", "--config", CLI.config("spiral.toml"), "--data", CLI.data("spiral.csv"), "--out", "s.safetensors", "--quiet"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--model", "s.safetensors", "--data", CLI.data("spiral.csv"), "--json"], in: dir)
        #expect((eval.json["accuracy"] as? Double ?? 0) >= 0.95)
    }

    /// The MNIST config on its first 2 000 training rows for one epoch (the full run is `make mnist`).
    @Test func mnistConfigLearnsQuickly() throws {
        let dir = try CLI.temporaryDirectory()
        let text = try Gzip.decompress(Array(Data(contentsOf: URL(fileURLWithPath: CLI.data("mnist_train.csv.gz")))))
        var lines = 0, end = 0
        while lines < 2001 && end < text.count { if text[end] == UInt8(ascii: "\n") { lines += 1 }; end += 1 }
        try Data(text[0..<end]).write(to: dir.appendingPathComponent("mnist2000.csv"))
        let r = try CLI.run(["train", "--config", CLI.config("mnist.toml"), "--data", "mnist2000.csv", "--val-data", CLI.data("mnist_test.csv.gz"),
                             "--epochs", "1", "--out", "m.safetensors", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect((r.json["val_accuracy"] as? Double ?? 0) >= 0.80, "\(r.stdout)")
    }
}
