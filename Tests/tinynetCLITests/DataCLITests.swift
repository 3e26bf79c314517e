import Foundation
import Testing

/// `tinynet data`, data errors through the CLI, `--max-errors`, and eval/predict matching columns by name.
@Suite(.serialized) struct DataCLITests {
    @Test func dataJSONOnIris() throws {
        let r = try CLI.run(["data", CLI.data("iris.csv"), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = r.json
        #expect(Set(json.keys) == ["rows", "columns", "label", "class_counts", "features", "constant_features"])
        #expect(json["rows"] as? Int == 150 && json["columns"] as? Int == 5 && json["label"] as? String == "label")
        #expect(json["class_counts"] as? [String: Int] == ["0": 50, "1": 50, "2": 50])
        #expect(json["constant_features"] as? Int == 0)
        let features = json["features"] as? [[String: Any]] ?? []
        #expect(features.count == 4)
        #expect(features.allSatisfy { Set($0.keys) == ["name", "mean", "std", "min", "max"] })
        let sepal = features.first ?? [:]
        #expect(sepal["name"] as? String == "sepal length (cm)")
        #expect(abs((sepal["mean"] as? Double ?? 0) - 5.843333) < 1e-6)
        #expect(abs((sepal["std"] as? Double ?? 0) - 0.825301) < 1e-6, "population std")
        #expect(sepal["min"] as? Double == 4.3 && sepal["max"] as? Double == 7.9)
    }

    @Test func dataTableAndRegressionKeys() throws {
        let table = try CLI.run(["data", CLI.data("iris.csv")])
        #expect(table.status == 0 && table.stdout.contains("rows      150"))
        #expect(table.stdout.contains("sepal length (cm)") && table.stdout.contains("constant features: 0"))
        let regression = try CLI.run(["data", CLI.data("diabetes.csv"), "--task", "regression", "--json"])
        #expect(regression.status == 0, "\(regression.stderr)")
        #expect(Set(regression.json.keys) == ["rows", "columns", "label", "target_mean", "target_std", "features", "constant_features"])
        #expect(abs((regression.json["target_mean"] as? Double ?? 0) - 152.133) < 1e-3)
    }

    @Test func constantFeaturesAreCountedAndNamed() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,k,label\n1,5,x\n2,5,y\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let json = try CLI.run(["data", "c.csv", "--json"], in: dir)
        #expect(json.json["constant_features"] as? Int == 1)
        let table = try CLI.run(["data", "c.csv"], in: dir)
        #expect(table.stdout.contains("constant features: 1 (k)"), "\(table.stdout)")
    }

    /// Values near the largest Double have a finite mean and std (their sums once overflowed: mean null,
    /// std 0 or ∞), as features and as a regression target.
    @Test func statisticsOfValuesNearTheLargestDoubleAreFinite() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,y\n1.7e308,1e200,1.7e308\n1.7e308,-1e200,1.7e308\n1e308,1e200,1e308\n7,-1e200,7\n"
            .write(to: dir.appendingPathComponent("huge.csv"), atomically: true, encoding: .utf8)
        // a: mean (3.4 + 1)/4 · 1e308 = 1.1e308; deviations 0.6, 0.6, −0.1, −1.1 (e308), std √(1.94/4) e308.
        let (mean, std) = (1.1e308, (1.94 / 4).squareRoot() * 1e308)
        func close(_ value: Any?, _ expected: Double) -> Bool {
            (value as? Double).map { abs($0 - expected) <= 1e-12 * expected } ?? false
        }
        let r = try CLI.run(["data", "huge.csv", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let features = r.json["features"] as? [[String: Any]] ?? []
        #expect(features.count == 2 && close(features.first?["mean"], mean) && close(features.first?["std"], std), "\(r.stdout)")
        #expect(features.last?["mean"] as? Double == 0 && features.last?["std"] as? Double == 1e200, "\(r.stdout)")
        let regression = try CLI.run(["data", "huge.csv", "--task", "regression", "--json"], in: dir)
        #expect(regression.status == 0, "\(regression.stderr)")
        #expect(close(regression.json["target_mean"], mean) && close(regression.json["target_std"], std), "\(regression.stdout)")
    }

    /// Bad files, the flags to read them with, and the exact message.
    static let invalidInputs: [(text: String, flags: [String], message: String)] = [
        ("a,b,label\n1,2,x\n3,oops,y\n", [], "bad.csv:3:2 (b): found \"oops\", expected a number"),
        ("a,b,label\n1,2,x\n3,4\n", [], "bad.csv:3:3 (label): found 2 fields, expected 3"),
        ("a,b,label\n1,2,x,9\n", [], "bad.csv:2:4: found 4 fields, expected 3"),
        ("a,b,label\n,2,x\n", [], "bad.csv:2:1 (a): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,NaN,x\n", [], "bad.csv:2:2 (b): found NaN, expected a finite number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,?,x\n", [], "bad.csv:2:2 (b): found \"?\", expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label,,\n1,2,x,,\n", [], "bad.csv:1: the header names 2 columns \"\" (columns 4, 5); columns are matched by name, so rename them; empty names at the end of the header are delimiters after the last column: remove them from every line"),
        ("a,b,label\n1,12%,x\n", [], "bad.csv:2:2 (b): found \"12%\", expected a number; a percentage: write it as a number (12% as 0.12)"),
        ("a,b,label\n1,\"1,234.5\",x\n", [], "bad.csv:2:2 (b): found \"1,234.5\", expected a number; a thousands separator: write the number without it (pandas: read_csv(…, thousands=\",\"))"),
        ("a,b,label\n1,$12.50,x\n", [], "bad.csv:2:2 (b): found \"$12.50\", expected a number; a currency sign: write the number alone"),
        ("a,b,label\n1,2024-01-31,x\n", [], "bad.csv:2:2 (b): found \"2024-01-31\", expected a number; a date: leave the column out (--ignore-columns b) or turn it into numbers first"),
        ("a,b,label\n1,31/01/2024,x\n", [], "bad.csv:2:2 (b): found \"31/01/2024\", expected a number; a date: leave the column out (--ignore-columns b) or turn it into numbers first"),
        ("a,b,label\n1,TRUE,x\n", [], "bad.csv:2:2 (b): found \"TRUE\", expected a number; a boolean: write it as 1 or 0 (pandas: df[column].astype(int))"),
        ("a,b,label\n1,#DIV/0!,x\n", [], "bad.csv:2:2 (b): found \"#DIV/0!\", expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1, NA ,x\n", [], "bad.csv:2:2 (b): found \"NA\", expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,-inf,x\n", [], "bad.csv:2:2 (b): found -inf, expected a finite number"),
        ("a,b,label\n1,1e999,x\n", [], "bad.csv:2:2 (b): found \"1e999\", which overflows a Double; expected a finite number"),
        ("a,b,label\n1,\"2\"x,x\n", [], "bad.csv:2:2 (b): unexpected text after the closing quote of a quoted field"),
        ("a\tb\tlabel\n1\t2\tx\n3\t4,5\ty\n", ["--delimiter", "\\t"], "bad.csv:3:2 (b): found \"4,5\", expected a number (a decimal comma? the decimal point must be \".\": convert the file, e.g. with pandas' read_csv(…, decimal=\",\") and to_csv)"),
        ("a,label\n1,x\n\n2,y\n", [], "bad.csv:3: empty line, expected a row of 2 fields (blank lines are allowed only at the end of the file)"),
        ("a,label\n1,\n", [], "bad.csv:2:2 (label): empty label"),
        ("", [], "bad.csv:1:1: file is empty, expected a header row"),
        ("", ["--no-header"], "bad.csv:1:1: file is empty, expected a data row"),
        ("a,b,label\n", [], "bad.csv:2:1: expected a data row after the header (line 1), found the end of the file"),
        ("a,label\n1,x\n", ["--label", "nope"], "bad.csv:1: label column \"nope\" not found; the columns are: a, label"),
        ("1,2\n3,x\n", ["--no-header", "--label", "0"], "bad.csv:2:2 (c1): found \"x\", expected a number"),
        ("a,y\n1,2\n2,abc\n", ["--task", "regression"], "bad.csv:3:2 (y): found \"abc\", expected a finite number as the regression target"),
    ]

    @Test(arguments: invalidInputs.indices)
    func invalidInputExitsOneNamingTheLineAndColumn(index: Int) throws {
        let (text, flags, message) = Self.invalidInputs[index]
        let dir = try CLI.temporaryDirectory()
        try text.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["data", "bad.csv"] + flags, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(message)\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func truncatedGzipAndMissingFileExitOne() throws {
        let dir = try CLI.temporaryDirectory()
        let gz = try Data(contentsOf: URL(fileURLWithPath: CLI.data("digits.csv.gz")))
        try gz.prefix(gz.count / 2).write(to: dir.appendingPathComponent("cut.csv.gz"))
        let cut = try CLI.run(["data", "cut.csv.gz"], in: dir)
        #expect(cut.status == 1 && cut.stderr.hasPrefix("error: cut.csv.gz: gzip data is truncated"), "\(cut.stderr)")
        let missing = try CLI.run(["data", "nope.csv"], in: dir)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: nope.csv: cannot open file: No such file or directory (relative to the working directory "), "\(missing.stderr)")
    }

    @Test func maxErrorsListsThatManyProblems() throws {
        let dir = try CLI.temporaryDirectory()
        let text = "a,b,label\n1,2,x\nq,2,y\n3,4\n5,,x\n7,8,y\n9,w,x\n"
        try text.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let three = try CLI.run(["data", "bad.csv", "--max-errors", "3"], in: dir)
        #expect(three.status == 1)
        let lines = three.stderr.split(separator: "\n").map(String.init)
        #expect(lines == ["error: bad.csv:3:1 (a): found \"q\", expected a number",
                          "error: bad.csv:4:3 (label): found 2 fields, expected 3",
                          "error: bad.csv:5:2 (b): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"])
        let one = try CLI.run(["data", "bad.csv"], in: dir)
        #expect(one.stderr.split(separator: "\n").count == 1)
        let usage = try CLI.run(["data", "bad.csv", "--max-errors", "0"], in: dir)
        #expect(usage.status == 2 && usage.stderr.contains("--max-errors must be at least 1"))
    }

    /// iris.csv with its columns in `order` (header names), plus `extra` columns of zeros.
    private func irisColumns(_ order: [String], extra: [String] = []) throws -> String {
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let positions = order.map { header.firstIndex(of: $0) ?? -1 }
        return lines.enumerated().map { i, line in
            let fields = line.split(separator: ",").map(String.init)
            let extras = extra.map { i == 0 ? $0 : "0" }
            return (positions.map { fields[$0] } + extras).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    @Test func evalAndPredictMatchColumnsByName() throws {
        let dir = try CLI.temporaryDirectory()
        let train = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear",
                                 "--epochs", "20", "--lr", "0.05", "--momentum", "0.9", "--out", "m.safetensors"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let names = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
        try irisColumns(names + ["label"]).write(to: dir.appendingPathComponent("same.csv"), atomically: true, encoding: .utf8)
        try irisColumns(["label"] + names.reversed()).write(to: dir.appendingPathComponent("reordered.csv"), atomically: true, encoding: .utf8)
        try irisColumns(Array(names.dropLast()) + ["label"]).write(to: dir.appendingPathComponent("missing.csv"), atomically: true, encoding: .utf8)
        try irisColumns(names + ["label"], extra: ["notes"]).write(to: dir.appendingPathComponent("extra.csv"), atomically: true, encoding: .utf8)

        let same = try CLI.run(["predict", "--model", "m.safetensors", "--data", "same.csv"], in: dir)
        let reordered = try CLI.run(["predict", "--model", "m.safetensors", "--data", "reordered.csv"], in: dir)
        #expect(same.status == 0 && reordered.status == 0, "\(reordered.stderr)")
        #expect(same.stdout.split(separator: "\n").count == 151 && reordered.stdout == same.stdout)
        let evalSame = try CLI.run(["eval", "--model", "m.safetensors", "--data", "same.csv", "--json"], in: dir)
        let evalReordered = try CLI.run(["eval", "--model", "m.safetensors", "--data", "reordered.csv", "--json"], in: dir)
        #expect(evalReordered.json["confusion"] as? [[Int]] == evalSame.json["confusion"] as? [[Int]])
        #expect(evalReordered.json["accuracy"] as? Double == evalSame.json["accuracy"] as? Double)

        for command in ["eval", "predict"] {
            let missing = try CLI.run([command, "--model", "m.safetensors", "--data", "missing.csv"], in: dir)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("missing.csv:1: missing feature column \"petal width (cm)\""), "\(missing.stderr)")
        }
        let extra = try CLI.run(["predict", "--model", "m.safetensors", "--data", "extra.csv"], in: dir)
        #expect(extra.status == 0 && extra.stdout == same.stdout)
        #expect(extra.stderr.contains("warning: ignoring 1 column(s) the model does not use: notes"), "\(extra.stderr)")
    }
}

/// `ignore_columns` (`--ignore-columns`): columns that are neither features nor the label, as LightGBM's
/// ignore_column; the model then neither learns from them nor needs them, and eval does not warn of them.
@Suite struct IgnoreColumnsTests {
    /// iris with a row id as its first column.
    func irisWithIDs(in dir: URL) throws {
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n")
        let text = lines.enumerated().map { i, line in (i == 0 ? "id" : "\(i)") + "," + line }.joined(separator: "\n") + "\n"
        try text.write(to: dir.appendingPathComponent("ids.csv"), atomically: true, encoding: .utf8)
    }

    @Test func anIgnoredColumnIsNeitherLearnedNorNeeded() throws {
        let dir = try CLI.temporaryDirectory()
        try irisWithIDs(in: dir)
        let train = ["train", "--data", "ids.csv", "--layers", "linear:8,relu,linear", "--epochs", "2", "--quiet"]
        #expect(try CLI.run(train + ["--out", "with.safetensors"], in: dir).status == 0)
        let with = try CLI.run(["inspect", "with.safetensors", "--json"], in: dir)
        #expect((with.json["features"] as? [String])?.first == "id", "without the key the id is a feature")

        #expect(try CLI.run(train + ["--ignore-columns", "id", "--out", "flag.safetensors"], in: dir).status == 0)
        let flag = try CLI.run(["inspect", "flag.safetensors", "--json"], in: dir)
        #expect(flag.json["features"] as? [String] == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"])
        try "ignore_columns = [\"id\"]\n".write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(train + ["--config", "c.toml", "--out", "key.safetensors"], in: dir).status == 0)
        let key = try CLI.run(["inspect", "key.safetensors", "--json"], in: dir)
        #expect(key.json["parameters"] as? NSArray == flag.json["parameters"] as? NSArray, "the key and the flag train the same model")

        let eval = try CLI.run(["eval", "--model", "flag.safetensors", "--data", "ids.csv"], in: dir)
        #expect(eval.status == 0 && !eval.stderr.contains("ignoring"), "\(eval.stderr)")
        let plain = try CLI.run(["eval", "--model", "flag.safetensors", "--data", CLI.data("iris.csv")], in: dir)
        #expect(plain.status == 0, "the id is not needed: \(plain.stderr)")

        // A validation file with a column the model does not use says so, as eval does; not one of ignore_columns.
        for stream in [[], ["--stream"]] {
            let val = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--val-data", "ids.csv", "--layers", "linear", "--epochs", "1",
                                   "--out", "v.safetensors"] + stream, in: dir)
            #expect(val.status == 0 && val.stderr.contains("warning: ids.csv: ignoring 1 column(s) the model does not use: id"), "\(stream): \(val.stderr)")
        }
        let named = try CLI.run(["train", "--data", "ids.csv", "--ignore-columns", "id", "--val-data", "ids.csv", "--layers", "linear",
                                 "--epochs", "1", "--out", "n.safetensors"], in: dir)
        #expect(named.status == 0 && named.stderr.contains("epoch 1/1") && !named.stderr.contains("ignoring"), "\(named.stderr)")

        let data = try CLI.run(["data", "ids.csv", "--ignore-columns", "id"], in: dir)
        #expect(data.status == 0 && data.stdout.contains("columns   6: 4 features and the label \"label\", 1 ignored"), "\(data.stdout)")
    }

