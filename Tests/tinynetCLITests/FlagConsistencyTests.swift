import Foundation
import Testing
import TinyNetIO

/// Flags that mean what a PyTorch or Keras user expects, and runs that cannot pretend to have done something.
@Suite struct FlagConsistencyTests {
    let iris = CLI.data("iris.csv")

    /// `train --help` gives each key's default, and it is the value --print-config resolves without a config.
    @Test func helpShowsTheDefaultsTrainUses() throws {
        let help = try CLI.run(["train", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let resolved = try CLI.run(["train", "--print-config"]).stdout
        for key in ["epochs", "batch_size", "lr", "momentum", "weight_decay", "seed", "dtype", "out", "lr_schedule"] {
            let line = resolved.split(separator: "\n").first { $0.hasPrefix("\(key) = ") }
            let value = try #require(line).dropFirst(key.count + 3).replacingOccurrences(of: "\"", with: "")
            let flag = "--" + key.replacingOccurrences(of: "_", with: "-")
            let entry = try #require(help.range(of: flag + " <"), "\(flag) in --help")
            let rest = help[entry.upperBound...], text = rest.range(of: " --").map { rest[..<$0.lowerBound] } ?? rest
            // "(default: V)", or "(default: V; with --resume, …)" where a case has its own.
            #expect(text.contains("(default: \(value))") || text.contains("(default: \(value); "), "\(flag): \(text)")
        }
    }

    /// A validation flag overrides the config's validation choice (any flag overrides the file); 0 means none.
    @Test func aValidationFlagReplacesTheConfigsSplit() throws {
        let dir = try CLI.temporaryDirectory()
        let out = ["--out", dir.appendingPathComponent("m.safetensors").path]  // the config's paths are relative to the repository
        let valData = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--val-data", iris, "--epochs", "1", "--json"] + out)
        #expect(valData.status == 0, "\(valData.stderr)")
        #expect(valData.stderr.contains("150 training rows, 150 validation rows"), "\(valData.stderr)")
        let none = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--val-split", "0", "--epochs", "1", "--json"] + out)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stderr.contains("150 training rows") && !none.stderr.contains("validation rows"), "\(none.stderr)")
        // Without validation rows the contract's keys are still there, as null.
        #expect(none.json.keys.contains("val_loss") && none.json["val_loss"] is NSNull, "\(none.stdout)")
        #expect(none.json["val_accuracy"] is NSNull, "\(none.stdout)")
        let both = try CLI.run(["train", "--data", iris, "--layers", "linear", "--val-data", iris, "--val-split", "0.2"], in: dir)
        #expect(both.status == 2 && both.stderr.contains("--val-data and --val-split"), "\(both.stderr)")
    }

    /// batch_size beyond the rows is one batch of every row (PyTorch's DataLoader): the same model as
    /// batch_size = rows, and no buffer of batch_size rows (Int.max used to allocate or overflow).
    @Test func aBatchSizeAboveTheRowsIsOneBatchOfEveryRow() throws {
        let dir = try CLI.temporaryDirectory()
        var losses: [Double] = []
        for size in ["150", "100000000", "9223372036854775807"] {
            for stream in [[], ["--stream", "--shuffle-buffer", size]] {
                let r = try CLI.run(["train", "--data", iris, "--layers", "linear:8,relu,linear", "--epochs", "3", "--lr", "0.1",
                                     "--batch-size", size, "--json", "--out", "m.safetensors"] + stream, in: dir)
                #expect(r.status == 0, "\(size) \(stream): \(r.stderr)")
                losses.append(r.json["train_loss"] as? Double ?? .nan)
            }
        }
        // In memory: identical for every size; streamed: identical across sizes too (the buffer holds every row).
        #expect(losses[0] == losses[2] && losses[0] == losses[4], "\(losses)")
        #expect(losses[1] == losses[3] && losses[1] == losses[5], "\(losses)")
        #expect(losses.allSatisfy { $0.isFinite && $0 > 0 }, "\(losses)")
    }

    /// --shuffle-buffer only sizes --stream's buffer; alone it would be ignored, so it is refused.
    @Test func aShuffleBufferWithoutStreamIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--data", iris, "--layers", "linear", "--shuffle-buffer", "5"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("add --stream"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
    }

    @Test func resumingACheckpointThatHasDoneItsEpochsIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train", "--data", iris, "--layers", "linear", "--epochs", "2", "--out", "m.safetensors"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        let r = try CLI.run(["train", "--resume", "m.safetensors", "--epochs", "2", "--json"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("already done 2 epochs") && r.stderr.contains("--epochs 3"), "\(r.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == before)
        let more = try CLI.run(["train", "--resume", "m.safetensors", "--epochs", "4", "--out", "m4.safetensors"], in: dir)
        #expect(more.status == 0 && more.stdout.contains("trained epochs 3–4 (4 in total)"), "\(more.stdout)")
    }

