import Foundation
import Testing

/// The readable reports (eval's, gradcheck's and scale's tables, inspect, train's --grad-stats lines) print
/// the numbers of the same command's --json output or metrics log, each in the column its header names.
@Suite struct ReportTextTests {
    /// The whitespace-separated fields of a line.
    private func fields(_ line: Substring) -> [String] { line.split(separator: " ").map(String.init) }

    /// A model of one epoch on iris at a small learning rate: it confuses the classes, so that each class's
    /// precision and recall differ.
    private func weakIrisModel(in dir: URL) throws {
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--lr", "0.01",
                                 "--out", "m.safetensors", "--quiet"], in: dir)
        try #require(train.status == 0, "\(train.stderr)")
    }

    /// eval's per-class table has each class's precision, recall, F1 and support in the columns of its header,
    /// as eval --json's per_class gives them (to four decimals).
    @Test func evalTableColumnsAreTheJSONsPerClassMetrics() throws {
        let dir = try CLI.temporaryDirectory()
        try weakIrisModel(in: dir)
        let args = ["eval", "--model", "m.safetensors", "--data", CLI.data("iris.csv")]
        let perClass = try #require(try CLI.run(args + ["--json"], in: dir).json["per_class"] as? [[String: Any]])
        let lines = try CLI.run(args, in: dir).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.hasPrefix("class ") })
        #expect(fields(lines[header]) == ["class", "precision", "recall", "f1", "support"])
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }.map(fields)
        let four = { (x: Any?) in String(format: "%.4f", x as? Double ?? .nan) }
        #expect(rows == perClass.map { [$0["class"] as? String ?? "?", four($0["precision"]), four($0["recall"]), four($0["f1"]), "\($0["support"] ?? "?")"] })
        #expect(perClass.contains { four($0["precision"]) != four($0["recall"]) }, "a class whose precision and recall differ: \(perClass)")
    }

    /// A regression's eval prints its samples, loss, MSE, MAE and R², each on the line it names, as eval --json gives them.
    @Test func regressionEvalLinesAreTheJSONsMetrics() throws {
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", "--data", CLI.data("diabetes.csv"), "--task", "regression", "--layers", "linear", "--epochs", "2",
                                 "--out", "r.safetensors", "--quiet"], in: dir)
        try #require(train.status == 0, "\(train.stderr)")
        let args = ["eval", "--model", "r.safetensors", "--data", CLI.data("diabetes.csv")]
        let json = try CLI.run(args + ["--json"], in: dir).json
        let mse = try #require(json["mse"] as? Double), mae = try #require(json["mae"] as? Double), r2 = try #require(json["r2"] as? Double)
        let loss = try #require(json["loss"] as? Double)
        #expect(try CLI.run(args, in: dir).stdout.split(separator: "\n") == [
            "samples  442", Substring(String(format: "loss     %.6f", loss)), Substring(String(format: "mse      %.6g", mse)),
            Substring(String(format: "mae      %.6g", mae)), Substring(String(format: "r2       %.6f", r2)),
        ])
    }

    /// A loss or R² beyond a million prints in scientific notation (six decimals), not 36 digits
    /// (a model trained on targets near 1 evaluated on targets near a million: loss 1e12, R² -1.5e12).
    @Test func hugeEvalMetricsPrintInScientificNotation() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,y\n0,0.5\n1,1.5\n2,0.7\n3,1.2\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        try "a,y\n0,1000000\n1,1000001\n2,1000002\n".write(to: dir.appendingPathComponent("e.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "t.csv", "--task", "regression", "--layers", "linear", "--epochs", "1",
                                 "--no-standardize-target", "--out", "r.safetensors", "--quiet"], in: dir)
        try #require(train.status == 0, "\(train.stderr)")
        let args = ["eval", "--model", "r.safetensors", "--data", "e.csv"]
        let json = try CLI.run(args + ["--json"], in: dir).json
        let loss = try #require(json["loss"] as? Double), r2 = try #require(json["r2"] as? Double)
        try #require(loss > 1e6 && r2 < -1e6, "loss \(loss), r2 \(r2)")
        let lines = try CLI.run(args, in: dir).stdout.split(separator: "\n")
        #expect(lines.contains(Substring(String(format: "loss     %.6e", loss))), "\(lines)")
        #expect(lines.contains(Substring(String(format: "r2       %.6e", r2))), "\(lines)")
        // train's validation line and epoch lines too (they printed R² -1500000000000.0000 and beyond).
        let validated = try CLI.run(["train", "--data", "t.csv", "--val-data", "e.csv", "--task", "regression", "--layers", "linear",
                                     "--epochs", "1", "--no-standardize-target", "--out", "v.safetensors"], in: dir)
        let validation = (validated.stdout + validated.stderr).split(separator: "\n").filter { $0.contains("R² ") || $0.contains("val_r2 ") }
        #expect(validation.count == 2 && validation.allSatisfy { $0.contains("e+") && !$0.contains("0000000") },
                "\(validated.stdout)\(validated.stderr)")
    }

    /// inspect names a checkpoint's preprocessing on its inputs line: standardized or not, and an input scale
    /// other than 1 (`--json`: `standardize`, `input_scale`).
    @Test func inspectShowsTheInputPreprocessing() throws {
        let dir = try CLI.temporaryDirectory()
        for (out, flags) in [("scaled.safetensors", ["--input-scale", "2"]), ("plain.safetensors", []), ("raw.safetensors", ["--no-standardize"])] {
            let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--out", out, "--quiet"] + flags,
                                    in: dir)
            try #require(train.status == 0, "\(train.stderr)")
        }
        for (file, line, standardized) in [("scaled", "inputs      4 features, standardized with the training rows' mean and std, input scale 2.0", true),
                                           ("plain", "inputs      4 features, standardized with the training rows' mean and std", true),
                                           ("raw", "inputs      4 features, not standardized (standardize = false)", false)] {
            let text = try CLI.run(["inspect", "\(file).safetensors"], in: dir).stdout.split(separator: "\n")
            #expect(text.contains(Substring(line)), "\(text)")
            let json = try CLI.run(["inspect", "\(file).safetensors", "--json"], in: dir).json
            #expect(json["standardize"] as? Bool == standardized, "\(json)")
        }
    }

    /// gradcheck's table has each parameter's relative error and largest absolute difference in the columns
    /// its header names, as gradcheck --json gives them; the verdict compares the largest error with the
    /// tolerance the right way round (< when it passes, ≥ when it fails).
    @Test func gradcheckTableColumnsAndVerdictAreTheJSONs() throws {
        let args = ["gradcheck", "--data", CLI.data("iris.csv"), "--layers", "linear:4,tanh,linear"]
        let json = try CLI.run(args + ["--json"]).json
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        let text = try CLI.run(args)
        let lines = text.stdout.split(separator: "\n")
        #expect(text.status == 0 && lines.first?.hasPrefix("parameter      rel error   max |a−n|   sampled") == true, "\(text.stdout)")
        let e3 = { (x: Any?) in String(format: "%.3e", x as? Double ?? .nan) }
        #expect(lines.dropFirst().prefix(parameters.count).map { Array(fields($0).prefix(4)) }
                == parameters.map { [$0["name"] as? String ?? "?", e3($0["rel_error"]), e3($0["max_abs_diff"]), "\($0["checked_coordinates"] ?? "?")"] })
        #expect(parameters.contains { e3($0["rel_error"]) != e3($0["max_abs_diff"]) })
        let worst = e3(json["max_rel_error"])
        #expect(lines.last == Substring("PASS: largest relative error \(worst) < tolerance 1.0e-06"), "\(text.stdout)")
        let failed = try CLI.run(args + ["--tolerance", "1e-30"])
        #expect(failed.status == 1 && failed.stdout.contains("\nFAIL: largest relative error \(worst) ≥ tolerance 1.0e-30\n"), "\(failed.stdout)")
        // A tolerance that 3 digits cannot tell from the error, or 1 digit from 1: both get the digits they need.
        let tight = try #require(json["max_rel_error"] as? Double) * (1 + 1e-7)
        for tolerance in [tight, 0.9999999] {
            let verdict = try #require(try CLI.run(args + ["--tolerance", "\(tolerance)"]).stdout.split(separator: "\n").last)
            let numbers = verdict.split(separator: " ").compactMap { Double($0) }
            #expect(verdict.hasPrefix("PASS") && numbers.count == 2 && numbers[0] < numbers[1] && numbers[1] == tolerance, "\(verdict)")
        }
    }

    /// scale's training table has each scale's initial loss, learning rate and final loss in the columns its
    /// header names, as scale --json gives them.
    @Test func scaleTrainingTableColumnsAreTheJSONs() throws {
        let args = ["scale", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--scales", "1,10", "--train-epochs", "2"]
        let training = try #require(try CLI.run(args + ["--json"]).json["training"] as? [[String: Any]])
        let lines = try CLI.run(args).stdout.split(separator: "\n")
        let start = try #require(lines.firstIndex(of: "training:"))
        #expect(fields(lines[start + 1]) == ["scale", "initial", "loss", "lr", "final", "loss"])
        let four = { (x: Any?) in String(format: "%.4f", x as? Double ?? .nan) }
        #expect(lines[(start + 2)...].map(fields) == training.map {
            [String(format: "%g", $0["scale"] as? Double ?? .nan), four($0["initial_loss"]), String(format: "%g", $0["lr"] as? Double ?? .nan), four($0["final_loss"])]
        })
        #expect(training.allSatisfy { four($0["initial_loss"]) != four($0["final_loss"]) }, "\(training)")
    }

    /// --grad-stats prints each ReLU's dead fraction as a percentage, the fraction train --log writes
    /// (37.5% of 16 units dead after the first epoch of a model on unscaled inputs, then all of them).
    @Test func gradStatsPrintTheDeadFractionAsAPercentage() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--data", CLI.data("breast_cancer.csv"), "--layers", "linear:16,relu,linear", "--no-standardize",
                             "--epochs", "3", "--lr", "0.01", "--grad-stats", "--log", "g.csv", "--out", "g.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try String(contentsOf: dir.appendingPathComponent("g.csv"), encoding: .utf8).split(separator: "\n")
        let column = try #require(log.first?.split(separator: ",").firstIndex(of: "1.relu_dead"))
        let fractions = log.dropFirst().map { Double($0.split(separator: ",")[column]) ?? .nan }
        let printed = r.stderr.split(separator: "\n").filter { $0.hasPrefix("    1.relu ") }.map(fields)
        #expect(printed == fractions.map { ["1.relu", String(format: "%.1f%%", 100 * $0), "dead"] }, "\(r.stderr)")
        #expect(fractions.contains { $0 > 0 && $0 < 1 }, "a fraction strictly between 0 and 1: \(fractions)")
    }
}
