import Foundation
import Testing

/// The Python round trip: checkpoints read by `safetensors.numpy` give the same
/// predictions as `tinynet predict` (Tests/Python/numpy_roundtrip.py), and the
/// loader written by `tinynet export --torch-script` is valid Python that, when
/// PyTorch is installed, prints the same predictions as tinynet.
@Suite struct InteropTests {
    /// One tiny model per activation, loss and dtype the round trip must cover.
    static let cases: [TrainCase] = [
        TrainCase(name: "softmax_ce-relu", data: "iris.csv",
                  flags: ["--layers", "linear:16,relu,linear", "--epochs", "30", "--lr", "0.05", "--momentum", "0.9"]),
        TrainCase(name: "bce-sigmoid", data: "breast_cancer.csv",
                  flags: ["--loss", "bce", "--layers", "linear:8,sigmoid,linear", "--epochs", "10", "--lr", "0.1"]),
        TrainCase(name: "mse-tanh-regression", data: "diabetes.csv",
                  flags: ["--task", "regression", "--layers", "linear:16,tanh,linear", "--standardize-target", "--epochs", "20"]),
        TrainCase(name: "f64-scaled", data: "wine.csv",
                  flags: ["--dtype", "f64", "--layers", "linear:8,tanh,linear:8,sigmoid,linear", "--input-scale", "2",
                          "--epochs", "20", "--lr", "0.1"]),
        // Raw scores (no softmax) from a classifier trained with MSE; a regression's outputs in the target's own units.
        TrainCase(name: "mse-classifier", data: "iris.csv",
                  flags: ["--loss", "mse", "--layers", "linear:8,relu,linear", "--epochs", "10", "--lr", "0.05"]),
        TrainCase(name: "regression-unstandardized-target", data: "diabetes.csv",
                  flags: ["--task", "regression", "--layers", "linear:8,tanh,linear", "--no-standardize-target", "--epochs", "5", "--lr", "0.001"]),
    ]