    @Test func bestCheckpointsWithoutValidationRowsAreRefused() throws {
        let dir = try CLI.temporaryDirectory()
        for flag in [["--early-stopping", "2"], ["--save-best"]] {
            let r = try CLI.run(["train", "--data", iris, "--layers", "linear"] + flag, in: dir)
            #expect(r.status == 2 && r.stderr.contains("--val-data FILE or --val-split"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
    }

    /// `--overfit-batch` is a check: it passes (exit 0) when the loss reaches near zero, fails (exit 1)
    /// when it does not, writes no checkpoint and does not claim one in --json.
    @Test func overfitBatchIsACheckWithAVerdict() throws {
        let dir = try CLI.temporaryDirectory()
        let flags = ["train", "--data", iris, "--layers", "linear:32,relu,linear", "--overfit-batch", "8", "--json"]
        let pass = try CLI.run(flags + ["--lr", "0.5", "--momentum", "0.9", "--epochs", "200"], in: dir)
        #expect(pass.status == 0 && pass.json["overfit_passed"] as? Bool == true, "\(pass.stdout) \(pass.stderr)")
        #expect(pass.json["checkpoint"] is NSNull && !pass.stderr.contains("overfit check"), "--json gives the verdict as overfit_passed: \(pass.stderr)")
        // iris is sorted by class: its first 8 rows are all class 0, which the output bias alone learns.
        #expect(pass.stderr.contains("warning: the 8 rows of --overfit-batch are all of one class"), "\(pass.stderr)")
        let fail = try CLI.run(flags + ["--lr", "0.001", "--epochs", "2"], in: dir)
        #expect(fail.status == 1 && fail.json["overfit_passed"] as? Bool == false, "\(fail.stdout) \(fail.stderr)")
        // The verdict is the command's result, on stdout after the summary; with more rows asked for than
        // the file has, it names the rows used.
        let all = try CLI.run(flags.filter { $0 != "--json" } + ["--overfit-batch", "100000", "--epochs", "1"], in: dir)
        let last = all.stdout.split(separator: "\n").last ?? ""
        #expect(last.hasPrefix("overfit check on 150 rows") && !all.stderr.contains("overfit check"), "\(all.stdout) \(all.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
        // The label warnings judge the file's rows, not the batch: digits' first 16 rows hold its 10 classes.
        let digits = try CLI.run(["train", "--data", CLI.data("digits.csv.gz"), "--layers", "linear", "--overfit-batch", "16", "--epochs", "1"], in: dir)
        #expect(!digits.stderr.contains("distinct values"), "\(digits.stderr)")
        let combined = try CLI.run(flags + ["--save-best", "--val-split", "0.2"], in: dir)
        #expect(combined.status == 2 && combined.stderr.contains("--overfit-batch writes no checkpoint"), "\(combined.stderr)")
    }

    /// A loss already below the bar before the first step (one regression row: its standardized target, 0,
    /// is what the initial model predicts for its standardized features, 0) proves nothing: the check says
    /// so rather than that the model can learn, and does not pass (exit 1, overfit_passed false).
    @Test func anOverfitCheckThatStartsAtZeroProvesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,y\n1,2,5\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let flags = ["train", "--data", "one.csv", "--task", "regression", "--layers", "linear:3,tanh,linear", "--overfit-batch", "1", "--epochs", "1"]
        let text = try CLI.run(flags, in: dir)
        #expect(text.status == 1 && text.stdout.contains("proved nothing: the loss was already below 0.01 before training"), "\(text.stdout)")
        #expect(!text.stdout.contains("can learn"), "\(text.stdout)")
        let json = try CLI.run(flags + ["--json"], in: dir)
        #expect(json.status == 1 && json.json["overfit_passed"] as? Bool == false && json.json["overfit_initial_loss"] as? Double == 0, "\(json.stdout)")
    }

