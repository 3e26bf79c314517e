import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// gradcheck and scale from the command line.
@Suite struct InstrumentCLITests {
    /// The initial-loss check catches unscaled inputs (many times ln C) and stays quiet for the usual
    /// He/Glorot start on standardized data (up to about twice ln C).
    @Test func theInitialLossWarningCatchesUnscaledInputs() throws {
        let dir = try CLI.temporaryDirectory()
        let flags = ["train", "--data", CLI.data("breast_cancer.csv"), "--layers", "linear:64,relu,linear", "--epochs", "1", "--out", "m.safetensors"]
        let raw = try CLI.run(flags + ["--no-standardize"], in: dir)
        #expect(raw.stderr.contains("warning: the initial loss is more than 3 times its expected value"), "\(raw.stderr)")
        for data in ["breast_cancer.csv", "wine.csv", "digits.csv.gz", "iris.csv"] {
            let standardized = try CLI.run(["train", "--data", CLI.data(data), "--layers", "linear:64,relu,linear", "--epochs", "1", "--out", "m.safetensors"], in: dir)
            #expect(standardized.status == 0 && !standardized.stderr.contains("initial loss is more"), "\(data): \(standardized.stderr)")
        }
    }

    @Test func gradcheckPassesAndItsVerdictIsTheExitStatus() throws {
        let pass = try CLI.run(["gradcheck", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"), "--json"])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect((pass.json["max_rel_error"] as? Double ?? 1) < 1e-6)
        #expect((pass.json["parameters"] as? [[String: Any]])?.count == 4)
        // An impossible tolerance makes the same check fail: exit 1.
        let fail = try CLI.run(["gradcheck", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"), "--tolerance", "1e-30"])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL"))
    }

    /// A check long enough to wait on shows a live line on a terminal, erased before the table; to a pipe,
    /// nothing but the table.
    @Test func gradcheckShowsItsProgressOnATerminalOnly() throws {
        // 64-128-10 on 100 rows: 9 610 coordinates, two forward passes each, half a second.
        let flags = ["gradcheck", "--data", CLI.data("digits.csv.gz"), "--layers", "linear:128,relu,linear", "--samples", "100"]
        let terminal = try CLI.runInTerminal(flags, in: try CLI.temporaryDirectory())
        #expect(terminal.status == 0, "\(terminal.stderr)")
        let live = terminal.stderr.split(separator: "\r").filter { $0.hasPrefix("gradcheck ") }
        #expect(!live.isEmpty, "a live line: \(terminal.stderr.debugDescription)")
        for line in live {
            #expect(line.contains(" [") && line.contains("/9610 coordinates") && line.contains(" ETA "), "\(line)")
            #expect(line.count < 100, "fits the terminal's 100 columns")
        }
        #expect(terminal.stderr.hasSuffix("\r\u{1B}[K"), "the line is erased at the end: \(terminal.stderr.debugDescription)")
        let piped = try CLI.run(flags)
        // Off a terminal no live line; a busy machine may make the check long enough for the note.
        #expect(piped.status == 0 && !piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"), "\(piped.stderr.debugDescription)")
        #expect(piped.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("note: checking all 9610 coordinates") }, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("parameter "), "\(piped.stdout)")
    }

    @Test func gradcheckCoordinatesSamplesLargeTensors() throws {
        let r = try CLI.run(["gradcheck", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"),
                             "--coordinates", "10", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let parameters = r.json["parameters"] as? [[String: Any]] ?? []
        // iris.toml is 4-16-3: 64 and 48 weights sampled to 10; 16 and 3 biases: 10 and all 3.
        #expect(parameters.map { $0["checked_coordinates"] as? Int } == [10, 10, 10, 3], "\(r.stdout)")
        #expect(try CLI.run(["gradcheck", "--config", CLI.config("iris.toml"), "--coordinates", "0"]).status == 2)
    }

    /// One row standardizes to zeros, which meet the zero initial biases: every first-layer ReLU input is
    /// exactly at its kink, where no step can check the bias. It is named as not checkable, left out of the
    /// verdict, and the advice of a smaller step, which cannot help, is not given. (The raw target keeps the
    /// loss above 0, so the output bias has a gradient to check: with a standardized one, every gradient is 0.)
    @Test func aTensorAtTheKinkIsNotCheckableAtAnyStep() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,y\n1,2,5\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let flags = ["gradcheck", "--data", "one.csv", "--task", "regression", "--layers", "linear:4,relu,linear", "--no-standardize-target"]
        for step in ["1e-5", "1e-9"] {
            let text = try CLI.run(flags + ["--step", step], in: dir)
            #expect(text.status == 0 && text.stdout.contains("0.bias not checkable: every coordinate moves a ReLU input that is exactly 0"),
                    "\(text.stdout)")
            #expect(text.stdout.contains("PASS") && !text.stdout.contains("smaller --step"), "\(text.stdout)")
        }
        let r = try CLI.run(flags + ["--json"], in: dir)
        let bias = (r.json["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "0.bias" }
        #expect(r.status == 0 && r.json["passed"] as? Bool == true && r.json["not_checkable"] as? [String] == ["0.bias"], "\(r.stdout)")
        #expect(bias?["rel_error"] is NSNull && bias?["at_kink_coordinates"] as? Int == 4, "\(r.stdout)")
    }

    /// A raw target around 3e5 (a loss near 1e11) fails a correct gradient at the default step by rounding
    /// alone: the advice is a larger step, the one suggested passes, and the pass/fail rule is unchanged.
    @Test func aFailureByRoundingAdvisesALargerStep() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<40).map { i in "\(Double(i % 7) / 3),\(Double(i % 5) - 2),\(300_000 + 2_500 * (i % 9))" }
        try ("a,b,price\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let flags = ["gradcheck", "--data", "p.csv", "--task", "regression", "--no-standardize-target", "--layers", "linear:16,relu,linear"]
        let r = try CLI.run(flags, in: dir)
        #expect(r.status == 1 && r.stdout.contains("FAIL") && r.stdout.contains("at the level of rounding error"), "\(r.stdout)")
        #expect(r.stdout.contains("Try --step 1e-04") && r.stdout.contains("--standardize-target") && !r.stdout.contains("try a smaller --step"), "\(r.stdout)")
        let json = try CLI.run(flags + ["--json"], in: dir)
        let levels = (json.json["parameters"] as? [[String: Any]] ?? []).compactMap { $0["rounding_level"] as? Double }
        #expect(levels.count == 4 && levels.allSatisfy { $0 > 0.1 }, "\(json.stdout)")
        #expect(try CLI.run(flags + ["--step", "1e-4"], in: dir).status == 0, "the suggested step passes")
    }

    @Test(arguments: ["sigmoid", "tanh"], ["softmax_ce", "bce"])
    func gradcheckCoversLayersAndLosses(activation: String, loss: String) throws {
        let r = try CLI.run(["gradcheck", "--data", CLI.data("wine.csv"), "--layers", "linear:6,\(activation),linear",
                             "--loss", loss, "--json"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    }

    /// gradcheck and scale take every config flag (they read data and build the model as train does) but
    /// train differently or not at all: a training flag they would ignore is refused, naming it; the same
    /// key in a config file is not (the file serves train too).
    @Test func instrumentsRefuseTrainingFlagsTheyIgnore() throws {
        let iris = ["--data", CLI.data("iris.csv"), "--layers", "linear:4,tanh,linear"]
        let gradcheck = try CLI.run(["gradcheck"] + iris + ["--epochs", "5", "--dtype", "f32"])
        #expect(gradcheck.status == 2 && gradcheck.stderr.contains("--epochs, --dtype have no effect here: gradcheck"), "\(gradcheck.stderr)")
        let scale = try CLI.run(["scale"] + iris + ["--out", "x.safetensors"])
        #expect(scale.status == 2 && scale.stderr.contains("--out has no effect here: scale"), "\(scale.stderr)")
        let inverted = try CLI.run(["gradcheck"] + iris + ["--no-nesterov"])
        #expect(inverted.status == 2 && inverted.stderr.contains("--no-nesterov has no effect here"), "\(inverted.stderr)")
        let untrained = try CLI.run(["scale"] + iris + ["--lr", "0.5"])
        #expect(untrained.status == 2 && untrained.stderr.contains("--lr has no effect here: scale trains only with --train-epochs N"), "\(untrained.stderr)")
        #expect(try CLI.run(["scale"] + iris + ["--lr", "0.5", "--train-epochs", "1", "--scales", "1"]).status == 0)
        #expect(try CLI.run(["gradcheck", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv")]).status == 0,
                "iris.toml sets epochs, lr and out: a config file's training keys are not refused")
    }

    /// The help of gradcheck and scale lists only the flags they use: the training flags they refuse are
    /// hidden (scale shows the optimizer's, which --train-epochs uses); train lists all of them.
    @Test func instrumentHelpHidesTheFlagsTheyRefuse() throws {
        // The flags named at the start of a line of the OPTIONS section ("  --nesterov/--no-nesterov").
        func flags(_ command: String) throws -> Set<String> {
            let options = try CLI.run([command, "--help"]).stdout.components(separatedBy: "OPTIONS:").last ?? ""
            return Set(options.split(separator: "\n").compactMap { line in
                line.split(separator: " ").first.flatMap { $0.hasPrefix("--") ? String($0.split(separator: "/")[0]) : nil }
            })
        }
        let (train, gradcheck, scale) = (try flags("train"), try flags("gradcheck"), try flags("scale"))
        let optimizer: Set = ["--batch-size", "--lr", "--momentum", "--nesterov", "--weight-decay"]
        let run: Set = ["--epochs", "--lr-schedule", "--dtype", "--out"]
        #expect(train.isSuperset(of: optimizer.union(run).union(["--layers", "--init", "--header"])), "\(train)")
        #expect(gradcheck.isDisjoint(with: optimizer.union(run)) && gradcheck.isSuperset(of: ["--layers", "--samples"]), "\(gradcheck)")
        #expect(scale.isSuperset(of: optimizer.union(["--layers", "--train-epochs"])) && scale.isDisjoint(with: run), "\(scale)")
    }

    /// --threads is the thread count of the large products, and bench reports it after running cases whose
    /// small products ran on one thread (the count OpenBLAS is set to then).
    @Test func benchReportsTheThreadsOfTheLargeProducts() throws {
        let r = try CLI.run(["bench", "--case", "tiny", "--epochs", "1", "--threads", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json["threads"] as? Int == 2, "\(r.stdout)")
    }

    @Test func scaleReportsLocalRatiosAndTheCureForDivergence() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["scale", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"),
                             "--train-epochs", "20", "--compensate", "--plot", "scale.svg", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let scales = r.json["scales"] as? [[String: Any]] ?? []
        #expect(scales.map { $0["scale"] as? Double } == [1, 10, 100, 1000])
        for s in scales {
            let scale = s["scale"] as! Double, local = s["local_ratio"] as! Double
            #expect(abs(local - scale) / scale < 1e-6)
        }
        let training = r.json["training"] as? [[String: Any]] ?? []
        let base = training[0]["final_loss"] as! Double
        let big = training[3]
        // The scale-1 learning rate at scale 1000 diverges or stalls …
        if let loss = big["final_loss"] as? Double { #expect(loss >= base) }
        // … and dividing it by the scale trains: finite, below the initial loss and the uncompensated run.
        let cured = big["compensated_loss"] as! Double
        #expect(cured.isFinite && cured < big["initial_loss"] as! Double)
        if let loss = big["final_loss"] as? Double { #expect(cured < loss) }

        let svg = try Data(contentsOf: dir.appendingPathComponent("scale.svg"))
        let counter = SeriesCounter()
        let parser = XMLParser(data: svg)
        parser.delegate = counter
        #expect(parser.parse(), "the SVG is well-formed XML")
        #expect(counter.series == 4, "one series per parameter")
    }

    /// The table says what its ratios are; a --batch-size above the training rows measures all of them, with a
    /// warning (as gradcheck's --samples), and the default batch on a small file warns of nothing.
    @Test func scaleExplainsItsRatiosAndSaysWhenTheBatchIsShort() throws {
        let dir = try CLI.temporaryDirectory()
        try ("a,b,label\n" + (0..<9).map { "\($0),\($0 % 3),\($0 % 2)" }.joined(separator: "\n")).write(
            to: dir.appendingPathComponent("nine.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["scale", "--data", "nine.csv", "--layers", "linear:4,relu,linear", "--batch-size", "100"], in: dir)
        #expect(r.status == 0 && r.stderr == "warning: --batch-size 100: the training data has 9 rows, all of them measured\n", "\(r.stderr)")
        #expect(r.stdout.contains("local ratio: ‖dYᵀ·X_k‖ / ‖dYᵀ·X_1‖ for 0.weight, X_k being what it receives at scale k (k·X_1 here), with the upstream gradient dY held at its scale-1 value"), "\(r.stdout)")
        let quiet = try CLI.run(["scale", "--data", "nine.csv", "--layers", "linear:4,relu,linear"], in: dir)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// At the ends of Double's range the gradient norms neither overflow to inf nor underflow to 0: the local
    /// ratio is still k (DESIGN), 1e-170 and 1e170 alike.
    @Test func extremeScalesKeepTheirRatios() throws {
        let r = try CLI.run(["scale", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--scales", "1e-170,1,1e170", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        for s in r.json["scales"] as? [[String: Any]] ?? [] {
            let scale = s["scale"] as! Double
            #expect(abs((s["local_ratio"] as? Double ?? 0) / scale - 1) < 1e-9, "\(s)")
        }
    }

    /// A scale at which Float64 overflows measures nothing: the table shows nan there, and the command says
    /// why and exits 1 rather than report success.
    @Test func aScaleThatOverflowsIsAnError() throws {
        let r = try CLI.run(["scale", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--scales", "1,1e308"])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stdout.contains("nan") && r.stderr.contains("at --scales 1e308 the gradients are not finite"), "\(r.stderr)")
    }

    /// A layer list that starts with tanh feeds the first Linear tanh(k·X): its local ratio is not k, and
    /// scale says so (`local_ratio_is_scale` false, a note under the table) rather than print it as k.
    @Test func scaleSaysWhenTheLocalRatioIsNotTheScale() throws {
        let flags = ["scale", "--data", CLI.data("iris.csv"), "--layers", "tanh,linear:8,relu,linear", "--scales", "1,10"]
        let r = try CLI.run(flags + ["--json"])
        let local = (r.json["scales"] as? [[String: Any]])?.last?["local_ratio"] as? Double ?? 10
        #expect(r.status == 0 && r.json["local_ratio_is_scale"] as? Bool == false && abs(local - 10) > 1, "\(r.stdout)")
        let text = try CLI.run(flags)
        #expect(text.stdout.contains("the layers start with tanh: the first Linear receives tanh(k·X)"), "\(text.stdout)")
        let plain = try CLI.run(["scale", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--json"])
        #expect(plain.json["local_ratio_is_scale"] as? Bool == true, "\(plain.stdout)")
    }

    /// Constant features standardize to 0: every gradient is 0 at scale 1, and a ratio to 0 is undefined:
    /// null in JSON and "—" in the table with a note, not 0.
    @Test func scaleLeavesARatioToZeroUndefined() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,label\n1,2,0\n1,2,1\n1,2,0\n1,2,1\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let flags = ["scale", "--data", "c.csv", "--layers", "linear:4,relu,linear", "--scales", "1,10"]
        let r = try CLI.run(flags + ["--json"], in: dir)
        for s in r.json["scales"] as? [[String: Any]] ?? [] {
            #expect(s["local_ratio"] is NSNull && (s["layers"] as? [[String: Any]])?.allSatisfy { $0["ratio"] is NSNull } == true, "\(r.stdout)")
        }
        let text = try CLI.run(flags, in: dir)
        let row = text.stdout.split(separator: "\n").first { $0.hasPrefix("      10") }?.split(separator: " ") ?? []
        // scale, then each parameter's norm and ratio, then the local ratio: every ratio is "—".
        #expect(text.status == 0 && row.count == 10 && [2, 4, 6, 8, 9].allSatisfy { row[$0] == "—" }, "\(text.stdout)")
        #expect(text.stdout.contains("no ratio, as the gradient is 0 at scale 1"), "\(text.stdout)")
        // On the log-log plot a norm of 0 has no point: the legend says so.
        #expect(try CLI.run(flags + ["--plot", "s.svg"], in: dir).status == 0)
        let svg = try String(contentsOf: dir.appendingPathComponent("s.svg"), encoding: .utf8)
        #expect(svg.contains("0.weight (0 at every scale: not drawn)"), "\(svg)")
    }

    /// The training table has --compensate's two columns only with --compensate: without it, a header
    /// "lr / scale   final loss" over empty columns was printed.
    @Test func scaleTrainingPrintsOnlyTheColumnsThatApply() throws {
        let flags = ["scale", "--config", CLI.config("scale-demo.toml"), "--data", CLI.data("iris.csv"), "--train-epochs", "2", "--scales", "1,10"]
        func header(_ extra: [String]) throws -> String {
            let lines = try CLI.run(flags + extra).stdout.split(separator: "\n")
            let training = try #require(lines.firstIndex(of: "training:"))
            return String(lines[training + 1])
        }
        let plain = try header([])
        #expect(plain.components(separatedBy: "final loss").count == 2 && !plain.contains("lr / scale"), "\(plain)")
        let compensated = try header(["--compensate"])
        #expect(compensated.components(separatedBy: "final loss").count == 3 && compensated.contains("lr / scale"), "\(compensated)")
        // A loss wider than its column keeps a space before it (lr 0.5 and a loss of 803842710.0493 ran together).
        let wide = try CLI.run(["scale", "--config", CLI.config("scale-demo.toml"), "--lr", "0.5", "--train-epochs", "1"]).stdout
        let row = try #require(wide.split(separator: "\n").last { $0.hasPrefix("    1000") })
        #expect(row.split(separator: " ").count == 4, "\(row)")
    }

    /// --batch-size sizes the batch measured; the --train-epochs runs keep the config file's batch_size (the flag
    /// set both, which the help and README said it did not).
    @Test func scaleBatchSizeSizesTheMeasuredBatchNotTheTrainingOne() throws {
        let flags = ["scale", "--config", CLI.config("scale-demo.toml"), "--data", CLI.data("iris.csv"), "--train-epochs", "3",
                     "--scales", "1,10", "--json"]
        let measured64 = try CLI.run(flags).json, measured150 = try CLI.run(flags + ["--batch-size", "150"]).json
        func finalLosses(_ json: [String: Any]) -> [Double] {
            (json["training"] as? [[String: Any]] ?? []).compactMap { $0["final_loss"] as? Double }
        }
        func norms(_ json: [String: Any]) -> [Double] {
            (json["scales"] as? [[String: Any]] ?? []).flatMap { ($0["layers"] as? [[String: Any]] ?? []).compactMap { $0["grad_norm"] as? Double } }
        }
        #expect(finalLosses(measured64).count == 2 && finalLosses(measured64) == finalLosses(measured150), "\(measured64)\n\(measured150)")
        #expect(norms(measured64).count == 8 && norms(measured64) != norms(measured150), "\(norms(measured64))")
    }

    /// A gradient below 1e-12 fails on the absolute test no step changes, and the advice says it may be a true
    /// gradient that small: sigmoids saturated by inputs of ~1000 give 0.weight ≈ 6e-17 (PyTorch's autograd
    /// agrees), which it called "0 but for the rounding of its sums" only.
    @Test func gradcheckSaysAVanishingGradientMayBeTrue() throws {
        let r = try CLI.run(["gradcheck", "--data", CLI.data("iris.csv"), "--no-standardize", "--layers", "linear:16,sigmoid,linear",
                             "--input-scale", "1000"])
        #expect(r.status == 1 && r.stdout.contains("0.weight: ‖a‖+‖n‖ is below 1e-12")
            && r.stdout.contains("or too small for a central difference to confirm (saturated sigmoid or tanh units"), "\(r.stdout)")
    }

    /// A step or tolerance that is not finite is a usage error; a NaN in the table (a step that overflows the
    /// loss) prints "nan", as scale prints it, never C's "-nan".
    @Test func gradcheckRefusesAnInfiniteStepAndPrintsNaNPlainly() throws {
        let flags = ["gradcheck", "--data", CLI.data("iris.csv"), "--layers", "linear:4,tanh,linear"]
        let infinite = try CLI.run(flags + ["--step", "inf"])
        #expect(infinite.status == 2 && infinite.stderr.contains("--step and --tolerance must be positive finite numbers"), "\(infinite.stderr)")
        #expect(try CLI.run(flags + ["--tolerance", "inf"]).status == 2)
        // A relative error is at most 1: a tolerance of 1 or more would pass a wrong gradient.
        let loose = try CLI.run(flags + ["--tolerance", "1"])
        #expect(loose.status == 2 && loose.stderr.contains("a tolerance of 1 or more passes any gradient"), "\(loose.stderr)")
        let overflow = try CLI.run(flags + ["--step", "1e308"])
        #expect(overflow.status == 1 && overflow.stdout.contains(" nan ") && !overflow.stdout.contains("-nan"), "\(overflow.stdout)")
        #expect(overflow.stdout.contains("not finite"), "\(overflow.stdout)")
    }

    /// An empty entry in --scales is a usage error naming the flag (it was skipped silently).
    @Test func scaleRefusesAnEmptyScale() throws {
        for scales in ["1,,2", "1,10,", ",1"] {
            let r = try CLI.run(["scale", "--data", CLI.data("iris.csv"), "--layers", "linear:4,relu,linear", "--scales", scales])
            #expect(r.status == 2 && r.stderr.contains("--scales \"\(scales)\" has an empty entry"), "\(scales): \(r.stderr)")
        }
    }

    /// Scales multiply the inputs as train feeds them, the config's input_scale included: scale 1 with
    /// --input-scale 5 measures what scale 5 measures without it (same batch, same initial weights).
    @Test func scaleStartsFromTheConfigsInputScale() throws {
        func norms(_ flags: [String]) throws -> [Double] {
            let r = try CLI.run(["scale", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"), "--json"] + flags)
            #expect(r.status == 0, "\(r.stderr)")
            let layers = (r.json["scales"] as? [[String: Any]])?.first?["layers"] as? [[String: Any]] ?? []
            return layers.compactMap { $0["grad_norm"] as? Double }
        }
        let scaledByFlag = try norms(["--input-scale", "5", "--scales", "1"])
        let scaledByScale = try norms(["--scales", "5"])
        #expect(scaledByFlag.count == 4 && zip(scaledByFlag, scaledByScale).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($1), 1) },
                "\(scaledByFlag) vs \(scaledByScale)")
        #expect(scaledByFlag != (try norms(["--scales", "1"])))
    }
}

final class SeriesCounter: NSObject, XMLParserDelegate {
    var series = 0
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "g", attributes["class"] == "series" { series += 1 }
    }
}
