import Foundation
import Testing
import TinyNetIO

/// train → eval → predict → inspect on the built binary, in a temporary directory.
@Suite(.serialized) struct EndToEndTests {
    @Test func trainEvalPredictInspect() throws {
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:16,relu,linear",
                                 "--epochs", "100", "--batch-size", "16", "--lr", "0.05", "--momentum", "0.9",
                                 "--val-split", "0.2", "--out", "iris.safetensors", "--json"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let summary = train.json
        for key in ["epochs", "train_loss", "val_loss", "val_accuracy", "train_seconds", "samples_per_second", "checkpoint"] {
            #expect(summary[key] != nil, "train --json lacks \(key)")
        }
        #expect((summary["val_accuracy"] as? Double ?? 0) >= 0.95)
        #expect(train.stderr.contains("epoch 100/100"), "one line per epoch on stderr")

        let eval = try CLI.run(["eval", "--model", "iris.safetensors", "--data", CLI.data("iris.csv"), "--json"], in: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.json["samples"] as? Int == 150)
        #expect((eval.json["accuracy"] as? Double ?? 0) >= 0.95)
        let confusion = eval.json["confusion"] as? [[Int]] ?? []
        #expect(confusion.count == 3 && confusion.flatMap { $0 }.reduce(0, +) == 150)
        // per_class: one entry per class, recall = diagonal / row sum, precision = diagonal / column sum.
        let perClass = eval.json["per_class"] as? [[String: Any]] ?? []
        #expect(perClass.count == 3)
        for (c, entry) in perClass.enumerated() where confusion.count == 3 {
            let column = confusion.reduce(0) { $0 + $1[c] }
            #expect(entry["class"] as? String == "\(c)" && entry["support"] as? Int == 50)
            #expect(abs((entry["recall"] as? Double ?? -1) - Double(confusion[c][c]) / 50) < 1e-12)
            #expect(abs((entry["precision"] as? Double ?? -1) - Double(confusion[c][c]) / Double(max(column, 1))) < 1e-12)
            #expect(entry["f1"] is Double)
        }

        let table = try CLI.run(["eval", "--model", "iris.safetensors", "--data", CLI.data("iris.csv")], in: dir)
        #expect(table.stdout.contains("confusion matrix"))
        #expect(table.stdout.contains("class   precision   recall       f1  support"))
        #expect(table.stdout.split(separator: "\n").filter { $0.hasSuffix("      50") }.count == 3, "a row per class with its support")

        // predict on rows without the label column, into a file.
        let rows = "sepal width (cm),sepal length (cm),petal length (cm),petal width (cm)\n3.5,5.1,1.4,0.2\n3.0,7.7,6.7,2.2\n"
        try rows.write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let predict = try CLI.run(["predict", "--model", "iris.safetensors", "--data", "new.csv", "--out", "p.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "prediction,p_0,p_1,p_2")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("0,") && lines[2].hasPrefix("2,"), "setosa then virginica: \(lines)")

        let inspect = try CLI.run(["inspect", "iris.safetensors", "--json"], in: dir)
        #expect(inspect.status == 0)
        #expect(inspect.json["layers"] as? [String] == ["linear:16", "relu", "linear:3"])
        #expect(inspect.json["parameter_count"] as? Int == 4 * 16 + 16 + 16 * 3 + 3)
        #expect(inspect.json["classes"] as? [String] == ["0", "1", "2"])
    }

    @Test func predictWritesToStdoutWithTheLabelColumnPresent() throws {
        let dir = try CLI.temporaryDirectory()
        try CLI.run(["train", "--config", CLI.config("xor.toml"), "--data", CLI.data("xor.csv"), "--out", "x.safetensors", "--quiet"], in: dir)
        let predict = try CLI.run(["predict", "--model", "x.safetensors", "--data", CLI.data("xor.csv")], in: dir)
        #expect(predict.status == 0)
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.count == 201)
        #expect(lines[0] == "prediction,p_0,p_1")
    }

    @Test func sameSeedGivesIdenticalCheckpointBytes() throws {
        func train(seed: Int) throws -> Data {
            let dir = try CLI.temporaryDirectory()
            let r = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"),
                                 "--epochs", "5", "--seed", "\(seed)", "--out", "m.safetensors", "--quiet"], in: dir)
            #expect(r.status == 0)
            return try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        }
        let first = try train(seed: 3)
        #expect(first.count > 100)
        #expect(try train(seed: 3) == first)
        #expect(try train(seed: 4) != first)
    }

    /// A label column written as "1" in some rows and "1.0" in others (a float column saved by another tool)
    /// has two classes, as pandas reads it, in memory and streamed; eval matches other spellings of them.
    @Test func spellingsOfANumericLabelAreOneClass() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<40).map { i in "\(Double(i % 2) * 4 + Double(i % 7) / 7),\(i % 2 == 0 ? (i % 4 == 0 ? "0" : "0.0") : "1.0")" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try "x,y\n0.1,0.000\n4.2,1\n".write(to: dir.appendingPathComponent("e.csv"), atomically: true, encoding: .utf8)
        for stream in [[], ["--stream"]] {
            let train = try CLI.run(["train", "--data", "d.csv", "--layers", "linear", "--epochs", "30", "--lr", "0.1",
                                     "--out", "m.safetensors", "--quiet"] + stream, in: dir)
            #expect(train.status == 0, "\(train.stderr)")
            let inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
            #expect(inspect.json["classes"] as? [String] == ["0", "1.0"], "\(stream)")
            let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", "e.csv", "--json"], in: dir)
            #expect(eval.status == 0, "\(eval.stderr)")
            #expect(eval.json["accuracy"] as? Double == 1.0 && eval.json["confusion"] as? [[Int]] == [[1, 0], [0, 1]])
        }
    }

    /// Regression predictions keep every digit: a target of 1 000 000 ± 5 is not written as "1e+06".
    @Test func regressionPredictionsKeepTheirDigits() throws {
        let dir = try CLI.temporaryDirectory()
        let xs = (0..<200).map { Double($0 % 50) / 5 }
        let rows = xs.map { "\($0),\(1_000_000 + $0)" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "r.csv", "--task", "regression", "--standardize-target", "--layers", "linear",
                                 "--epochs", "50", "--lr", "0.05", "--dtype", "f64", "--out", "m.safetensors", "--quiet"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let predict = try CLI.run(["predict", "--model", "m.safetensors", "--data", "r.csv"], in: dir)
        let predictions = predict.stdout.split(separator: "\n").dropFirst().compactMap { Double($0) }
        #expect(predictions.count == 200)
        let worst = zip(predictions, xs).map { abs($0 - (1_000_000 + $1)) }.max() ?? .infinity
        #expect(worst < 0.01, "largest error \(worst): \(predictions.prefix(3))")
        // inspect shows the target statistics that eval and predict undo.
        let inspect = try CLI.run(["inspect", "m.safetensors", "--json"], in: dir)
        #expect(abs((inspect.json["target_mean"] as? Double ?? 0) - 1_000_004.9) < 1e-6)
        #expect(abs((inspect.json["target_std"] as? Double ?? 0) - 2.8861739379323623) < 1e-9)
        let text = try CLI.run(["inspect", "m.safetensors"], in: dir)
        #expect(text.stdout.contains("label       y — standardized (mean 1000004.9, std 2.886173938), undone by eval and predict"), "\(text.stdout)")
        // R² of a single row is undefined (scikit-learn: nan): null, not a made-up 0.
        try "x,y\n3,1000003\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let one = try CLI.run(["eval", "--model", "m.safetensors", "--data", "one.csv", "--json"], in: dir)
        #expect(one.status == 0 && one.json["r2"] is NSNull && one.json["mse"] is Double, "\(one.stdout)")
    }

    /// inspect's text names the feature columns (the first 8 of more) and the stored config's data and SGD settings.
    @Test func inspectNamesTheFeaturesAndHowTheModelTrained() throws {
        let dir = try CLI.temporaryDirectory()
        let wide = "label," + (0..<10).map { "f\($0)" }.joined(separator: ",") + "\n"
            + (0..<20).map { r in "\(r % 2)," + (0..<10).map { "\(($0 * 7 + r * 3) % 11)" }.joined(separator: ",") }.joined(separator: "\n")
        try wide.write(to: dir.appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "w.csv", "--label", "label", "--layers", "linear", "--epochs", "2", "--val-split", "0.25",
                                 "--momentum", "0.5", "--nesterov", "--lr-schedule", "cosine", "--class-weight", "balanced", "--out", "m.safetensors", "--quiet"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let text = try CLI.run(["inspect", "m.safetensors"], in: dir).stdout
        #expect(text.contains("\nfeatures    f0, f1, f2, f3, f4, f5, f6, f7, … (10 in all)\n"), "\(text)")
        #expect(text.contains("\ntrained on  w.csv, validated on a 25% split\n"), "\(text)")
        #expect(text.contains("\noptimizer   SGD, lr 0.01, momentum 0.5 (Nesterov), weight_decay 0, batch_size 32, lr_schedule cosine, class_weight balanced\n"), "\(text)")
    }

    /// What only the metadata held, inspect's text says too: a --save-best run's best epoch and loss (in the
    /// best checkpoint and the .last one, which counts the epochs since), a --stream run's shuffle buffer.
    @Test func inspectSaysTheBestEpochAndTheShuffleBuffer() throws {
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--epochs", "30", "--lr", "0.5",
                                 "--val-split", "0.2", "--save-best", "--out", "m.safetensors", "--json", "--quiet"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let epoch = try #require(train.json["best_epoch"] as? Int)
        let bestLoss = try #require(train.json["val_loss"] as? Double)  // the kept model's
        let best = try CLI.run(["inspect", "m.safetensors"], in: dir).stdout
        let line = "\nbest        epoch \(epoch), validation loss \(String(format: "%.6g", bestLoss))"
        #expect(best.contains(line + "\n"), "\(best)")
        let last = try CLI.run(["inspect", "m.last.safetensors"], in: dir).stdout
        #expect(epoch == 30 || last.contains(line + ", \(30 - epoch) epoch\(30 - epoch == 1 ? "" : "s") without improvement since\n"), "\(last)")
        let stream = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--stream",
                                  "--shuffle-buffer", "50", "--out", "s.safetensors", "--quiet"], in: dir)
        #expect(stream.status == 0, "\(stream.stderr)")
        let streamed = try CLI.run(["inspect", "s.safetensors"], in: dir).stdout
        #expect(streamed.contains(", streamed (--stream) with a shuffle buffer of 50 rows\n"), "\(streamed)")
    }

    /// inspect's architecture table: one row per module, the Linear rows' widths, arrows and parameter counts
    /// in aligned columns whatever the widths' digits, no trailing blanks.
    @Test func inspectAlignsTheArchitecture() throws {
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:16,relu,linear:1000,tanh,linear",
                                 "--epochs", "1", "--out", "m.safetensors", "--quiet"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let lines = try CLI.run(["inspect", "m.safetensors"], in: dir).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("architecture (20083 parameters)") }) else {
            Issue.record("no architecture header: \(lines)")
            return
        }
        let modules = lines[(start + 1)...].prefix(while: { !$0.isEmpty }).map(String.init)
        #expect(modules == ["   0  linear:16       4 → 16        80 parameters",
                            "   1  relu",
                            "   2  linear:1000    16 → 1000   17000 parameters",
                            "   3  tanh",
                            "   4  linear:3     1000 → 3       3003 parameters"], "\(modules)")
        // Aligned: the arrows in one column, the parameter counts right-aligned (the rows end together).
        let linears = modules.filter { $0.contains("→") }
        #expect(Set(linears.map { $0.distance(from: $0.startIndex, to: $0.firstIndex(of: "→")!) }).count == 1)
        #expect(Set(linears.map(\.count)).count == 1)
    }

    @Test func xorIsLearnedPerfectly() throws {
        let dir = try CLI.temporaryDirectory()
        try CLI.run(["train", "--config", CLI.config("xor.toml"), "--data", CLI.data("xor.csv"), "--out", "x.safetensors", "--quiet"], in: dir)
        let eval = try CLI.run(["eval", "--model", "x.safetensors", "--data", CLI.data("xor.csv"), "--json"], in: dir)
        #expect(eval.json["accuracy"] as? Double == 1.0)
    }

    /// --init torch starts from PyTorch's nn.Linear draw (weights and biases within ±1/√fan_in; He's first
    /// layer reaches beyond it and has zero biases), is stored in the checkpoint, and a resumed run keeps it
    /// (another is refused).
    @Test func initTorchStartsFromPyTorchsDrawAndIsStored() throws {
        let dir = try CLI.temporaryDirectory()
        for (name, flags) in [("torch", ["--init", "torch"]), ("he", [])] {
            let run = try CLI.run(["train", "--data", CLI.data("wine.csv"), "--layers", "linear:32,relu,linear", "--lr", "0",
                                   "--epochs", "1", "--out", "\(name).safetensors", "--quiet"] + flags, in: dir)
            try #require(run.status == 0, "\(run.stderr)")
        }
        let torch = try Checkpoint.load(path: dir.appendingPathComponent("torch.safetensors").path)
        let he = try Checkpoint.load(path: dir.appendingPathComponent("he.safetensors").path)
        #expect(torch.config.initialization == .torch && he.config.initialization == .heGlorot)
        let bound = 1 / 13.0.squareRoot()  // wine: 13 features
        let (w, b) = (try #require(torch.tensors["0.weight"]?.doubles), try #require(torch.tensors["0.bias"]?.doubles))
        #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound } && b.contains { $0 != 0 })
        #expect(try #require(he.tensors["0.weight"]?.doubles).contains { abs($0) > bound })
        #expect(try #require(he.tensors["0.bias"]?.doubles).allSatisfy { $0 == 0 })
        let resumed = try CLI.run(["train", "--data", CLI.data("wine.csv"), "--resume", "torch.safetensors", "--epochs", "2",
                                   "--out", "again.safetensors", "--print-config"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("init = \"torch\""), "\(resumed.stdout)")
        // A resumed run loads its weights: another init would only misstate how they started.
        let changed = try CLI.run(["train", "--data", CLI.data("wine.csv"), "--resume", "torch.safetensors", "--epochs", "2",
                                   "--init", "he_glorot", "--out", "again.safetensors"], in: dir)
        #expect(changed.status == 2 && changed.stderr.contains("init is he_glorot but the checkpoint was trained with torch"), "\(changed.stderr)")
    }
}