    /// Which columns are features is the model's: a resume that changes ignore_columns is refused, as for the layers.
    @Test func aResumeKeepsTheIgnoredColumns() throws {
        let dir = try CLI.temporaryDirectory()
        try irisWithIDs(in: dir)
        #expect(try CLI.run(["train", "--data", "ids.csv", "--layers", "linear", "--epochs", "1", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        let changed = try CLI.run(["train", "--resume", "m.safetensors", "--data", "ids.csv", "--ignore-columns", "id", "--epochs", "2"], in: dir)
        #expect(changed.status == 2 && changed.stderr.contains("--resume: ignore_columns is id but the checkpoint was trained with none"), "\(changed.stderr)")
        #expect(try CLI.run(["train", "--data", "ids.csv", "--layers", "linear", "--epochs", "1", "--quiet", "--ignore-columns", "id,id",
                             "--out", "i.safetensors"], in: dir).status == 0)
        let same = try CLI.run(["train", "--resume", "i.safetensors", "--ignore-columns", "id", "--epochs", "2", "--quiet"], in: dir)
        #expect(same.status == 0, "a name given twice counts once: \(same.stderr)")
        #expect(try CLI.run(["train", "--data", "ids.csv", "--layers", "linear", "--epochs", "1", "--quiet", "--ignore-columns", "id,sepal width (cm)",
                             "--out", "two.safetensors"], in: dir).status == 0)
        let reordered = try CLI.run(["train", "--resume", "two.safetensors", "--ignore-columns", "sepal width (cm),id", "--epochs", "2", "--quiet"], in: dir)
        #expect(reordered.status == 0, "the same columns in another order: \(reordered.stderr)")
    }

    @Test func anIgnoredColumnMustBeInTheFileAndNotTheLabel() throws {
        let dir = try CLI.temporaryDirectory()
        try irisWithIDs(in: dir)
        let train = ["train", "--data", "ids.csv", "--layers", "linear", "--out", "m.safetensors"]
        let missing = try CLI.run(train + ["--ignore-columns", "ID"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("ignore_columns names \"ID\", which the file lacks (did you mean \"id\"?)"), "\(missing.stderr)")
        let label = try CLI.run(train + ["--ignore-columns", "id,label"], in: dir)
        #expect(label.status == 1 && label.stderr.contains("ignore_columns names the label column \"label\""), "\(label.stderr)")
        let all = try CLI.run(train + ["--ignore-columns", "id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)"], in: dir)
        #expect(all.status == 1 && all.stderr.contains("no feature columns are left: the file's columns but the label \"label\" are all in ignore_columns"), "\(all.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.safetensors").path))
    }
}
