import Foundation
import Testing

/// predict and eval read files as the model's training file was read, row for row.
@Suite struct PredictRowsTests {
    let iris = CLI.data("iris.csv")

    func irisLines() throws -> [String] {
        try String(contentsOfFile: iris, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func trainModel(in dir: URL, _ extra: [String] = [], data: String? = nil) throws {
        let r = try CLI.run(["train", "--data", data ?? iris, "--layers", "linear:8,relu,linear", "--epochs", "5", "--out", "m.safetensors"] + extra, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// The file to predict often has an empty label column: predict does not read it.
    @Test func anEmptyLabelColumnIsNotReadByPredict() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let lines = try irisLines()
        let blank = [lines[0]] + lines.dropFirst().map { $0.split(separator: ",").dropLast().joined(separator: ",") + "," }
        try blank.joined(separator: "\n").write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["predict", "--model", "m.safetensors", "--data", "new.csv"], in: dir)
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 151, "\(r.stderr)")
        #expect(!r.stderr.contains("ignoring"), "\(r.stderr)")
    }

    /// Output rows stay aligned with input rows: they stop at the first bad row, whatever --max-errors,
    /// and every good row before it is written (not only whole chunks).
    @Test(arguments: [1, 5])
    func predictionsStopAtTheFirstBadRow(_ maxErrors: Int) throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let lines = try irisLines()
        var rows = [lines[0]]
        for i in 0..<3000 { rows.append(lines[1 + i % 150]) }
        rows[2001] = "1,oops,2,3,0"  // data row 2001, file line 2002
        try rows.joined(separator: "\n").write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["predict", "--model", "m.safetensors", "--data", "bad.csv", "--max-errors", "\(maxErrors)"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("bad.csv:2002:2"), "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 2001, "header + the 2000 rows before the bad one")
        let good = try CLI.run(["predict", "--model", "m.safetensors", "--data", iris], in: dir)
        #expect(r.stdout.split(separator: "\n")[1...150] == good.stdout.split(separator: "\n")[1...150])
    }

    /// Features that fit f32 after standardization (about 1e38) but overflow inside the network are refused
    /// by line, not scored as NaN.
    @Test func aRowWhoseOutputOverflowsIsRefusedByLine() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let lines = try irisLines()
        let rows = [lines[0]] + (0..<2000).map { lines[1 + $0 % 150] }
        for (name, bad) in [("huge.csv", "2.4e38,1.3e38,5e38,2.2e38,0"), ("beyond.csv", "3e39,1,1,1,0")] {
            var file = rows
            file[1501] = bad  // line 1502
            try file.joined(separator: "\n").write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let expected = name == "huge.csv" ? "huge.csv:1502: the model's output for this row is not finite" : "beyond.csv:1502:1"
            for command in [["predict"], ["eval", "--json"]] {
                let r = try CLI.run(command + ["--model", "m.safetensors", "--data", name], in: dir)
                #expect(r.status == 1 && r.stderr.contains(expected), "\(r.stderr)")
                // predict writes every row before the bad one, as for a bad field.
                if command == ["predict"] { #expect(r.stdout.split(separator: "\n").count == 1501, "\(name)") }
            }
        }
    }

    /// eval and predict read a file as the model's training file was read (delimiter, header), and so
    /// does the exported PyTorch loader.
    @Test func evalAndPredictReadFilesAsTheTrainingFileWasRead() throws {
        let dir = try CLI.temporaryDirectory()
        let tsv = try irisLines().dropFirst().map { $0.replacingOccurrences(of: ",", with: "\t") }.joined(separator: "\n")
        try tsv.write(to: dir.appendingPathComponent("iris.tsv"), atomically: true, encoding: .utf8)
        try trainModel(in: dir, ["--no-header", "--delimiter", "\\t"], data: "iris.tsv")
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", "iris.tsv", "--json"], in: dir)
        #expect(eval.status == 0 && eval.json["samples"] as? Int == 150, "\(eval.stderr)")
        let predict = try CLI.run(["predict", "--model", "m.safetensors", "--data", "iris.tsv"], in: dir)
        #expect(predict.status == 0 && predict.stdout.split(separator: "\n").count == 151, "\(predict.stderr)")
        // --label by 0-based index, as train takes it.
        let byIndex = try CLI.run(["eval", "--model", "m.safetensors", "--data", "iris.tsv", "--label", "4", "--json"], in: dir)
        #expect(byIndex.status == 0 && byIndex.json["accuracy"] as? Double == eval.json["accuracy"] as? Double, "\(byIndex.stderr)")
    }

    /// "-" is standard input for --data and standard output for predict's --out.
    @Test func aDashIsStandardInputAndOutput() throws {
        let dir = try CLI.temporaryDirectory()
        try trainModel(in: dir)
        let shell = URL(fileURLWithPath: "/bin/sh")
        let binary = CLI.binary.path
        let r = try CLI.runProcess(shell, ["-c", "gzip -c '\(iris)' | '\(binary)' predict --model m.safetensors --data - --out -"], in: dir)
        let direct = try CLI.run(["predict", "--model", "m.safetensors", "--data", iris], in: dir)
        #expect(r.status == 0 && r.stdout == direct.stdout, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
    }

    /// A header cell named like a number is that column, before the index of the same number.
    @Test func aColumnNamedLikeANumberIsMeantByName() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,0,b\n1,x,5\n2,y,6\n3,x,7\n4,y,8\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["data", "n.csv", "--label", "0", "--json"], in: dir)
        #expect(r.status == 0 && r.json["label"] as? String == "0", "\(r.stdout) \(r.stderr)")
    }
}
