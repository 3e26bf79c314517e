import Foundation
import Testing

/// Bad input: a clear message, the documented exit status, nothing lost.
@Suite struct ErrorTests {
    /// numpy's savetxt with a header and its defaults: "# f0 f1 label" over space-separated rows. The "#" reads
    /// as a column, so every row is one field short; the error says why.
    @Test func aSavetxtCommentHeaderIsNamed() throws {
        let dir = try CLI.temporaryDirectory()
        try "# f0 f1 label\n1.0e+00 2.0e+00 0.0e+00\n3.0e+00 4.0e+00 1.0e+00\n".write(to: dir.appendingPathComponent("s.txt"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", "s.txt", "--delimiter", " ", "--layers", "linear"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("s.txt:2:") && r.stderr.contains("found 3 fields, expected 4"), "\(r.stderr)")
        #expect(r.stderr.contains("the header's first field is \"#\", a comment mark"), "\(r.stderr)")
        // Without the mark the file trains, and its labels are named by value, not "0.0e+00".
        try "f0 f1 label\n1.0e+00 2.0e+00 0.0e+00\n3.0e+00 4.0e+00 1.0e+00\n".write(to: dir.appendingPathComponent("s.txt"), atomically: true, encoding: .utf8)
        let fixed = try CLI.run(["train", "--data", "s.txt", "--delimiter", " ", "--layers", "linear", "--epochs", "1"], in: dir)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let inspect = try CLI.run(["inspect", "model.safetensors", "--json"], in: dir)
        #expect(inspect.json["classes"] as? [String] == ["0", "1"], "\(inspect.stdout.prefix(300))")
    }

    /// A file without a header read with one loses its first row to the column names: when they read as a row of
    /// data, train and data say so and name --no-header; read with --no-header, or with named columns, they do not.
    /// When the first row repeats a number, the duplicate-name error says it too.
    @Test func aHeaderOfNumbersIsWarnedOf() throws {
        let dir = try CLI.temporaryDirectory()
        try "5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,2.9,virginica\n5.9,3.2,virginica\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let says = "warning: the header reads as a row of data (\"5.1\", \"3.5\", \"setosa\"): if the file has no header line, pass --no-header"
        let r = try CLI.run(["train", "--data", "n.csv", "--layers", "linear", "--epochs", "1"], in: dir)
        #expect(r.status == 0 && r.stderr.contains(says), "\(r.stderr)")
        let data = try CLI.run(["data", "n.csv"], in: dir)
        #expect(data.status == 0 && data.stderr.contains(says), "\(data.stderr)")
        for args in [["train", "--data", "n.csv", "--no-header", "--layers", "linear", "--epochs", "1"], ["data", "n.csv", "--no-header"]] {
            let r = try CLI.run(args, in: dir)
            #expect(r.status == 0 && !r.stderr.contains("reads as a row of data"), "\(args): \(r.stderr)")
        }
        for header in ["5.1,3.5,label", "0,1,2"] {  // named columns; pandas' column positions
            try "\(header)\n4.9,3.0,0\n6.2,2.9,1\n5.9,3.2,1\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
            let named = try CLI.run(["data", "n.csv"], in: dir)
            #expect(named.status == 0 && !named.stderr.contains("reads as a row of data"), "\(header): \(named.stderr)")
        }
        try "0.5,0.5,1\n4.9,3.0,0\n6.2,2.9,1\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let repeated = try CLI.run(["train", "--data", "n.csv", "--layers", "linear"], in: dir)
        #expect(repeated.status == 1 && repeated.stderr.contains("columns \"0.5\"") && repeated.stderr.contains("--no-header reads it as one"),
                "\(repeated.stderr)")
    }

    /// An empty layer list in a config file is an error that names the file.
    @Test func anEmptyLayerListNamesTheConfigFile() throws {
        let dir = try CLI.temporaryDirectory()
        try "data = \"d.csv\"\nlayers = []\n".write(to: dir.appendingPathComponent("empty.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--config", "empty.toml"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("empty.toml") && r.stderr.contains("no layers"), "\(r.stderr)")
    }

    /// pandas' to_csv writes the row index as a first column without a name unless index=False: trained on,
    /// it is a feature like any other, so the run says so.
    @Test func aFeatureWithoutANameIsWarnedOf() throws {
        let dir = try CLI.temporaryDirectory()
        try ",a,label\n0,1.5,x\n1,2.5,y\n2,0.5,x\n3,3.5,y\n".write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", "p.csv", "--layers", "linear", "--epochs", "1"], in: dir)
        #expect(r.status == 0 && r.stderr.contains("warning: feature 1 of 2 has no column name"), "\(r.stderr)")
        #expect(r.stderr.contains("index=False"))
        let data = try CLI.run(["data", "p.csv"], in: dir)  // the check before training says it too
        #expect(data.status == 0 && data.stderr.contains("warning: feature 1 of 2 has no column name"), "\(data.stderr)")
        // The remedy it names: ignore the column by its (empty) name.
        #expect(r.stderr.contains("name it in ignore_columns (--ignore-columns '')"), "\(r.stderr)")
        let ignored = try CLI.run(["train", "--data", "p.csv", "--layers", "linear", "--epochs", "1", "--ignore-columns", "", "--json"], in: dir)
        #expect(ignored.status == 0 && !ignored.stderr.contains("no column name"), "\(ignored.stderr)")
        let inspect = try CLI.run(["inspect", "model.safetensors", "--json"], in: dir)
        #expect(inspect.json["features"] as? [String] == ["a"], "\(inspect.stdout)")
        try "id,a,label\n0,1.5,x\n1,2.5,y\n2,0.5,x\n3,3.5,y\n".write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let named = try CLI.run(["train", "--data", "p.csv", "--layers", "linear", "--epochs", "1"], in: dir)
        #expect(named.status == 0 && !named.stderr.contains("no column name"), "\(named.stderr)")
    }

    /// "NA" among numeric labels is a missing label, not a third class: refused on every path that reads
    /// labels, naming its line; among text labels it may be a class, and is warned of.
    @Test(arguments: [["train", "--data", "n.csv", "--layers", "linear"], ["train", "--stream", "--data", "n.csv", "--layers", "linear"], ["data", "n.csv"]])
    func aMissingMarkerInANumericLabelIsRefused(_ command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try "a,label\n1,0\n2,1\n3,NA\n4,1\n5,0\n6,#N/A\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(command, in: dir)  // the first line with one ("#N/A" sorts first)
        #expect(r.status == 1 && r.stderr.contains("n.csv:4:2 (label): found \"NA\" in a label column of numbers"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
        try "a,label\n1,cat\n2,dog\n3,NA\n4,dog\n5,cat\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let text = try CLI.run(command + (command[0] == "train" ? ["--epochs", "1"] : []), in: dir)
        #expect(text.status == 0 && text.stderr.contains("has a class \"NA\", which pandas reads as a missing value"), "\(text.stderr)")
        // A spreadsheet's error value (a formula that failed) is no label either: refused among numbers, warned of among words.
        try "a,label\n1,0\n2,1\n3,#DIV/0!\n4,1\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let excel = try CLI.run(command, in: dir)
        #expect(excel.status == 1 && excel.stderr.contains("n.csv:4:2 (label): found \"#DIV/0!\" in a label column of numbers: a spreadsheet's error value, no label"), "\(excel.stderr)")
        try "a,label\n1,cat\n2,dog\n3,#VALUE!\n4,dog\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let words = try CLI.run(command + (command[0] == "train" ? ["--epochs", "1"] : []), in: dir)
        #expect(words.status == 0 && words.stderr.contains("has a class \"#VALUE!\", a spreadsheet's error value"), "\(words.stderr)")
        // A number beyond the largest Double is refused as inf is (it made every label text, "1" and "1.0" two classes).
        try "a,label\n1,0\n2,1\n3,1e400\n4,1.0\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        let huge = try CLI.run(command, in: dir)
        #expect(huge.status == 1 && huge.stderr.contains("n.csv:4:2 (label): found \"1e400\" in a label column of numbers: a number beyond the largest Double"), "\(huge.stderr)")
    }

    /// A class label with a quoted line break is one class, shown escaped in the tables (not breaking their lines).
    @Test func aLabelWithALineBreakIsShownOnOneLine() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,label\n1,\"two\nlines\"\n2,one\n3,one\n4,\"two\nlines\"\n".write(to: dir.appendingPathComponent("l.csv"), atomically: true, encoding: .utf8)
        let data = try CLI.run(["data", "l.csv"], in: dir)
        #expect(data.status == 0 && data.stdout.contains("\"two\\nlines\"") && !data.stdout.contains("two\nlines"), "\(data.stdout)")
        #expect(try CLI.run(["train", "--data", "l.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--model", "model.safetensors", "--data", "l.csv"], in: dir)
        #expect(eval.status == 0 && eval.stdout.contains("\"two\\nlines\"") && !eval.stdout.contains("two\nlines"), "\(eval.stdout)")
    }

    /// A column name holding U+FEFF (a doubled byte-order mark, or one inside the header) is kept as written
    /// by train and matched by eval (Foundation's JSON reader used to drop it from the checkpoint's names).
    @Test func aColumnNameWithAByteOrderMarkSurvivesTheCheckpoint() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,\u{FEFF}b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n".write(to: dir.appendingPathComponent("f.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "f.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--model", "model.safetensors", "--data", "f.csv", "--json"], in: dir)
        #expect(eval.status == 0 && eval.json["samples"] as? Int == 4, "\(eval.stderr)")
        let inspect = try CLI.run(["inspect", "model.safetensors", "--json"], in: dir)
        #expect(inspect.stdout.contains("[\"a\",\"\u{FEFF}b\"]"), "\(inspect.stdout)")  // raw: Foundation's reader would drop it
    }

    /// Files whose error would otherwise point elsewhere: the message says what the file most likely is.
    @Test func messagesNameTheLikelyCause() throws {
        let dir = try CLI.temporaryDirectory()
        func train(_ contents: String, _ flags: [String] = []) throws -> CLIResult {
            try contents.write(to: dir.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
            return try CLI.run(["train", "--data", "x.csv", "--layers", "linear", "--epochs", "1"] + flags, in: dir)
        }
        // European Excel: ';' separators and decimal commas, read with ','; then with --delimiter ';'.
        let excel = "a;b;label\n1,0;2,5;y\n3,5;4,0;n\n"
        let comma = try train(excel)
        #expect(comma.status == 1 && comma.stderr.contains("looks ';'-separated: pass --delimiter ';'"), "\(comma.stderr)")
        let semicolon = try train(excel, ["--delimiter", ";"])
        #expect(semicolon.status == 1 && semicolon.stderr.contains("x.csv:2:1 (a): found \"1,0\", expected a number (a decimal comma?"), "\(semicolon.stderr)")
        // Excel's "sep=;" line above the header, read with the default delimiter (pass its own) or with its own (only remove it).
        for (flags, what) in [([], "remove it and pass --delimiter ';'"), (["--delimiter", ";"], "remove it\n")] {
            let sep = try train("sep=;\na;b;label\n1;2;y\n3;4;n\n", flags)
            #expect(sep.status == 1 && sep.stderr.contains("is Excel's separator hint, not a header: " + what), "\(flags): \(sep.stderr)")
        }
        // "sep=," read with another delimiter: the flag goes too.
        let sepOther = try train("sep=,\na,b,label\n1,2,y\n3,4,n\n", ["--delimiter", ";"])
        #expect(sepOther.status == 1 && sepOther.stderr.contains("remove it and drop --delimiter (',' is the default)"), "\(sepOther.stderr)")
        // "sep=," above a 2-column header reads as a header "sep=" plus an empty name, like a trailing delimiter.
        let sepComma = try train("sep=,\na,label\n1,y\n3,n\n")
        #expect(sepComma.status == 1 && sepComma.stderr.contains("is Excel's separator hint, not a header: remove it\n")
                    && !sepComma.stderr.contains("trailing"), "\(sepComma.stderr)")
        // A delimiter at the end of every line, the header's too: the empty last column is a feature …
        let trailing = try train("a,b,label,\n1,2,y,\n3,4,n,\n")
        #expect(trailing.status == 1 && trailing.stderr.contains("x.csv:2:4: empty field, expected a number; the header ends with the delimiter too"), "\(trailing.stderr)")
        // … or, when no column is named "label", the default label; a field that is not empty is not that case.
        let asLabel = try train("a,b,y,\n1,2,p,\n3,4,q,\n")
        #expect(asLabel.status == 1 && asLabel.stderr.contains("the header ends with the delimiter too"), "\(asLabel.stderr)")
        let filled = try train("a,b,label,\n1,2,p,x\n3,4,q,y\n")
        #expect(filled.status == 1 && filled.stderr.contains("found \"x\", expected a number") && !filled.stderr.contains("trailing"), "\(filled.stderr)")
    }

    /// A compressed file tinynet does not inflate is named by its format, not called text in another encoding.
    @Test func archivesAreNamedByTheirFormat() throws {
        let dir = try CLI.temporaryDirectory()
        let cases: [(bytes: [UInt8], says: String)] = [
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x99], "the file is a zip archive, not CSV text: unzip it first"),
            (Array("BZh91AY&SY".utf8) + [0x12, 0x80], "the file is bzip2-compressed"),
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04, 0xE6, 0xD6], "the file is xz-compressed"),
            ([0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x10, 0x81], "the file is zstd-compressed"),
        ]
        for (bytes, says) in cases {
            try Data(bytes).write(to: dir.appendingPathComponent("x.csv"))
            let r = try CLI.run(["data", "x.csv"], in: dir)
            #expect(r.status == 1 && r.stderr.contains("x.csv:1: \(says)"), "\(r.stderr)")
        }
        // gzip of a gzipped CSV: the inside is gzip again.
        let inner = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf 'a,label\\n1,x\\n' | gzip | gzip > x.csv.gz"], in: dir)
        #expect(inner.status == 0)
        let twice = try CLI.run(["data", "x.csv.gz"], in: dir)
        #expect(twice.status == 1 && twice.stderr.contains("the file is gzip inside gzip"), "\(twice.stderr)")
        // A header that merely starts with "BZh" is a header.
        try "BZh,label\n1,x\n2,y\n".write(to: dir.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["data", "x.csv"], in: dir).status == 0)
    }

    @Test func badCSVNamesTheLineAndExitsOne() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,b,label\n1,2,0\n3,4,1\n5,oops,0\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", "bad.csv", "--layers", "linear"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:4:2"), "\(r.stderr)")
        #expect(r.stderr.contains("oops"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
    }

    /// One class, or a val_split that leaves no validation row, is refused with the same message whether
    /// the file is read whole or streamed.
    @Test(arguments: [[], ["--stream"]])
    func oneClassOrAnEmptySplitIsRefused(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try "a,label\n1,x\n2,x\n3,x\n".write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let one = try CLI.run(["train", "--data", "one.csv", "--layers", "linear"] + stream, in: dir)
        #expect(one.status == 1 && one.stderr.contains("one.csv") && one.stderr.contains("has 1 distinct value; classification needs at least 2"), "\(one.stderr)")
        try "a,label\n1,x\n2,y\n".write(to: dir.appendingPathComponent("two.csv"), atomically: true, encoding: .utf8)
        let split = try CLI.run(["train", "--data", "two.csv", "--layers", "linear", "--val-split", "0.01"] + stream, in: dir)
        #expect(split.status == 2 && split.stderr.contains("val_split 0.01 of 2 rows leaves no validation row"), "\(split.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
    }

    /// A negative label index cannot be right for any file: a usage error (2) on every command that takes
    /// --label, however it is spelled, as in a config; not a data error (1), not a missing value.
    @Test(arguments: [["--label", "-1"], ["--label=-1"]])
    func aNegativeLabelIndexIsAUsageError(_ flag: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try "a,label\n1,x\n2,y\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        for command in [["train", "--data", "d.csv", "--layers", "linear"], ["eval", "--model", "m.safetensors", "--data", "d.csv"], ["data", "d.csv"]] {
            let r = try CLI.run(command + flag, in: dir)
            #expect(r.status == 2 && r.stderr.contains("--label") && r.stderr.contains("expected a column name or 0-based index, found"),
                    "\(command): \(r.stderr)")
        }
    }

    /// A label the model was not trained on names its line and lists the classes quoted, so that a class
    /// with a comma in its name reads as one.
    @Test func anUnknownLabelListsTheTrainedClassesQuoted() throws {
        let dir = try CLI.temporaryDirectory()
        try "a,label\n1,\"fox, red\"\n2,cat\n3,\"fox, red\"\n4,cat\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        try "a,label\n1,cat\n2,\"d\"\"og\"\n".write(to: dir.appendingPathComponent("u.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "t.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        let r = try CLI.run(["eval", "--model", "model.safetensors", "--data", "u.csv"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("u.csv:3") && r.stderr.contains("found label \"d\\\"og\", expected one of the trained classes \"cat\", \"fox, red\""), "\(r.stderr)")
    }

    /// A config's relative paths are taken from the working directory: a missing one says which.
    @Test func aMissingRelativePathNamesTheWorkingDirectory() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--config", CLI.config("iris.toml")], in: dir)
        #expect(r.status == 1 && r.stderr.contains("data/iris.csv: cannot open file: No such file or directory (relative to the working directory"), "\(r.stderr)")
    }

    @Test func anExistingCheckpointSurvivesAFailedRun() throws {
        let dir = try CLI.temporaryDirectory()
        let keep = Data("precious".utf8)
        try keep.write(to: dir.appendingPathComponent("model.safetensors"))
        try "a,label\n1,0\n,1\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", "bad.csv", "--layers", "linear"], in: dir)
        #expect(r.status == 1)
        #expect(try Data(contentsOf: dir.appendingPathComponent("model.safetensors")) == keep)
    }

    /// A few rows of 100 000 columns (4 MB of CSV) train in little memory: the reader's first matrix is sized
    /// to the rows' width (it took room for 1024 rows, 800 MB, and aborted under a 1 GB address-space limit).
    @Test func aWideFileOfFewRowsTrainsInLittleMemory() throws {
        let dir = try CLI.temporaryDirectory()
        let width = 100_000
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + ",label\n"
        for row in 0..<20 { text += (0..<width).map { String(($0 * 7 + row) % 10) }.joined(separator: ",") + (row % 2 == 0 ? ",a\n" : ",b\n") }
        try text.write(to: dir.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), [
            "-c", "ulimit -v 1000000 && \"$0\" train --data wide.csv --layers linear:4,relu,linear --epochs 1 --quiet", CLI.binary.path,
        ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A model too large for the machine is refused before anything is allocated (no abort, no
    /// out-of-memory kill), for in-memory and streamed training and the instruments alike.
    @Test(arguments: [["train"], ["train", "--stream"], ["gradcheck"], ["scale"]])
    func aModelTooLargeForMemoryIsRefusedByName(_ command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let keep = Data("precious".utf8)
        try keep.write(to: dir.appendingPathComponent("model.safetensors"))
        let r = try CLI.run(command + ["--data", CLI.data("iris.csv"), "--layers", "linear:3000000000000,relu,linear"], in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("linear:3000000000000") && r.stderr.contains("GB of memory")
                && r.stderr.contains("narrower layers"), "\(r.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("model.safetensors")) == keep)
    }

    /// A file read with the wrong delimiter has one column, the label: training refuses it and names the
    /// delimiter the header shows, instead of training a model on no features.
    @Test(arguments: [["train"], ["train", "--stream"], ["gradcheck"]])
    func aFileWithOnlyTheLabelNamesItsDelimiter(_ command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try "a;b;label\n1;2;0\n3;4;1\n5;6;0\n".write(to: dir.appendingPathComponent("semi.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(command + ["--data", "semi.csv", "--layers", "linear"], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("semi.csv: the file has no feature columns") && r.stderr.contains("--delimiter ';'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path))
        let fixed = try CLI.run(command + ["--data", "semi.csv", "--layers", "linear", "--delimiter", ";"] + (command[0] == "train" ? ["--epochs", "1"] : []), in: dir)
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    /// diabetes' target read as classes (214 values in 442 rows) trains, with a warning that names --task regression.
    @Test(arguments: [[], ["--stream"]])
    func aRegressionTargetTrainedAsClassesIsWarnedAbout(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["train", "--data", CLI.data("diabetes.csv"), "--layers", "linear", "--epochs", "1"] + stream, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: the label column \"label\" has 214 distinct values") && r.stderr.contains("--task regression"), "\(r.stderr)")
        let iris = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1"] + stream, in: dir)
        #expect(iris.status == 0 && !iris.stderr.contains("warning"), "\(iris.stderr)")
    }

    /// A value beyond f32's ±3.4e38 after preprocessing would be infinite in the network: training,
    /// streamed training and predict refuse it by column, rather than diverge or write NaN predictions.
    @Test func valuesBeyondFloat32AreRefusedByColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<60).map { i in "\(Double(i) * 1e37),\(i % 3),\(i % 2)" }
        try ("big,small,label\n" + rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        for stream in [[], ["--stream"]] {
            let r = try CLI.run(["train", "--data", "big.csv", "--layers", "linear", "--no-standardize", "--out", "m.safetensors"] + stream, in: dir)
            #expect(r.status == 1)
            // Read as it is (--no-standardize, no input_scale): no "after preprocessing".
            #expect(r.stderr.contains("big.csv:37:1 (big): feature \"big\" is 3.5e+38, beyond the ±3.4028235e+38 that f32 holds") , "\(r.stderr)")
        }
        // Standardized, the same file trains; a model fed such values refuses to predict.
        let train = try CLI.run(["train", "--data", "big.csv", "--layers", "linear", "--epochs", "2", "--out", "m.safetensors"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        try "big,small\n1,2\n1e300,1\n".write(to: dir.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let predict = try CLI.run(["predict", "--model", "m.safetensors", "--data", "new.csv", "--out", "p.csv"], in: dir)
        #expect(predict.status == 1 && predict.stderr.contains("feature \"big\""), "\(predict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.csv").path))
    }

    /// A command line that would write over a file it reads is refused with exit 2, and the file is kept.
    @Test(arguments: [
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "./d.csv"], "--out ./d.csv is the file --data reads"),
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "n.safetensors", "--log", "d.csv"], "--log d.csv is the file --data reads"),
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "n.safetensors", "--plot", "n.safetensors"], "--plot and --out both name"),
        // Outputs that do not exist yet are compared by where they would be written.
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "n.safetensors", "--plot", "./n.safetensors"], "--plot and --out both name"),
        (["train", "--data", "d.csv", "--layers", "linear", "--val-split", "0.2", "--save-best", "--out", "n.safetensors",
          "--log", "n.last.safetensors"], "the last checkpoint and --log both name n.last.safetensors"),
        (["train", "--data", "d.csv", "--layers", "linear", "--val-split", "0.2", "--early-stopping", "2", "--out", "n.safetensors",
          "--plot", "./n.last.safetensors"], "the last checkpoint and --plot both name n.last.safetensors"),
        // The checkpoint resumed from may be written back (--out), not replaced by the log or the plot.
        (["train", "--resume", "m.safetensors", "--epochs", "2", "--out", "n.safetensors", "--plot", "./m.safetensors"],
         "--plot ./m.safetensors is the file --resume reads"),
        (["train", "--resume", "m.safetensors", "--epochs", "2", "--out", "n.safetensors", "--log", "m.safetensors"], "--log m.safetensors is the file --resume reads"),
        (["train", "--config", "same.toml"], "same.toml's out ./d.csv is the file same.toml's data reads"),
        (["train", "--config", "same.toml", "--data", "./d.csv"], "same.toml's out ./d.csv is the file --data reads"),
        (["predict", "--model", "m.safetensors", "--data", "d.csv", "--out", "m.safetensors"], "--out m.safetensors is the file --model reads"),
        (["predict", "--model", "m.safetensors", "--data", "d.csv", "--out", "d.csv"], "--out d.csv is the file --data reads"),
        (["eval", "--model", "m.safetensors", "--data", "d.csv", "--plot", "m.safetensors"], "--plot m.safetensors is the file --model reads"),
        (["export", "--torch-script", "m.safetensors", "m.safetensors"], "is the file CHECKPOINT reads"),
        // "-" is standard output only where the output may go there (predict, make-data).
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "-"], "--out -: this output is written to a file"),
        (["train", "--data", "d.csv", "--layers", "linear", "--out", "n.safetensors", "--plot", "-"], "--plot -: this output is written to a file"),
        (["eval", "--model", "m.safetensors", "--data", "d.csv", "--plot", "-"], "--plot -: this output is written to a file"),
        (["export", "--torch-script", "-", "m.safetensors"], "--torch-script -: this output is written to a file"),
    ])
    func anOutputThatIsAnInputIsRefused(_ arguments: [String], _ message: String) throws {
        let dir = try CLI.temporaryDirectory()
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.data("iris.csv")))
        try data.write(to: dir.appendingPathComponent("d.csv"))
        try "data = \"d.csv\"\nout = \"./d.csv\"\nlayers = [\"linear\"]\n".write(to: dir.appendingPathComponent("same.toml"), atomically: true, encoding: .utf8)
        try #require(try CLI.run(["train", "--data", "d.csv", "--layers", "linear", "--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        let model = try Data(contentsOf: dir.appendingPathComponent("m.safetensors"))
        let r = try CLI.run(arguments, in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("d.csv")) == data)
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.safetensors")) == model)
    }

    /// An --out that cannot be written is refused before training starts, not after the last epoch.
    @Test(arguments: [["train"], ["train", "--stream"]])
    func anUnwritableOutputIsRefusedBeforeTraining(_ command: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("adir"), withIntermediateDirectories: true)
        for (out, reason) in [("no/such/dir/m.safetensors", "the directory no/such/dir does not exist"), ("adir", "is a directory")] {
            let r = try CLI.run(command + ["--data", CLI.data("iris.csv"), "--layers", "linear", "--out", out], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains(out) && r.stderr.contains(reason), "\(r.stderr)")
            #expect(!r.stderr.contains("epoch 1"), "no epoch runs first: \(r.stderr)")
        }
    }

    /// swift-argument-parser's usage errors read like tinynet's own ("error: …", one pointer to the help).
    @Test func unknownFlagExitsTwo() throws {
        let r = try CLI.run(["train", "--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: Unknown option '--no-such-flag'"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "help").count == 2, "one pointer to the help: \(r.stderr)")
        let badValue = try CLI.run(["train", "--epochs", "abc"])
        #expect(badValue.status == 2 && badValue.stderr.hasPrefix("error: The value 'abc' is invalid for '--epochs <epochs>'"), "\(badValue.stderr)")
        let validation = try CLI.run(["data", CLI.data("iris.csv"), "--max-errors", "0"])
        #expect(validation.status == 2 && validation.stderr.hasPrefix("error: --max-errors must be at least 1\n")
                && validation.stderr.components(separatedBy: "help").count == 2, "\(validation.stderr)")
    }

    /// eval and predict read without a header when the model's training file had none: a file with a header
    /// then says to remove it (the model's columns are c0, c1, …; there is no --no-header of the user's to drop).
    @Test func aHeaderReadAsDataLikeTheModelsFileAsksForHeader() throws {
        let dir = try CLI.temporaryDirectory()
        let iris = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8)
        try String(iris.drop { $0 != "\n" }.dropFirst()).write(to: dir.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "rows.csv", "--no-header", "--layers", "linear", "--epochs", "1", "--out", "m.safetensors", "--quiet"], in: dir)
        try #require(train.status == 0, "\(train.stderr)")
        for command in ["eval", "predict"] {
            let r = try CLI.run([command, "--model", "m.safetensors", "--data", CLI.data("iris.csv")], in: dir)
            #expect(r.status == 1 && r.stderr.hasSuffix("but it is read as data as the model's training file was (it had none, "
                + "so the model's columns are c0, c1, …): remove the header line, e.g. tail -n +2\n"), "\(r.stderr)")
            #expect(try CLI.run([command, "--model", "m.safetensors", "--data", "rows.csv"], in: dir).status == 0)
            // --no-header given too reads as the model does: the remedy is still the header line, not the flag.
            let flagged = try CLI.run([command, "--model", "m.safetensors", "--data", CLI.data("iris.csv"), "--no-header"], in: dir)
            #expect(flagged.status == 1 && flagged.stderr.hasSuffix("remove the header line, e.g. tail -n +2\n"), "\(flagged.stderr)")
        }
    }

    /// A bad schedule names the flag once, or the key in a config file.
    @Test func aBadScheduleNamesTheFlagOrTheKeyOnce() throws {
        let flag = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--lr-schedule", "step:0:2"])
        #expect(flag.status == 2 && flag.stderr.hasPrefix("error: --lr-schedule: \"step:0:2\": expected step:EVERY:GAMMA"), "\(flag.stderr)")
        let unknown = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--lr-schedule", "cosin"])
        #expect(unknown.stderr.hasPrefix("error: --lr-schedule: unknown schedule \"cosin\" (did you mean \"cosine\"?)"), "\(unknown.stderr)")
        let dir = try CLI.temporaryDirectory()
        try "lr_schedule = \"step:0:2\"\n".write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        let file = try CLI.run(["train", "--config", "c.toml"], in: dir)
        #expect(file.status == 2 && file.stderr.hasPrefix("error: c.toml: lr_schedule: \"step:0:2\": expected"), "\(file.stderr)")
    }

    /// A negative number after a numeric flag is its value, checked like the config key; the message
    /// names the flag once and the value as typed.
    @Test(arguments: [(["--lr", "-1"], "error: --lr: expected a finite number ≥ 0, found -1\n"),
                      (["--weight-decay", "-0.5"], "error: --weight-decay: expected a finite number ≥ 0, found -0.5\n"),
                      (["--seed", "-3"], "error: --seed: expected an integer ≥ 0, found -3\n")])
    func negativeValuesAreCheckedNotTakenForFlags(_ flags: [String], _ message: String) throws {
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear"] + flags)
        #expect(r.status == 2)
        #expect(r.stderr == message)
    }

    @Test func unknownConfigKeySuggestsTheNearest() throws {
        let dir = try CLI.temporaryDirectory()
        try "data = \"x.csv\"\nlayers = [\"linear\"]\nbatchsize = 3\n".write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--config", "c.toml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("c.toml") && r.stderr.contains("\"batchsize\"") && r.stderr.contains("batch_size"), "\(r.stderr)")
    }

    @Test func aWrongFinalWidthNamesTheConfigAndTheData() throws {
        let dir = try CLI.temporaryDirectory()
        try "data = \"\(CLI.data("iris.csv"))\"\nlayers = [\"linear:8\", \"relu\", \"linear:5\"]\n"
            .write(to: dir.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--config", "c.toml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: c.toml: the last linear layer is linear:5, but the data \(CLI.data("iris.csv")) (3 classes) needs 3 outputs"),
                "\(r.stderr)")
    }

    @Test func moreThreadsThanOpenBLASRunsAreNamedNotSilentlyCapped() throws {
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--threads", "100000",
                             "--out", "/dev/null", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: --threads 100000: OpenBLAS runs at most"), "\(r.stderr)")
    }

    @Test func unknownLayerSuggestsTheNearest() throws {
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,sigmiod,linear"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean \"sigmoid\""), "\(r.stderr)")
    }

    @Test func missingFileAndBadCheckpointExitOne() throws {
        let dir = try CLI.temporaryDirectory()
        let missing = try CLI.run(["train", "--data", "nope.csv", "--layers", "linear"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("nope.csv"))
        try Data("not a checkpoint at all".utf8).write(to: dir.appendingPathComponent("bad.safetensors"))
        let bad = try CLI.run(["eval", "--model", "bad.safetensors", "--data", CLI.data("iris.csv")], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("bad.safetensors"), "\(bad.stderr)")
    }

    /// Standard input can be read once: naming it for both the training and the validation data is a
    /// usage error (exit 2) naming both, not "file is empty" once the first reader has used it up.
    @Test func standardInputForTwoFilesIsAUsageError() throws {
        let r = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"),
                                   ["-c", "printf 'x,label\\n1,0\\n' | \"$0\" train --data - --val-data - --layers linear", CLI.binary.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--data, --val-data: data and val_data both read standard input (-)"), "\(r.stderr)")
    }

    /// So can a FIFO (or /dev/stdin), under any name: one for both is a usage error before anything is read (it
    /// waited for ever for a second writer). A regular file for both trains, with a warning that its
    /// validation scores are the training rows'.
    @Test func onePipeForTwoFilesIsAUsageErrorAndOneFileAWarning() throws {
        let dir = try CLI.temporaryDirectory()
        try #require(mkfifo(dir.appendingPathComponent("ff").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "ff")
        let fifo = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/timeout"),
                                      ["20", CLI.binary.path, "train", "--data", "ff", "--val-data", "link", "--layers", "linear"], in: dir)
        #expect(fifo.status == 2 && fifo.stderr.contains("data and val_data name one pipe or device (link), which can be read once"), "\(fifo.status): \(fifo.stderr)")
        // `-` is standard input, here the FIFO: the same pipe (it waited, fed by a writer).
        let dash = try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "cd \"$1\" && exec timeout 20 \"$0\" train --data - --val-data ff --layers linear 3<>ff 0<&3",
                                                                       CLI.binary.path, dir.path])
        #expect(dash.status == 2 && dash.stderr.contains("data and val_data name one pipe or device (ff)"), "\(dash.status): \(dash.stderr)")
        let same = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--val-data", CLI.data("iris.csv"), "--layers", "linear",
                                "--epochs", "1", "--out", "/dev/null"], in: dir)
        #expect(same.status == 0 && same.stderr.contains("is the training file: the validation scores are the training rows'"), "\(same.stderr)")
    }

    /// Names from checkpoints and logs reach the terminal with their control characters escaped: a label,
    /// column or class named with ESC (a crafted checkpoint; CSV headers refuse them) is refused by the
    /// loader, in a message that cannot clear the screen or recolour it; so is an empty class.
    @Test func namesWithControlCharactersAreEscapedInMessages() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<20).map { "\($0 % 5),\($0 % 3),\($0 % 2)" }
        try (["a,b,label"] + rows).joined(separator: "\n").appending("\n").write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try "b,label\n1,0\n".write(to: dir.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        try "epoch,train_loss\u{1B}[2J\n".write(to: dir.appendingPathComponent("log.csv"), atomically: true, encoding: .utf8)
        for out in ["label.safetensors", "features.safetensors", "classes.safetensors", "empty.safetensors"] {
            let train = try CLI.run(["train", "--data", "d.csv", "--layers", "linear", "--epochs", "1", "--out", out, "--quiet"], in: dir)
            try #require(train.status == 0, "\(train.stderr)")
        }
        try rewriteMetadata(dir.appendingPathComponent("label.safetensors")) { $0["label"] = "label\u{1B}[31m" }
        try rewriteMetadata(dir.appendingPathComponent("features.safetensors")) { $0["feature_names"] = "[\"a\\u001b[2J\", \"b\"]" }
        try rewriteMetadata(dir.appendingPathComponent("classes.safetensors")) { $0["classes"] = "[\"0\", \"\\u001b[2J\"]" }
        try rewriteMetadata(dir.appendingPathComponent("empty.safetensors")) { $0["classes"] = "[\"0\", \"\"]" }
        let results = [
            try CLI.run(["inspect", "label.safetensors"], in: dir),
            try CLI.run(["eval", "--model", "features.safetensors", "--data", "other.csv"], in: dir),
            try CLI.run(["train", "--data", "d.csv", "--layers", "linear", "--epochs", "1", "--out", "n.safetensors", "--log", "log.csv"], in: dir),
        ]
        for r in results {
            #expect(!(r.stdout + r.stderr).contains("\u{1B}"), "raw ESC in: \(r.stdout) \(r.stderr)")
        }
        #expect(results[0].status == 1 && results[0].stderr.contains(
            "label.safetensors: metadata \"label\" holds \"label\\U0000001b[31m\": found a control character (U+001B)"), "\(results[0].stderr)")
        #expect(results[1].status == 1 && results[1].stderr.contains("metadata \"feature_names\" holds \"a\\U0000001b[2J\""), "\(results[1].stderr)")
        #expect(results[2].status == 1 && results[2].stderr.contains("the log's columns (epoch,\"train_loss\\U0000001b[2J\")"), "\(results[2].stderr)")
        let classes = try CLI.run(["predict", "--model", "classes.safetensors", "--data", "d.csv"], in: dir)
        #expect(classes.status == 1 && !(classes.stdout + classes.stderr).contains("\u{1B}")
                && classes.stderr.contains("metadata \"classes\" holds \"\\U0000001b[2J\""), "\(classes.stdout) \(classes.stderr)")
        let empty = try CLI.run(["predict", "--model", "empty.safetensors", "--data", "d.csv"], in: dir)
        #expect(empty.status == 1 && empty.stderr.contains("metadata \"classes\" holds an empty class name"), "\(empty.stderr)")
    }

    /// Rewrites a safetensors file's `__metadata__` strings (the header is re-encoded; the tensors stay).
    private func rewriteMetadata(_ url: URL, _ change: (inout [String: String]) -> Void) throws {
        let bytes = try Data(contentsOf: url)
        let n = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as? [String: Any])
        var metadata = try #require(header["__metadata__"] as? [String: String])
        change(&metadata)
        header["__metadata__"] = metadata
        var json = try JSONSerialization.data(withJSONObject: header)
        while json.count % 8 != 0 { json.append(0x20) }
        var out = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Data($0) }
        out.append(json)
        out.append(bytes.subdata(in: (8 + n)..<bytes.count))
        try out.write(to: url)
    }

    /// eval and predict read a file with the delimiter of the model's training file: a file with another
    /// delimiter names it instead of calling present columns missing (plain or quoted header).
    @Test func aFileWithAnotherDelimiterThanTheModelsSaysWhichToPass() throws {
        let dir = try CLI.temporaryDirectory()
        let iris = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8)
        try iris.replacingOccurrences(of: ",", with: "\t").write(to: dir.appendingPathComponent("iris.tsv"), atomically: true, encoding: .utf8)
        let lines = iris.split(separator: "\n")
        let quotedHeader = lines[0].split(separator: ",").map { "\"\($0)\"" }.joined(separator: ",")
        try ([quotedHeader] + lines.dropFirst().map(String.init)).joined(separator: "\n").appending("\n")
            .write(to: dir.appendingPathComponent("quoted.csv"), atomically: true, encoding: .utf8)
        for (data, delimiter, out) in [(CLI.data("iris.csv"), ",", "comma.safetensors"), ("iris.tsv", "\\t", "tab.safetensors")] {
            let train = try CLI.run(["train", "--data", data, "--delimiter", delimiter, "--layers", "linear", "--epochs", "1", "--out", out, "--quiet"], in: dir)
            try #require(train.status == 0, "\(train.stderr)")
        }
        let lacking = "(split at '\\t' it lacks the columns needed): pass --delimiter ','\n"
        let cases = [
            (["predict", "--model", "comma.safetensors", "--data", "iris.tsv"],
             "error: iris.tsv:1: the header looks '\\t'-separated, not ','-separated (split at ',' it lacks the columns needed): pass --delimiter '\\t'\n"),
            (["eval", "--model", "tab.safetensors", "--data", CLI.data("iris.csv")],
             "error: \(CLI.data("iris.csv")):1: the header looks ','-separated, not '\\t'-separated " + lacking),
            (["eval", "--model", "tab.safetensors", "--data", "quoted.csv"],
             "error: quoted.csv:1:1: unexpected text after the closing quote of a quoted field; the header looks ','-separated: pass --delimiter ','\n"),
        ]
        // One error, not the columns listed as missing (nor the label's before it) that are there.
        for (arguments, message) in cases {
            let r = try CLI.run(arguments, in: dir)
            #expect(r.status == 1 && r.stderr == message, "\(arguments): \(r.stderr)")
        }
        #expect(try CLI.run(["eval", "--model", "tab.safetensors", "--data", "quoted.csv", "--delimiter", ","], in: dir).status == 0)
    }

    /// Two outputs that are one file under two names (a hard link) are refused as two outputs of one name are:
    /// files are compared by identity, not by name.
    @Test func twoOutputsLinkedToOneFileAreRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let plot = dir.appendingPathComponent("curves.svg")
        try Data("an earlier plot".utf8).write(to: plot)
        try FileManager.default.linkItem(at: plot, to: dir.appendingPathComponent("log.csv"))
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--out", "m.safetensors",
                             "--plot", "curves.svg", "--log", "log.csv"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("both name"), "\(r.stderr)")
        #expect(try Data(contentsOf: plot) == Data("an earlier plot".utf8))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.safetensors").path))
    }

    @Test func printConfigShowsTheResolvedConfiguration() throws {
        let r = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--epochs", "7", "--no-standardize", "--print-config"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("epochs = 7"), "a flag overrides the file")
        #expect(r.stdout.contains("batch_size = 16"), "the file overrides the default")
        #expect(r.stdout.contains("standardize = false"))
        #expect(r.stdout.contains("momentum = 0.9"))
        // A config train would refuse is not printed as if it ran: the same checks, exit 2.
        let contradiction = try CLI.run(["train", "--config", CLI.config("iris.toml"), "--momentum", "0", "--nesterov", "--print-config"])
        #expect(contradiction.status == 2 && contradiction.stdout.isEmpty, "\(contradiction.stdout)")
        #expect(contradiction.stderr.contains("nesterov needs momentum > 0"), "\(contradiction.stderr)")
    }

    /// What PyTorch, Keras and scikit-learn call by another name is refused (exit 2) with tinynet's name for
    /// it, where edit distance would guess nothing or something wrong (`--hidden` is not `--header`).
    static let foreignNames: [(arguments: [String], says: String)] = [
        (["--loss", "categorical_crossentropy"], "(\"categorical_crossentropy\" is \"softmax_ce\" here: it applies the softmax to the last layer's outputs itself)"),
        (["--loss", "BCEWithLogitsLoss"], "(\"BCEWithLogitsLoss\" is \"bce\" here)"),
        (["--dtype", "float64"], "(\"float64\" is \"f64\" here)"),
        (["--task", "regressor"], "(\"regressor\" is \"regression\" here)"),
        (["--layers", "linear:8,relu,linear,softmax"], "unknown layer \"softmax\" (the softmax_ce loss applies the softmax"),
        (["--layers", "64,64"], "unknown layer \"64\" (a width alone, as in scikit-learn's hidden_layer_sizes, is linear:N here"),
        (["--layers", "Dense:64,linear"], "(Keras' Dense(N) is linear:N here)"),
        (["--learning-rate", "0.1"], "error: Unknown option '--learning-rate' (--learning-rate is --lr here)\n"),
        (["--hidden", "64"], "error: Unknown option '--hidden' (--hidden is --layers here)\n"),
        (["--optimizer", "adam"], "error: Unknown option '--optimizer' (tinynet trains with SGD only, as scikit-learn's solver=\"sgd\": --lr, --momentum, --nesterov, --weight-decay and --lr-schedule set it)\n"),
        (["model.toml"], "(a config file is given with --config model.toml)"),
        (["valid=v.csv"], "Unexpected argument 'valid=v.csv' (a setting is a flag here: --val-data v.csv)"),
        (["--task", "regression", "--loss", "softmax_ce"], "regression uses mse (leave loss unset to take the task's default)"),
    ]

    @Test(arguments: foreignNames.indices)
    func anotherLibrarysNameIsTranslated(index: Int) throws {
        let (arguments, says) = Self.foreignNames[index]
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear"] + arguments)
        #expect(r.status == 2 && r.stderr.contains(says), "\(arguments): \(r.stderr)")
    }

    /// A hint names only a flag the command has, and a file argument only where its flag was not given.
    @Test func aFlagHintNamesOnlyTheCommandsFlags() throws {
        let data = try CLI.run(["data", CLI.data("iris.csv"), "--hidden", "3"])  // data has no --layers
        #expect(data.status == 2 && data.stderr.hasPrefix("error: Unknown option '--hidden'. Did you mean '--header'?\n"), "\(data.stderr)")
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", CLI.data("iris.csv"), "--checkpoint", "x"])  // no --out
        #expect(eval.status == 2 && eval.stderr.hasPrefix("error: Unknown option '--checkpoint'\n"), "\(eval.stderr)")
        let twice = try CLI.run(["train", "--data", CLI.data("iris.csv"), "b.csv"])
        #expect(twice.status == 2 && twice.stderr.hasPrefix("error: Unexpected argument 'b.csv'\n"), "\(twice.stderr)")
        let joined = try CLI.run(["train", "--config=c.toml", "d.toml"])
        #expect(joined.status == 2 && joined.stderr.hasPrefix("error: Unexpected argument 'd.toml'\n"), "\(joined.stderr)")
        // A file given without its flag, where the flag is missing, says the flag (after a value, or first).
        let evalData = try CLI.run(["eval", "--model", "m.safetensors", "data/iris.csv"])
        #expect(evalData.status == 2 && evalData.stderr.hasPrefix(
            "error: Missing expected argument '--data <data>' (a data file is given with --data data/iris.csv)\n"), "\(evalData.stderr)")
        let predictModel = try CLI.run(["predict", "m.safetensors", "--data", "d.csv"])
        #expect(predictModel.status == 2 && predictModel.stderr.hasPrefix(
            "error: Missing expected argument '--model <model>' (a checkpoint is given with --model m.safetensors)\n"), "\(predictModel.stderr)")
        let flagValue = try CLI.run(["eval", "--model", "d.csv"])  // a value of a flag is not a stray file
        #expect(flagValue.status == 2 && flagValue.stderr.hasPrefix("error: Missing expected argument '--data <data>'\n"), "\(flagValue.stderr)")
        // gradcheck's help names --epochs among the flags it refuses; that is no flag it takes.
        let refused = try CLI.run(["gradcheck", "--num-epochs", "3"])
        #expect(refused.status == 2 && refused.stderr.hasPrefix("error: Unknown option '--num-epochs'\n"), "\(refused.stderr)")
    }

    @Test func aConfigKeyFromAnotherLibraryIsTranslated() throws {
        let dir = try CLI.temporaryDirectory()
        try "learning_rate = 0.1\n".write(to: dir.appendingPathComponent("k.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--config", "k.toml", "--data", CLI.data("iris.csv"), "--layers", "linear"], in: dir)
        #expect(r.status == 2 && r.stderr == "error: k.toml: unknown key \"learning_rate\" (\"learning_rate\" is \"lr\" here)\n", "\(r.stderr)")
        // LightGBM's key=value lines are not TOML; a quoted boolean is text.
        try "task = train\ndata=train.csv\n".write(to: dir.appendingPathComponent("lgb.conf"), atomically: true, encoding: .utf8)
        let lightgbm = try CLI.run(["train", "--config", "lgb.conf"], in: dir)
        #expect(lightgbm.status == 2 && lightgbm.stderr.contains("(a config is TOML: text in quotes, data = \"train.csv\""), "\(lightgbm.stderr)")
        try "header = \"false\"\n".write(to: dir.appendingPathComponent("q.toml"), atomically: true, encoding: .utf8)
        let quoted = try CLI.run(["train", "--config", "q.toml"], in: dir)
        #expect(quoted.status == 2 && quoted.stderr.contains("(in TOML without quotes: header = false)"), "\(quoted.stderr)")
        // A setting tinynet has not says what it has; a list holding a number says where, and a bare width what it is.
        for (toml, says) in [("optimizer = \"adam\"\n", "unknown key \"optimizer\" (tinynet trains with SGD only, as scikit-learn's solver=\"sgd\": lr, momentum, nesterov, weight_decay and lr_schedule set it)"),
                             ("layers = [64, \"relu\", \"linear\"]\n",
                              "k.toml: layers: expected a list of strings, found the number 64 at position 1 (a width alone, as in scikit-learn's hidden_layer_sizes, is \"linear:N\" here"),
                             ("ignore_columns = [\"id\", 3]\n", "k.toml: ignore_columns: expected a list of strings, found the number 3 at position 2 (columns are named: a column named 3 is \"3\")")] {
            try toml.write(to: dir.appendingPathComponent("k.toml"), atomically: true, encoding: .utf8)
            let r = try CLI.run(["train", "--config", "k.toml", "--data", CLI.data("iris.csv")], in: dir)
            #expect(r.status == 2 && r.stderr.contains(says), "\(toml): \(r.stderr)")
        }
    }

    /// A label name that differs from a column's only in case (or by a typo) names that column.
    @Test func aMistypedLabelNamesTheNearestColumn() throws {
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--label", "Label", "--layers", "linear"])
        #expect(r.status == 1 && r.stderr.contains("label column \"Label\" not found (did you mean \"label\"?)"), "\(r.stderr)")
        // A first row with a word in a feature column: that it may be the labels comes first, "NA" being a class too.
        let dir = try CLI.temporaryDirectory()
        try "region,x,y\nNA,1,2\nEU,3,4\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let region = try CLI.run(["train", "--data", "r.csv", "--layers", "linear"], in: dir)
        #expect(region.status == 1 && region.stderr.contains("if \"region\" holds the labels, pass --label region")
                && region.stderr.hasSuffix("; or, if it is a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)\n"), "\(region.stderr)")
        let typo = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--label", "lable", "--layers", "linear"])
        #expect(typo.status == 1 && typo.stderr.contains("label column \"lable\" not found (did you mean \"label\"?)"), "\(typo.stderr)")
    }

    /// eval on rows without their label points to predict; a header numpy commented out is warned of.
    @Test func evalWithoutLabelsPointsToPredictAndACommentedHeaderIsWarned() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let unlabelled = rows.map { $0.prefix(4).joined(separator: ",") }.joined(separator: "\n") + "\n"
        try unlabelled.write(to: dir.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", "rows.csv"], in: dir)
        #expect(eval.status == 1 && eval.stderr.hasSuffix("for predictions on rows without labels, use tinynet predict\n"), "\(eval.stderr)")
        #expect(try CLI.run(["predict", "--model", "m.safetensors", "--data", "rows.csv"], in: dir).status == 0)
        // A label column under another case is a label column misnamed, not rows without labels.
        try "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),Label\n5.1,3.5,1.4,0.2,0\n".write(
            to: dir.appendingPathComponent("cased.csv"), atomically: true, encoding: .utf8)
        let cased = try CLI.run(["eval", "--model", "m.safetensors", "--data", "cased.csv"], in: dir)
        #expect(cased.status == 1 && cased.stderr.contains("(did you mean \"Label\"?)") && !cased.stderr.contains("predict"), "\(cased.stderr)")

        try "# f0,f1,label\n1,2,a\n3,4,b\n".write(to: dir.appendingPathComponent("np.csv"), atomically: true, encoding: .utf8)
        for command in [["data", "np.csv"], ["train", "--data", "np.csv", "--layers", "linear", "--epochs", "1", "--out", "n.safetensors"]] {
            let r = try CLI.run(command, in: dir)
            #expect(r.status == 0 && r.stderr.contains("warning: the first column is named \"# f0\": \"# \" is numpy's savetxt comment mark"), "\(command): \(r.stderr)")
        }
        let named = try CLI.run(["data", CLI.data("iris.csv")])
        #expect(!named.stderr.contains("comment mark"))
        // The label may be the first column, "# label" then.
        try "# label,f0,f1\na,1,2\nb,3,4\n".write(to: dir.appendingPathComponent("np0.csv"), atomically: true, encoding: .utf8)
        let first = try CLI.run(["data", "np0.csv", "--label", "0"], in: dir)
        #expect(first.status == 0 && first.stderr.contains("the first column is named \"# label\""), "\(first.stderr)")
        try "#rooms,label\n1,a\n2,b\n".write(to: dir.appendingPathComponent("rooms.csv"), atomically: true, encoding: .utf8)
        #expect(try !CLI.run(["data", "rooms.csv"], in: dir).stderr.contains("comment mark"))
    }

    /// inspect and export take the checkpoint as an argument or, as eval and predict do, with --model; once.
    @Test func inspectAndExportTakeTheCheckpointEitherWay() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear", "--epochs", "1", "--quiet", "--out", "m.safetensors"], in: dir).status == 0)
        let argument = try CLI.run(["inspect", "m.safetensors"], in: dir)
        let option = try CLI.run(["inspect", "--model", "m.safetensors"], in: dir)
        #expect(argument.status == 0 && option.status == 0 && option.stdout == argument.stdout, "\(option.stderr)")
        #expect(try CLI.run(["export", "--torch-script", "l.py", "--model", "m.safetensors"], in: dir).status == 0)
        let neither = try CLI.run(["inspect"], in: dir)
        #expect(neither.status == 2 && neither.stderr.hasPrefix("error: missing the checkpoint"), "\(neither.stderr)")
        let both = try CLI.run(["inspect", "m.safetensors", "--model", "m.safetensors"], in: dir)
        #expect(both.status == 2 && both.stderr.hasPrefix("error: the checkpoint is given twice"), "\(both.stderr)")
    }
}
