import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TinyNetIO

/// Progress on stderr, the metrics log, the SVG pictures and make-data, from the command line.
@Suite struct ProgressAndLogTests {
    let iris = ["--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--val-split", "0.2",
                "--batch-size", "16", "--lr", "0.05", "--momentum", "0.9"]
    let diabetes = ["--data", CLI.data("diabetes.csv"), "--task", "regression", "--layers", "linear:8,relu,linear",
                    "--val-split", "0.2", "--lr", "0.01", "--standardize-target"]

    /// A metrics log as header + rows of numbers (its fields never need quotes).
    func readLog(_ url: URL) throws -> (header: [String], rows: [[Double]]) {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan } }
        return (header, rows)
    }

    // MARK: progress

    @Test func pipedStderrHasOnlyTheEpochLinesAndNoControlCharacters() throws {
        let r = try CLI.run(["train"] + iris + ["--epochs", "3", "--out", "m.safetensors"], in: try CLI.temporaryDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\r"), "no escape codes or carriage returns: \(r.stderr.debugDescription)")
        let epochs = r.stderr.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
        #expect(epochs.count == 3)
        #expect(epochs.last?.hasPrefix("epoch 3/3  loss") == true)
        #expect(!r.stderr.contains("samples/s"), "no live line off a terminal")
        // First, the model: 4 inputs, 8 hidden, 3 classes: 4·8 + 8 + 8·3 + 3 = 67 parameters; 120 + 30 rows.
        #expect(r.stderr.hasPrefix("model 4-8-3 [linear:8, relu, linear:3], 67 parameters; 120 training rows, 30 validation rows\n"),
                "\(r.stderr)")
    }

    @Test func quietPrintsOnlyTheFinalSummary() throws {
        let r = try CLI.run(["train"] + iris + ["--epochs", "3", "--quiet", "--out", "m.safetensors"], in: try CLI.temporaryDirectory())
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("trained 3 epochs"))
    }

    @Test func aTerminalGetsALiveLineRedrawnInPlaceThenTheEpochLines() throws {
        let r = try CLI.runInTerminal(["train"] + iris + ["--epochs", "3", "--out", "m.safetensors"], in: try CLI.temporaryDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("\r") && r.stderr.contains("\u{1B}[K"), "redrawn in place: \(r.stderr.debugDescription)")
        let live = r.stderr.split(separator: "\r").filter { $0.hasPrefix("epoch 1/3 [") }
        #expect(!live.isEmpty, "a live line with a bar: \(r.stderr.debugDescription)")
        for line in live {
            let text = line.replacingOccurrences(of: "\u{1B}[K", with: "")
            #expect(text.contains("samples/s") && text.contains("loss ") && text.contains(" ETA "))
            #expect(text.count < 100, "fits the terminal's 100 columns")
        }
        #expect(r.stderr.contains("epoch 3/3  loss"), "the final per-epoch lines")
    }

    /// A terminal that says it cannot redraw a line (TERM=dumb: Emacs' shell, some CI consoles) gets the plain
    /// per-epoch lines, as a pipe does.
    @Test func aDumbTerminalGetsThePlainLines() throws {
        let r = try CLI.runInTerminal(["train"] + iris + ["--epochs", "3", "--out", "m.safetensors"], in: try CLI.temporaryDirectory(),
                                      environment: ["TERM": "dumb"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}") && r.stderr.contains("epoch 3/3  loss"), "\(r.stderr.debugDescription)")
    }

    @Test func meterInTerminalModeDrawsABarAtMostTenTimesASecond() {
        var meter = ProgressMeter(epochs: 10, batchSize: 32, columns: 100)
        meter.start(now: 0)
        for b in 1...4 { _ = meter.batch(epoch: 1, batch: b, batches: 20, runningLoss: 0.5, now: UInt64(b) * 1_000_000_000) }
        let first = meter.batch(epoch: 1, batch: 5, batches: 20, runningLoss: 0.5, now: 5_000_000_000)
        #expect(first?.hasPrefix("\repoch 1/10 [") == true, "\(first ?? "nil")")
        #expect(first?.hasSuffix("\u{1B}[K") == true)
        #expect(first?.contains("=====>") == true, "a quarter of the bar")
        #expect(first?.contains(" 5/20  loss 0.5000  32 samples/s  0:05 ETA 0:15") == true, "\(first ?? "nil")")
        #expect(meter.batch(epoch: 1, batch: 6, batches: 20, runningLoss: 0.5, now: 5_050_000_000) == nil, "throttled")
        #expect(meter.batch(epoch: 1, batch: 7, batches: 20, runningLoss: 0.5, now: 5_150_000_000) != nil)
        #expect(meter.endEpoch(samples: 640, now: 6_000_000_000) == "\r\u{1B}[K")
        #expect(meter.clear() == "", "nothing left to erase")
        // Resumed in the middle of an epoch: the rate counts only the batches trained since the start.
        var resumed = ProgressMeter(epochs: 10, batchSize: 32, columns: 100)
        resumed.start(now: 0)
        let line11 = resumed.batch(epoch: 3, batch: 11, batches: 20, runningLoss: 0.5, now: 1_000_000_000) ?? ""
        #expect(line11.contains(" 11/20  loss 0.5000  32 samples/s  0:01 ETA 0:09"), "\(line11)")
        // The bar keeps its width while the numbers after it grow (batch count, loss, rate, times).
        var steady = ProgressMeter(epochs: 10, batchSize: 32, columns: 80)
        steady.start(now: 0)
        var widths = Set<Int>()
        for b in 1...200 {
            let line = steady.batch(epoch: 1, batch: b, batches: 200, runningLoss: b < 100 ? 0.5 : 12.3456,
                                    now: UInt64(b) * 1_000_000_000) ?? ""
            if let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") { widths.insert(line.distance(from: open, to: close)) }
        }
        #expect(widths.count == 1, "bar widths \(widths)")
        var narrow = ProgressMeter(epochs: 10, batchSize: 32, columns: 50)
        let line = narrow.batch(epoch: 1, batch: 1, batches: 20, runningLoss: 1, now: 1) ?? ""
        #expect(line.count - 4 < 50, "never wider than the terminal: \(line.debugDescription)")
    }

    // MARK: metrics log

    /// Validation rows that overflow inside the network make a NaN validation loss: train says so once,
    /// logs "nan" (never C's "-nan"), and plot reads the log it wrote, leaving a gap in the curve.
    @Test(arguments: [[], ["--stream"]])
    func aNonFiniteValidationLossIsLoggedWarnedAndPlotted(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n")
        let huge = [String(lines[0])] + lines.dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (fields.dropLast().map { "\(Double($0)! * 3e37)" } + [String(fields.last!)]).joined(separator: ",")
        }
        try huge.joined(separator: "\n").write(to: dir.appendingPathComponent("huge.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--val-data", "huge.csv", "--layers", "linear:16,relu,linear",
                             "--epochs", "2", "--log", "l.csv", "--out", "m.safetensors"] + stream, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "warning: the validation loss of epoch 1 is not finite").count == 2, "once: \(r.stderr)")
        #expect(r.stderr.contains("val_loss nan") && !r.stderr.contains("-nan") && !r.stdout.contains("-nan"), "\(r.stderr)")
        let log = try String(contentsOf: dir.appendingPathComponent("l.csv"), encoding: .utf8)
        #expect(log.contains(",nan,") && !log.contains("-nan"), "\(log)")
        let plot = try CLI.run(["plot", "l.csv", "--out", "l.svg"], in: dir)
        #expect(plot.status == 0, "\(plot.stderr)")
        let svg = try Data(contentsOf: dir.appendingPathComponent("l.svg"))
        #expect(XMLParser(data: svg).parse(), "the SVG parses")
    }

    @Test func theLogHasOneWellFormedRowPerEpochAndAppends() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train"] + iris + ["--epochs", "4", "--log", "m.csv", "--out", "m.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var log = try readLog(dir.appendingPathComponent("m.csv"))
        #expect(log.header == ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"])
        #expect(log.rows.map { $0.first } == [1, 2, 3, 4])
        for row in log.rows {
            #expect(row.count == 7 && row.allSatisfy(\.isFinite), "\(row)")
            #expect((0...1).contains(row[2]) && (0...1).contains(row[4]) && row[5] == 0.05 && row[6] >= 0)
        }
        #expect(try CLI.run(["train"] + iris + ["--epochs", "2", "--log", "m.csv", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        log = try readLog(dir.appendingPathComponent("m.csv"))
        #expect(log.rows.count == 6, "appended under the same header")
    }

    @Test func regressionLogsR2AndAMismatchedLogIsAnErrorBeforeTraining() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train"] + diabetes + ["--epochs", "2", "--log", "r.csv", "--out", "r.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try readLog(dir.appendingPathComponent("r.csv"))
        #expect(log.header == ["epoch", "train_loss", "val_loss", "val_r2", "lr", "seconds"])
        #expect(log.rows.count == 2 && log.rows.allSatisfy { $0.count == 6 })
        let before = try Data(contentsOf: dir.appendingPathComponent("r.csv"))
        let bad = try CLI.run(["train"] + iris + ["--epochs", "2", "--log", "r.csv", "--out", "c.safetensors"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("r.csv") && bad.stderr.contains("columns"), "\(bad.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("r.csv")) == before, "the log is left alone")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.safetensors").path), "nothing trained")
    }

    @Test func gradStatsAddColumnsPerParameterAndActivation() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train"] + iris + ["--epochs", "3", "--grad-stats", "--log", "g.csv", "--quiet", "--out", "g.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try readLog(dir.appendingPathComponent("g.csv"))
        let expected = ["0.weight", "0.bias", "2.weight", "2.bias"].flatMap { ["\($0)_norm", "\($0)_grad_norm", "\($0)_update_ratio"] } + ["1.relu_dead"]
        #expect(Array(log.header.dropFirst(7)) == expected)
        #expect(log.rows.count == 3 && log.rows.allSatisfy { $0.count == 7 + expected.count })
    }

    /// A ReLU with no Linear before it (on the inputs themselves) counts its dead units too: one per input feature.
    @Test func gradStatsCountAReLUOnTheInputs() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "relu,linear:8,relu,linear", "--epochs", "2",
                             "--grad-stats", "--log", "g.csv", "--out", "g.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0.relu") && r.stderr.contains("2.relu"), "\(r.stderr)")
        let log = try readLog(dir.appendingPathComponent("g.csv"))
        let dead = ["0.relu_dead", "2.relu_dead"].compactMap { log.header.firstIndex(of: $0) }
        #expect(dead.count == 2, "\(log.header)")
        // Standardized features are positive in some rows: no input unit is dead.
        #expect(log.rows.count == 2 && log.rows.allSatisfy { Double($0[dead[0]]) == 0 })
    }

    // MARK: pictures

    @Test func trainPlotAndPlotCommandDrawLossAndAccuracyCurves() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--data", CLI.data("iris.csv"), "--epochs", "5",
                             "--log", "m.csv", "--plot", "train.svg", "--quiet", "--out", "m.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let series = ["train loss", "validation loss", "train accuracy", "validation accuracy"]
        let trained = try #require(try SVGContents.parse(dir.appendingPathComponent("train.svg")), "well-formed XML")
        #expect(trained.seriesNames == series)
        #expect(trained.text.contains("tinynet: iris"), "the config's name in the title")
        #expect(trained.elements.isDisjoint(with: ["script", "image", "a", "foreignObject"]))
        #expect(!trained.attributes.contains { $0.contains("href") })

        let p = try CLI.run(["plot", "m.csv", "--out", "log.svg"], in: dir)
        #expect(p.status == 0, "\(p.stderr)")
        let plotted = try #require(try SVGContents.parse(dir.appendingPathComponent("log.svg")))
        #expect(plotted.seriesNames == series)
        #expect(plotted.text.contains("m.csv"))
    }

    @Test func aRegressionLogPlotsR2AndABadLogIsAnError() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + diabetes + ["--epochs", "3", "--log", "r.csv", "--quiet", "--out", "r.safetensors"], in: dir).status == 0)
        #expect(try CLI.run(["plot", "r.csv", "--out", "r.svg"], in: dir).status == 0)
        let svg = try #require(try SVGContents.parse(dir.appendingPathComponent("r.svg")))
        #expect(svg.seriesNames == ["train loss", "validation loss", "validation R²"])
        try "a,b\n1,2\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["plot", "bad.csv", "--out", "bad.svg"], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("bad.csv:1: not a metrics log (train --log writes one): no column \"epoch\" or \"train_loss\""),
                "\(bad.stderr)")
        // "-" reads the log from standard input (read twice, kept in memory).
        let piped = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "\"$0\" plot - --out p.svg < r.csv", CLI.binary.path], in: dir)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try SVGContents.parse(dir.appendingPathComponent("p.svg"))?.seriesNames == svg.seriesNames)
    }

    @Test func evalPlotDrawsTheConfusionMatrixWithACellPerClassPair() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + iris + ["--epochs", "20", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        let e = try CLI.run(["eval", "--model", "m.safetensors", "--data", CLI.data("iris.csv"), "--plot", "cm.svg"], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        let svg = try #require(try SVGContents.parse(dir.appendingPathComponent("cm.svg")))
        #expect(svg.cells == 9, "3 classes × 3")
        #expect(svg.text.contains("Confusion matrix"))
        #expect(try CLI.run(["train"] + diabetes + ["--epochs", "1", "--quiet", "--out", "r.safetensors"], in: dir).status == 0)
        let regression = try CLI.run(["eval", "--model", "r.safetensors", "--data", CLI.data("diabetes.csv"), "--plot", "r.svg"], in: dir)
        #expect(regression.status == 2 && regression.stderr.contains("confusion matrix"), "\(regression.stderr)")
    }

    // MARK: make-data and the spiral

    @Test(arguments: [("spiral", 3), ("xor", 2), ("circles", 2), ("moons", 2)])
    func makeDataIsReproducibleAndHasTheRequestedShape(kind: String, classes: Int) throws {
        let dir = try CLI.temporaryDirectory()
        for (file, seed) in [("a.csv", "3"), ("b.csv", "3"), ("c.csv", "4")] {
            let r = try CLI.run(["make-data", kind, "--samples", "150", "--noise", "0.1", "--seed", seed, "--out", file], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = try Data(contentsOf: dir.appendingPathComponent("a.csv"))
        #expect(a == (try Data(contentsOf: dir.appendingPathComponent("b.csv"))), "same seed, same bytes")
        #expect(a != (try Data(contentsOf: dir.appendingPathComponent("c.csv"))), "another seed, other points")
        let lines = String(decoding: a, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "x1,x2,label" && lines.count == 151)
        let rows = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.allSatisfy { $0.count == 3 })
        #expect(Set(rows.map { Int($0[2]) }) == Set(0..<classes))
        let stdout = try CLI.run(["make-data", kind, "--samples", "150", "--noise", "0.1", "--seed", "3"], in: dir)
        #expect(Data(stdout.stdout.utf8) == a, "standard output without --out")
        let dash = try CLI.run(["make-data", kind, "--samples", "150", "--noise", "0.1", "--seed", "3", "--out", "-"], in: dir)
        #expect(Data(dash.stdout.utf8) == a, "--out - is standard output, as for predict")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
    }

    /// An --out that is a directory, or in one that does not exist, is named as such (not the temporary file).
    @Test func plotAndMakeDataNameABadOutPath() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train"] + iris + ["--epochs", "1", "--log", "l.csv", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        for command in [["make-data", "xor"], ["plot", "l.csv"]] {
            for out in [".", "no/such/dir/x"] {
                let r = try CLI.run(command + ["--out", out], in: dir)
                #expect(r.status != 0 && r.stderr.contains(out) && !r.stderr.contains(".tmp"), "\(command) \(out): \(r.stderr)")
            }
        }
    }

    @Test func makeDataRejectsBadArguments() throws {
        #expect(try CLI.run(["make-data", "spiral", "--samples", "0"]).status == 2)
        #expect(try CLI.run(["make-data", "spirals"]).status == 2)
        #expect(try CLI.run(["make-data", "moons", "--noise", "-1"]).status == 2)
    }

    @Test func theBundledSpiralIsMakeDataOutputAndItsConfigFitsIt() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["make-data", "spiral", "--samples", "300", "--noise", "0.2", "--seed", "0", "--out", "s.csv"], in: dir).status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("s.csv")) == (try Data(contentsOf: URL(fileURLWithPath: CLI.data("spiral.csv")))))
        let r = try CLI.run(["train", "--config", CLI.config("spiral.toml"), "--data", CLI.data("spiral.csv"), "--quiet", "--out", "s.safetensors"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let e = try CLI.run(["eval", "--model", "s.safetensors", "--data", CLI.data("spiral.csv"), "--json"], in: dir)
        #expect((e.json["accuracy"] as? Double ?? 0) >= 0.95, "\(e.stdout)")
    }
}