    @Test(.enabled(if: Python.hasNumPy,
                   "python3 with numpy and safetensors is not importable (make test installs them with pip)"),
          arguments: cases)
    func numpyForwardPassMatchesPredict(_ c: TrainCase) throws {
        let (dir, checkpoint) = try train(c)
        let predict = try CLI.run(["predict", "--model", checkpoint, "--data", CLI.data(c.data), "--out", "p.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let script = CLI.repository.appendingPathComponent("Tests/Python/numpy_roundtrip.py").path
        let check = try Python.run([script, checkpoint, CLI.data(c.data), "p.csv"], in: dir)
        #expect(check.status == 0, "\(c.name): \(check.stderr)")
        #expect(check.stdout.hasPrefix("OK:"), "\(check.stdout)")
    }

    @Test(.enabled(if: Python.available, "python3 is not on PATH"), arguments: cases)
    func exportedScriptIsValidPython(_ c: TrainCase) throws {
        let (dir, checkpoint) = try train(c)
        let export = try CLI.run(["export", "--torch-script", "model.py", checkpoint], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("model.py"))
        let source = try String(contentsOf: dir.appendingPathComponent("model.py"), encoding: .utf8)
        #expect(source.contains("load_state_dict({k: v for k, v in state.items() if k[0].isdigit()}, strict=True)"))
        #expect(source.contains(c.flags.contains("f64") ? "DTYPE = torch.float64" : "DTYPE = torch.float32"))
        let compile = try Python.run(["-m", "py_compile", "model.py"], in: dir)
        #expect(compile.status == 0, "\(compile.stderr)")
    }

    @Test(.enabled(if: Python.hasTorch,
                   "PyTorch is not installed: the exported loader is only compiled, not run"),
          arguments: cases)
    func exportedScriptPredictsLikeTinynet(_ c: TrainCase) throws {
        let (dir, checkpoint) = try train(c)
        #expect(try CLI.run(["export", "--torch-script", "sub/model.py", checkpoint], in: dir).status == 0)
        let torch = try Python.run(["sub/model.py", CLI.data(c.data)], in: dir)
        #expect(torch.status == 0, "\(torch.stderr)")
        let tinynet = try CLI.run(["predict", "--model", checkpoint, "--data", CLI.data(c.data)], in: dir)
        try expectSamePredictions(torch.stdout, tinynet.stdout, c.name)
    }

    /// The loader reads a file as the training file was read: a tab-separated file without a header.
    @Test(.enabled(if: Python.hasTorch, "PyTorch is not installed"))
    func exportedScriptReadsFilesAsTheTrainingFileWasRead() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        try rows.map { $0.replacingOccurrences(of: ",", with: "\t") }.joined(separator: "\n")
            .write(to: dir.appendingPathComponent("iris.tsv"), atomically: true, encoding: .utf8)
        let train = try CLI.run(["train", "--data", "iris.tsv", "--no-header", "--delimiter", "\\t", "--layers", "linear:8,relu,linear",
                                 "--epochs", "10", "--out", "m.safetensors"], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(try CLI.run(["export", "--torch-script", "model.py", "m.safetensors"], in: dir).status == 0)
        let torch = try Python.run(["model.py", "iris.tsv"], in: dir)
        #expect(torch.status == 0, "\(torch.stderr)")
        let tinynet = try CLI.run(["predict", "--model", "m.safetensors", "--data", "iris.tsv"], in: dir)
        try expectSamePredictions(torch.stdout, tinynet.stdout, "tsv without header")
    }

    /// The loader refuses what predict refuses (a NaN or an overflowing value, a value beyond float32 once
    /// standardized, a file without rows), naming
    /// the line, rather than predict a class from NaN; and it keeps a column name's non-breaking space, as
    /// tinynet does (only blanks are trimmed).
    @Test(.enabled(if: Python.hasTorch, "PyTorch is not installed"))
    func exportedScriptRefusesWhatPredictRefuses() throws {
        let dir = try CLI.temporaryDirectory()
        try "a\u{A0},b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "t.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        #expect(try CLI.run(["export", "--torch-script", "model.py", "model.safetensors"], in: dir).status == 0)
        let good = try Python.run(["model.py", "t.csv"], in: dir)
        let tinynet = try CLI.run(["predict", "--model", "model.safetensors", "--data", "t.csv"], in: dir)
        #expect(good.status == 0, "\(good.stderr)")
        try expectSamePredictions(good.stdout, tinynet.stdout, "a column named with a non-breaking space")
        for (contents, says) in [("a\u{A0},b\n1,2\n3,nan\n", "t2.csv:3: column 'b': found 'nan', expected a finite number"),
                                 ("a\u{A0},b\n1e999,2\n", "t2.csv:2: column 'a\\xa0': found '1e999', expected a finite number"),
                                 ("a\u{A0},b\n", "t2.csv: no data rows"),
                                 // finite, but beyond float32 once standardized (a's mean 4, std √5): predict's range check
                                 ("a\u{A0},b\n1,2\n1e39,4\n", "t2.csv:3: feature 'a\\xa0' is 4.47214e+38 after preprocessing (standardization, input_scale), beyond the ±3.40282e+38 that torch.float32 holds")] {
            try contents.write(to: dir.appendingPathComponent("t2.csv"), atomically: true, encoding: .utf8)
            let python = try Python.run(["model.py", "t2.csv"], in: dir)
            #expect(python.status == 1 && python.stderr.contains(says), "\(python.stderr)")
            #expect(try CLI.run(["predict", "--model", "model.safetensors", "--data", "t2.csv"], in: dir).status == 1)
        }
    }

    /// The loader's CSV reader (run without PyTorch: its functions taken from the script with `ast`) accepts
    /// what predict accepts and refuses what it refuses: a row with more or fewer fields than the header (a
    /// decimal comma read as a delimiter gave a silently wrong row), a blank line between rows (blank lines
    /// before the header and at the end are skipped), a feature that is not an ASCII decimal; it matches
    /// column names up to Unicode canonical equivalence, and a row's line is its first line.
    @Test(.enabled(if: Python.available, "python3 is not on PATH"))
    func exportedReaderRefusesRowsPredictRefuses() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<8).map { "\(Double($0) / 4),\($0 % 3),\($0 * 2),\($0 % 2 == 0 ? "yes" : "no")" }
        try ("pr\u{E9},b,c,label\n" + rows.joined(separator: "\n") + "\n")  // "é" as one code point (NFC)
            .write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "t.csv", "--layers", "linear", "--epochs", "1"], in: dir).status == 0)
        #expect(try CLI.run(["export", "--torch-script", "model.py", "model.safetensors"], in: dir).status == 0)
        try Self.readerOnly.write(to: dir.appendingPathComponent("reader.py"), atomically: true, encoding: .utf8)
        let header = "pre\u{301},b,c,label\n"  // "é" as "e" and a combining accent (NFD)
        let longText = String(repeating: "y", count: 200_000)
        for (contents, says) in [(header + "0.5,1,2,yes\n0.7,1,2,no\n\n\n", "2 rows"),
                                 ("\n  \n" + header + "0.5,1,2,yes\n0.7,1,2,no\n \t\n", "2 rows"),  // blank lines before and after
                                 (header + "0.5,1,2, \"y,es\"\n0.5, \"1\",2,no\n", "2 rows"),  // blanks before a quote
                                 (header + "0.5,1,2,caf\u{E9}\n0.5,1,2,\(longText)\n", "2 rows"),  // any label text
                                 (header + "0,5,1,2,yes\n", "d.csv:2: found 5 fields, expected 4"),
                                 (header + "0.5,1,2\n", "d.csv:2: found 3 fields, expected 4"),
                                 (header + "0.5,1,2,yes\n\n0.7,1,2,no\n", "d.csv:3: empty line, expected a row of 4 fields"),
                                 (header + "0.5,1,2,yes\n  \n0.7,1,2,no\n", "d.csv:3: empty line, expected a row of 4 fields"),
                                 (header + "0.5,1,2,yes\n\"\"\n", "d.csv:3: found 1 fields, expected 4"),  // a quoted empty field is a row
                                 (header + "0.5,1,2,yes\n,,,\n", "d.csv:3: column 'pr\u{E9}': found ''"),  // delimiters are no blanks
                                 ("pr\u{E9},b,c,\u{1}\n0.5,1,2,yes\n", "d.csv: the column name '\\x01'"),
                                 (header + "0.5,1,2,\"y\nes\"\n0.5,nan,2,no\n", "d.csv:4: column 'b': found 'nan'"),
                                 (header + "0.5,\u{FF11},2,no\n", "d.csv:2: column 'b': found '\u{FF11}'"),  // a fullwidth 1
                                 (header + "0.5,1\u{A0},2,no\n", "d.csv:2: column 'b': found '1\\xa0'"),
                                 (header + "0.5,1_0,2,no\n", "d.csv:2: column 'b': found '1_0'")] {
            try contents.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
            let python = try Python.run(["reader.py", "model.py", "d.csv"], in: dir)
            let predict = try CLI.run(["predict", "--model", "model.safetensors", "--data", "d.csv"], in: dir)
            let ok = says == "2 rows"
            #expect(python.status == (ok ? 0 : 1) && (python.stdout + python.stderr).contains(says), "\(contents.prefix(80)): \(python.stderr)")
            #expect(predict.status == python.status, "\(contents.prefix(80)): predict \(predict.stderr)")
        }
        // Files it cannot read stop it with a message, not a Python traceback: predict refuses them too. A byte
        // that is not UTF-8 is refused where a feature holds it, as a number it is not.
        #expect(try Python.run(["-c", "import gzip; open('cut.gz', 'wb').write(gzip.compress(b'1,2,3,x\\n' * 1000)[:24])"], in: dir).status == 0)
        let gzipped = try Data(contentsOf: dir.appendingPathComponent("cut.gz"))  // a gzip stream cut short
        for (bytes, says) in [(Data("pr\u{E9},b,c,pr\u{E9}\n1,2,3,4\n".utf8), "d.csv: the header names 2 columns 'pr\u{E9}'"),
                              (Data("pr\u{E9},b,c,caf".utf8) + Data([0xE9]) + Data("\n1,2,3,x\n".utf8), "d.csv: the column name 'caf\\udce9'"),
                              (Data("pr\u{E9},b,c,label\n1,2,".utf8) + Data([0xFF]) + Data(",x\n".utf8), "d.csv:2: column 'c': found '\\udcff'"),
                              (gzipped, "d.csv: Compressed file ended")] {
            try bytes.write(to: dir.appendingPathComponent("d.csv"))
            let python = try Python.run(["reader.py", "model.py", "d.csv"], in: dir)
            #expect(python.status == 1 && python.stderr.contains(says) && !python.stderr.contains("Traceback"), "\(python.stderr)")
            #expect(try CLI.run(["predict", "--model", "model.safetensors", "--data", "d.csv"], in: dir).status == 1)
        }
        // With a space as the delimiter, a line of spaces is a row of empty fields, not a blank line.
        try "pr\u{E9} b c label\n0.5 1 2 yes\n0.7 1 2 no\n".write(to: dir.appendingPathComponent("s.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["train", "--data", "s.csv", "--delimiter", " ", "--layers", "linear", "--epochs", "1", "--out", "s.safetensors"],
                            in: dir).status == 0)
        #expect(try CLI.run(["export", "--torch-script", "s.py", "s.safetensors"], in: dir).status == 0)
        for (contents, status) in [("pr\u{E9} b c label\n0.5 1 2 yes\n\t\n", Int32(0)), ("pr\u{E9} b c label\n0.5 1 2 yes\n   \n", 1)] {
            try contents.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
            let python = try Python.run(["reader.py", "s.py", "d.csv"], in: dir)
            let predict = try CLI.run(["predict", "--model", "s.safetensors", "--data", "d.csv"], in: dir)
            #expect(python.status == status && predict.status == status, "\(contents.debugDescription): \(python.stderr) \(predict.stderr)")
        }
        let missing = try Python.run(["reader.py", "model.py", "no-such.csv"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("no-such.csv: [Errno 2]"), "\(missing.stderr)")
    }

    /// Runs the exported script's `read_rows` on a file without importing torch: `reader.py SCRIPT DATA`
    /// prints "N rows" (or the script's own error, exit 1).
    private static let readerOnly = """
        import ast, sys
        tree = ast.parse(open(sys.argv[1]).read())
        def needed(node):
            if isinstance(node, ast.Import):
                return not any(alias.name.startswith("torch") for alias in node.names)
            if isinstance(node, ast.FunctionDef):
                return node.name in ("read_csv", "is_blank", "read_rows", "nfc", "feature_value")
            return isinstance(node, ast.Assign) and ast.unparse(node.targets[0]).strip("()") in ("FEATURES", "DELIMITER, HEADER", "DECIMAL")
        namespace = {}
        exec(compile(ast.Module([node for node in tree.body if needed(node)], []), sys.argv[1], "exec"), namespace)
        print(len(namespace["read_rows"](sys.argv[2])), "rows")
        """

    @Test func exportOfAnUnreadableCheckpointExitsOneNamingTheFile() throws {
        let dir = try CLI.temporaryDirectory()
        try Data("not a checkpoint".utf8).write(to: dir.appendingPathComponent("bad.safetensors"))
        for name in ["bad.safetensors", "missing.safetensors"] {
            let r = try CLI.run(["export", "--torch-script", "m.py", name], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains(name), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.py").path))
        }
        let usage = try CLI.run(["export", "bad.safetensors"], in: dir)
        #expect(usage.status == 2, "--torch-script is required")
    }

    @Test func exportToAnUnwritablePathNamesIt() throws {
        let (dir, checkpoint) = try train(Self.cases[0])
        let r = try CLI.run(["export", "--torch-script", "no/such/dir/m.py", checkpoint], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no/such/dir/m.py"), "\(r.stderr)")
    }

    /// Trains `c` in a fresh directory; returns it and the checkpoint's name.
    private func train(_ c: TrainCase) throws -> (URL, String) {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let r = try CLI.run(["train", "--data", CLI.data(c.data), "--out", "m.safetensors", "--quiet"] + c.flags, in: dir)
        #expect(r.status == 0, "\(c.name): \(r.stderr)")
        return (dir, "m.safetensors")
    }

    /// Same header, same predicted classes (unless the top two probabilities tie) and every
    /// number within 1e-5 relative or 1e-6 absolute.
    private func expectSamePredictions(_ a: String, _ b: String, _ name: String) throws {
        let rowsA = a.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let rowsB = b.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        try #require(rowsA.count == rowsB.count && rowsA.count > 1, "\(name): \(rowsA.count) vs \(rowsB.count) lines")
        #expect(rowsA[0] == rowsB[0], "\(name): header")
        let firstNumber = rowsA[0].count > 1 ? 1 : 0
        var mismatches: [String] = []
        for (line, (ra, rb)) in zip(rowsA, rowsB).enumerated().dropFirst() {
            let x = ra[firstNumber...].compactMap { Double($0) }, y = rb[firstNumber...].compactMap { Double($0) }
            guard x.count == y.count, x.count == ra.count - firstNumber else { mismatches.append("line \(line + 1): \(ra) vs \(rb)"); continue }
            for (u, v) in zip(x, y) where abs(u - v) > 1e-6 + 1e-5 * abs(v) { mismatches.append("line \(line + 1): \(u) vs \(v)") }
            let top = y.sorted().suffix(2)
            let tie = top.count == 2 && abs(top.first! - top.last!) <= 1e-6 + 1e-5 * top.last!
            if firstNumber == 1 && ra[0] != rb[0] && !tie { mismatches.append("line \(line + 1): class \(ra[0]) vs \(rb[0])") }
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }
}

/// The `python3` on PATH, run like the tinynet binary.
enum Python {
    /// Whether `python3` runs at all.
    static let available = (try? run(["-c", "pass"]).status == 0) ?? false

    /// What the NumPy round trip needs.
    static let hasNumPy = canImport("numpy, safetensors.numpy")
    /// What running the exported loader needs.
    static let hasTorch = canImport("torch, safetensors.torch")

    /// Whether `import MODULES` succeeds (a comma-separated list).
    static func canImport(_ modules: String) -> Bool {
        (try? run(["-c", "import \(modules)"]).status == 0) ?? false
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
        try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, in: directory)
    }

}
