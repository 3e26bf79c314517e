import Foundation
import Testing

/// A label with thousands of classes (an id, or a quantity read as classes): train, eval and predict stay
/// linear in the classes — per-class metrics for all, the confusion matrix (classes² counts) only up to 1000
/// in `--json`, up to 30 in the table, a heat map only up to 100.
@Suite struct ManyClassesTests {
    /// One row per class: `rows` rows of two features, the label a distinct id.
    func idFile(rows: Int, in dir: URL) throws {
        let lines = (0..<rows).map { "\(Double($0 % 7) / 7),\(Double($0 % 11) / 11),\($0)" }
        try (["a,b,label"] + lines).joined(separator: "\n").write(to: dir.appendingPathComponent("ids.csv"), atomically: true, encoding: .utf8)
    }

    @Test func elevenHundredClassesGiveMetricsWithoutTheMatrix() throws {
        let dir = try CLI.temporaryDirectory()
        try idFile(rows: 1100, in: dir)
        let train = try CLI.run(["train", "--data", "ids.csv", "--layers", "linear:8,relu,linear", "--epochs", "1"], in: dir)
        #expect(train.status == 0 && train.stderr.contains("1100 distinct values in 1100 rows"), "\(train.stderr)")

        let json = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv", "--json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.json["confusion"] is NSNull && json.json["accuracy"] is Double, "\(json.stdout.prefix(300))")
        let perClass = json.json["per_class"] as? [[String: Any]] ?? []
        #expect(perClass.count == 1100 && perClass.allSatisfy { $0["support"] as? Int == 1 })

        let table = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv"], in: dir)
        #expect(table.status == 0 && table.stdout.contains("confusion matrix not shown: 1100 classes"), "\(table.stdout.suffix(300))")
        #expect(table.stdout.split(separator: "\n").count < 1100 + 20)  // a line per class, no matrix rows

        let plot = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv", "--plot", "c.svg"], in: dir)
        #expect(plot.status == 2 && plot.stderr.contains("up to 100 classes") && plot.stderr.contains("has 1100"), "\(plot.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.svg").path))

        let predict = try CLI.run(["predict", "--model", "model.safetensors", "--data", "ids.csv"], in: dir)
        let lines = predict.stdout.split(separator: "\n")
        #expect(predict.status == 0 && lines.count == 1101 && lines.allSatisfy { $0.split(separator: ",").count == 1101 })
    }

    /// 4300 rows × 1000 classes pass 2^22 output values: eval and predict score them in two passes, and predict's
    /// rows (its class and probabilities per row, in file order) agree with eval's accuracy.
    @Test func outputsBeyondOnePassArePredictedInPieces() throws {
        let dir = try CLI.temporaryDirectory()
        let lines = (0..<4300).map { "\(Double($0 % 7) / 7),\(Double($0 % 13) / 13),\($0 % 1000)" }
        try (["a,b,label"] + lines).joined(separator: "\n").write(to: dir.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "wide.csv", "--layers", "linear:8,relu,linear", "--epochs", "1", "--quiet"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--model", "model.safetensors", "--data", "wide.csv", "--json"], in: dir)
        let predict = try CLI.run(["predict", "--model", "model.safetensors", "--data", "wide.csv"], in: dir)
        let rows = predict.stdout.split(separator: "\n").dropFirst()
        #expect(predict.status == 0 && rows.count == 4300 && rows.allSatisfy { $0.split(separator: ",").count == 1001 })
        let correct = zip(rows, 0..<4300).filter { row, i in row.prefix { $0 != "," } == "\(i % 1000)" }.count
        #expect(abs((eval.json["accuracy"] as? Double ?? -1) - Double(correct) / 4300) < 1e-12, "\(eval.stdout.prefix(200))")
    }

    /// 40 classes: the table leaves out the 40-column matrix, --json has it whole.
    @Test func fortyClassesHaveTheMatrixInJSONOnly() throws {
        let dir = try CLI.temporaryDirectory()
        try idFile(rows: 40, in: dir)
        #expect(try CLI.run(["train", "--data", "ids.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        let json = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv", "--json"], in: dir)
        let confusion = json.json["confusion"] as? [[Int]] ?? []
        #expect(confusion.count == 40 && confusion.allSatisfy { $0.count == 40 } && confusion.flatMap { $0 }.reduce(0, +) == 40)
        let table = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv"], in: dir)
        #expect(table.stdout.contains("confusion matrix not shown: 40 classes (shown up to 30"), "\(table.stdout.suffix(300))")
    }

    /// 30 classes are the most whose matrix the table prints; 31 are left out.
    @Test func thirtyClassesAreTheMostTheTableShowsTheMatrixOf() throws {
        for classes in [30, 31] {
            let dir = try CLI.temporaryDirectory()
            try idFile(rows: classes, in: dir)
            #expect(try CLI.run(["train", "--data", "ids.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
            let table = try CLI.run(["eval", "--model", "model.safetensors", "--data", "ids.csv"], in: dir).stdout
            if classes == 30 {
                #expect(table.contains("confusion matrix (rows = true class, columns = predicted)"), "\(table.suffix(300))")
                #expect(table.split(separator: "\n").suffix(30).map { $0.split(separator: " ").count } == Array(repeating: 31, count: 30))
            } else {
                #expect(table.contains("confusion matrix not shown: 31 classes (shown up to 30"), "\(table.suffix(300))")
            }
        }
    }
}