    /// gradcheck on the same one row: every gradient is exactly 0 on both sides, so the check proves nothing and
    /// fails (it printed PASS with errors of 0); --samples above the rows there are is said.
    @Test func aGradcheckOfZeroGradientsProvesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,y\n1,2,5\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let flags = ["gradcheck", "--data", "one.csv", "--task", "regression", "--layers", "linear:3,tanh,linear"]
        let text = try CLI.run(flags, in: dir)
        #expect(text.status == 1 && text.stdout.contains("FAIL: every compared gradient is exactly 0"), "\(text.stdout)")
        #expect(text.stderr.contains("warning: --samples 8: the training data has 1 row, all of them checked"), "\(text.stderr)")
        let json = try CLI.run(flags + ["--json"], in: dir)
        #expect(json.status == 1 && json.json["passed"] as? Bool == false && json.json["proved_nothing"] as? Bool == true, "\(json.stdout)")
    }

    /// Counts of one are singular: a one-row file trains "on 1 row", a one-epoch checkpoint has "1 epoch",
    /// a regression needs "1 output".
    @Test func countsOfOneAreSingular() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,y\n1,2,5\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "one.csv", "--task", "regression", "--layers", "linear:3,tanh,linear", "--epochs", "1"], in: dir)
        #expect(train.status == 0 && train.stdout.contains("trained 1 epoch on 1 row in"), "\(train.stdout)")
        let inspect = try CLI.run(["inspect", "model.safetensors"], in: dir)
        #expect(inspect.stdout.contains("f32, 1 epoch, seed") && !inspect.stdout.contains("1 epochs"), "\(inspect.stdout)")
        let width = try CLI.run(["train", "--data", "one.csv", "--task", "regression", "--layers", "linear:3,tanh,linear:2"], in: dir)
        #expect(width.status == 2 && width.stderr.contains("needs 1 output;"), "\(width.stderr)")
    }

    /// A gradient check that compared nothing (every coordinate skipped across a ReLU kink: here the only
    /// Linear feeds a ReLU and the step is huge) fails.
    @Test func aGradcheckThatChecksNothingFails() throws {
        let r = try CLI.run(["gradcheck", "--data", iris, "--layers", "linear,relu", "--step", "10"])
        #expect(r.status == 1 && r.stdout.contains("FAIL: no coordinate was checked"), "\(r.stdout)")
    }

    /// A tensor none of whose coordinates was compared fails the check too, named, with its errors null:
    /// a constant feature (standardized to 0) leaves the first layer's ReLU inputs at their biases, so
    /// every bias coordinate moves an input across its kink at a step of 10.
    @Test func aTensorCheckedOnNothingFailsByName() throws {
        let dir = try CLI.temporaryDirectory()
        try ("a,b,label\n" + (0..<20).map { "1,\($0 % 4),\($0 % 2)" }.joined(separator: "\n")).write(
            to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["gradcheck", "--data", "c.csv", "--layers", "linear:4,relu,linear", "--step", "10", "--json"], in: dir)
        let parameters = r.json["parameters"] as? [[String: Any]] ?? []
        let bias = parameters.first { $0["name"] as? String == "0.bias" }
        #expect(bias?["rel_error"] is NSNull && bias?["kink_coordinates"] as? Int == 4, "\(r.stdout)")
        #expect(r.status == 1 && r.json["passed"] as? Bool == false, "\(r.stdout)")
        let text = try CLI.run(["gradcheck", "--data", "c.csv", "--layers", "linear:4,relu,linear", "--step", "10"], in: dir)
        #expect(text.status == 1 && text.stdout.contains("FAIL: no coordinate of 0.bias"), "\(text.stdout)")
    }

    /// Only coordinates whose perturbation moves a ReLU input are skipped: the output layer's never are,
    /// however close to 0 some ReLU input lies.
    @Test func gradcheckSkipsOnlyCoordinatesThatMoveAReLUInput() throws {
        let r = try CLI.run(["gradcheck", "--config", CLI.config("scale-demo.toml"), "--step", "0.01", "--json"])
        let parameters = r.json["parameters"] as? [[String: Any]] ?? []
        let kinks = Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as? String ?? "", $0["kink_coordinates"] as? Int ?? -1) })
        #expect(kinks["2.weight"] == 0 && kinks["2.bias"] == 0, "\(r.stdout)")
        #expect((kinks["0.weight"] ?? 0) < 64, "\(r.stdout)")
    }

    /// Only a perturbation that moves a ReLU input across 0 skips a coordinate: inputs scaled by 1e-6 leave the
    /// ReLU inputs within 1e-6 of 0, but a first-layer weight moves them by h·x ≈ 1e-11, never across; the biases
    /// move them by h itself and are skipped.
    @Test func gradcheckSkipsOnlyCoordinatesThatCrossAKink() throws {
        let dir = try CLI.temporaryDirectory()
        _ = try CLI.run(["make-data", "moons", "--out", "moons.csv"], in: dir)
        let r = try CLI.run(["gradcheck", "--data", "moons.csv", "--layers", "linear:8,relu,linear", "--input-scale", "1e-6", "--json"], in: dir)
        let parameters = r.json["parameters"] as? [[String: Any]] ?? []
        let kinks = Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as? String ?? "", $0["kink_coordinates"] as? Int ?? -1) })
        #expect(kinks == ["0.weight": 0, "0.bias": 8, "2.weight": 0, "2.bias": 0], "\(r.stdout)")
    }

    /// A gradient that is exactly 0 analytically meets rounding noise numerically (relative error 1 at any step):
    /// with a constant feature and alternating labels every gradient is 0, so the check proves nothing, and
    /// says so rather than blaming the tolerance.
    @Test func gradcheckOfGradientsZeroWithinRoundingProvesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        try ("a,label\n" + (0..<20).map { "5,\($0 % 2)" }.joined(separator: "\n")).write(
            to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["gradcheck", "--data", "c.csv", "--layers", "linear:4,tanh,linear", "--json"], in: dir)
        #expect(r.status == 1 && r.json["proved_nothing"] as? Bool == true
                    && r.json["zero_within_rounding"] as? [String] == ["0.bias"], "\(r.stdout)")
        // On 8 rows the analytic bias gradient cancels to exactly 0; on 12 its sums leave about 1e-17 against a numeric 0:
        // both are gradients of 0, and no step is suggested.
        for samples in ["8", "12", "20"] {
            let text = try CLI.run(["gradcheck", "--data", "c.csv", "--layers", "linear:4,tanh,linear", "--samples", samples], in: dir)
            #expect(text.stdout.contains("FAIL: every compared gradient is 0 (exactly, or but for rounding)") && !text.stdout.contains("--step"),
                    "\(samples): \(text.stdout)")
        }
    }

    /// gradcheck runs in Float64, so values beyond f32's range are checked, not refused.
    @Test func gradcheckAcceptsInputsOnlyFloat64Holds() throws {
        let r = try CLI.run(["gradcheck", "--data", iris, "--layers", "linear:4,tanh,linear", "--input-scale", "1e200", "--json"])
        #expect(r.status != 2 && !r.stderr.contains("that f32 holds"), "\(r.stderr)")
    }

    @Test func layerListsAreCheckedWhereTheyAreWritten() throws {
        let dir = try CLI.temporaryDirectory()
        let flag = try CLI.run(["train", "--data", iris, "--layers", "linear:8,,linear"], in: dir)
        #expect(flag.status == 2 && flag.stderr.contains("--layers: unknown layer \"\""), "\(flag.stderr)")
        try "data = \"\(iris)\"\nlayers = [\"linear:8\", \"conv\", \"linear\"]\n"
            .write(to: dir.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        let file = try CLI.run(["train", "--config", "bad.toml"], in: dir)
        #expect(file.status == 2 && file.stderr.contains("bad.toml: layers: unknown layer \"conv\""), "\(file.stderr)")
    }

    @Test(arguments: [["--threads", "-1"], ["--overfit-batch", "-1"], ["--save-every", "-2"]])
    func negativeNumbersReachTheirCheck(_ flag: [String]) throws {
        let r = try CLI.run(["train", "--data", iris, "--layers", "linear"] + flag)
        #expect(r.status == 2 && r.stderr.contains("\(flag[0]) must be at least 1"), "\(r.stderr)")
    }

    /// A byte of a number ("1e+5" read with "+" would be two fields to the eye and one number to the reader)
    /// cannot be the delimiter, nor can a quote or a line break.
    @Test func theDelimiterMustNotBeAByteOfANumberAQuoteOrALineBreak() throws {
        for command in [["train", "--data", iris, "--layers", "linear"], ["data", iris]] {
            for delimiter in ["\"", "\n", "5", "0", "+", "-", ".", "e", "E"] {
                let r = try CLI.run(command + ["--delimiter", delimiter])
                #expect(r.status == 2 && r.stderr.contains("other than a digit, \"+\", \"-\", \".\", \"e\", \"E\", a quote or a line break"),
                        "\(delimiter): \(r.stderr)")
            }
        }
    }

    /// A checkpoint of an earlier version, which took a digit as the delimiter, still opens, and eval reads
    /// its file with that delimiter.
    @Test func aCheckpointWithADigitDelimiterStillOpens() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<40).map { i in [i % 4 + 1, (i * 3) % 8, i % 2] }  // no 9 in any value
        try ("a,b,label\n" + rows.map { $0.map(String.init).joined(separator: ",") + "\n" }.joined())
            .write(to: dir.appendingPathComponent("comma.csv"), atomically: true, encoding: .utf8)
        try ("a9b9label\n" + rows.map { $0.map(String.init).joined(separator: "9") + "\n" }.joined())
            .write(to: dir.appendingPathComponent("nine.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "comma.csv", "--layers", "linear", "--epochs", "3", "--out", "m.safetensors", "--quiet"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let model = dir.appendingPathComponent("m.safetensors").path
        var file = try SafetensorsFile.load(path: model)
        file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"delimiter\":\",\"", with: "\"delimiter\":\"9\"")
        #expect(file.metadata["config"]!.contains("\"delimiter\":\"9\""))
        try file.write(toFile: model)
        #expect(try CLI.run(["inspect", "m.safetensors"], in: dir).status == 0)
        let nine = try CLI.run(["eval", "--model", "m.safetensors", "--data", "nine.csv", "--json"], in: dir)
        let comma = try CLI.run(["eval", "--model", "m.safetensors", "--data", "comma.csv", "--delimiter", ",", "--json"], in: dir)
        #expect(nine.status == 0 && !nine.stdout.isEmpty && nine.stdout == comma.stdout, "\(nine.stderr)")
    }

    @Test func theVersionIsPrinted() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0 && r.stdout.hasPrefix("tinynet "), "\(r.stdout)")
    }
}

/// What train reports about validation is what eval says of the checkpoint it wrote.
@Suite struct ReportedValidationTests {
    /// Class weights are for training only (as Keras): the validation loss is unweighted, eval's loss.
    @Test func aClassWeightedRunReportsEvalsValidationLoss() throws {
        let dir = try CLI.temporaryDirectory()
        let wine = CLI.data("wine.csv")
        let train = try CLI.run(["train", "--data", wine, "--val-data", wine, "--class-weight", "balanced", "--layers", "linear:8,relu,linear",
                                 "--epochs", "3", "--json", "--out", "m.safetensors"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", wine, "--json"], in: dir)
        let (a, b) = (train.json["val_loss"] as? Double ?? .nan, eval.json["loss"] as? Double ?? .nan)
        #expect(abs(a - b) <= 1e-6 * b, "train \(a) vs eval \(b)")
    }

    /// With --save-best (or --early-stopping) the checkpoint is the best epoch's, and so are the
    /// validation scores train reports for it.
    @Test(arguments: [["--save-best"], ["--early-stopping", "3"]])
    func aRunKeepingTheBestReportsTheBestEpochsScores(_ policy: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let iris = CLI.data("iris.csv")
        let train = try CLI.run(["train", "--data", iris, "--layers", "linear:16,relu,linear", "--val-split", "0.3", "--lr", "0.5",
                                 "--momentum", "0.9", "--epochs", "30", "--out", "b.safetensors", "--json", "--log", "l.csv"] + policy, in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let best = train.json["best_epoch"] as? Int ?? 0
        let rows = try String(contentsOf: dir.appendingPathComponent("l.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let bestRow = rows.first { $0.hasPrefix("\(best),") }?.split(separator: ",")
        #expect(bestRow != nil && best < (train.json["epochs"] as? Int ?? 0), "the best is not the last epoch here: \(train.stdout)")
        let loggedLoss = bestRow.flatMap { Double($0[3]) } ?? .nan
        let reported = train.json["val_loss"] as? Double ?? .nan
        #expect(abs(reported - loggedLoss) <= 1e-5 * loggedLoss, "reported \(reported), epoch \(best) logged \(loggedLoss)")
    }
}
