import Foundation
import TinyNet

/// Writes the Python source of a PyTorch loader for a checkpoint: it rebuilds the
/// equivalent `torch.nn.Sequential`, loads the tensors with the `safetensors`
/// package (`load_state_dict(..., strict=True)` on the keys that start with a
/// digit), applies the stored preprocessing `(x − mean) / std · input_scale` and
/// exposes `predict(rows)`: class probabilities (softmax for `softmax_ce`,
/// sigmoid for `bce`), or for regression the value in the target's own units.
/// Run as a script, it prints the same CSV as `tinynet predict`.
public enum PyTorchLoaderExport {
    /// The Python source for `checkpoint`, read from `checkpointPath`, to be written to
    /// `scriptPath` (relative paths are taken from `currentDirectory`). The script finds
    /// the checkpoint relative to its own directory (see `checkpointReference`).
    public static func source(for checkpoint: Checkpoint, checkpointPath: String, scriptPath: String,
                              currentDirectory: String) -> String {
        let reference = checkpointReference(scriptPath: scriptPath, checkpointPath: checkpointPath,
                                            currentDirectory: currentDirectory)
        let module = scriptPath.split(separator: "/").last.map { String($0.prefix { $0 != "." }) } ?? "model"
        return [
            docstring(checkpoint: checkpointPath, module: module),
            constants(checkpoint, reference: reference),
            model(checkpoint),
            outputsFunction,
            predictFunction(checkpoint),
            readRowsFunction,
            checkpoint.task == .classification ? printClassification : printRegression,
            mainSection,
        ].joined(separator: "\n\n\n")
    }

    /// How the script at `scriptPath` should refer to `checkpointPath`: relative to the
    /// script's directory (with `..` when the checkpoint lies outside it), so that the two
    /// can be moved together. Relative arguments are taken from `currentDirectory`.
    public static func checkpointReference(scriptPath: String, checkpointPath: String, currentDirectory: String) -> String {
        func absolute(_ path: String) -> [String] {
            let full = path.hasPrefix("/") ? path : currentDirectory + "/" + path
            var parts: [String] = []
            for part in full.split(separator: "/") where part != "." {
                if part == ".." { _ = parts.popLast() } else { parts.append(String(part)) }
            }
            return parts
        }
        let directory = Array(absolute(scriptPath).dropLast())
        let checkpoint = absolute(checkpointPath)
        let common = zip(directory, checkpoint).prefix { $0 == $1 }.count
        let up = Array(repeating: "..", count: directory.count - common)
        return (up + checkpoint[common...]).joined(separator: "/")
    }

    private static func docstring(checkpoint: String, module: String) -> String {
        """
        \"\"\"The tinynet checkpoint \(docText(checkpoint)) as a PyTorch model (written by `tinynet export`).

        Predictions for a CSV file (feature columns matched by header name):
            python3 \(docText(module)).py DATA.csv
        From Python:
            from \(docText(module)) import predict; predict([[...feature values...]])
        Needs the torch and safetensors packages.
        \"\"\"
        import csv
        import gzip
        import math
        import os
        import re
        import sys
        import unicodedata
        import zlib

        import torch
        from safetensors.torch import load_file
        """
    }

    private static func constants(_ checkpoint: Checkpoint, reference: String) -> String {
        let classes = checkpoint.classes.isEmpty ? (0..<checkpoint.outputWidth).map { "\($0)" } : checkpoint.classes
        var lines = [
            "CHECKPOINT = os.path.join(os.path.dirname(os.path.abspath(__file__)), \(pythonString(reference)))",
            "FEATURES = \(pythonList(checkpoint.featureNames))",
            "DTYPE = torch.\(checkpoint.dtype == .f64 ? "float64" : "float32")  # the checkpoint's parameter dtype",
            "INPUT_SCALE = \(pythonFloat(checkpoint.inputScale))",
            "DELIMITER, HEADER = \(pythonString(checkpoint.config.delimiter)), \(checkpoint.config.header ? "True" : "False")  # how the training file was read",
        ]
        if checkpoint.task == .classification {
            lines.append("CLASSES = \(pythonList(classes))")
        } else {
            lines.append("TARGET_MEAN, TARGET_STD = \(pythonFloat(checkpoint.targetMean ?? 0)), \(pythonFloat(checkpoint.targetStd ?? 1))")
        }
        return lines.joined(separator: "\n")
    }

    private static func model(_ checkpoint: Checkpoint) -> String {
        var width = checkpoint.inputWidth
        let modules = checkpoint.layers.map { spec -> String in
            switch spec {
            case .linear(let n):
                defer { width = n ?? width }
                return "torch.nn.Linear(\(width), \(n ?? width), dtype=DTYPE)"
            case .relu: return "torch.nn.ReLU()"
            case .sigmoid: return "torch.nn.Sigmoid()"
            case .tanh: return "torch.nn.Tanh()"
            }
        }
        let hasPreprocessing = checkpoint.tensors["preprocess.mean"] != nil && checkpoint.tensors["preprocess.std"] != nil
        return """
            model = torch.nn.Sequential(
            \(modules.map { "    \($0)," }.joined(separator: "\n"))
            )
            state = load_file(CHECKPOINT)
            model.load_state_dict({k: v for k, v in state.items() if k[0].isdigit()}, strict=True)
            model.eval()
            \(hasPreprocessing
                ? "MEAN, STD = state[\"preprocess.mean\"], state[\"preprocess.std\"]  # float64, per feature"
                : "MEAN, STD = 0.0, 1.0  # the checkpoint stores no preprocessing")
            """
    }

    /// `predict(rows)`: what `tinynet predict` reports, by task and loss.
    private static func predictFunction(_ checkpoint: Checkpoint) -> String {
        let (doc, body): (String, String)
        switch (checkpoint.task, checkpoint.loss) {
        case (.regression, _):
            (doc, body) = ("Predicted values in the target's units, one column per output.",
                           "return outputs(rows) * TARGET_STD + TARGET_MEAN")
        case (.classification, .softmaxCE):
            (doc, body) = ("Class probabilities (softmax), one column per class in CLASSES.",
                           "return torch.softmax(outputs(rows), dim=1)")
        case (.classification, .bce) where checkpoint.outputWidth == 1:
            (doc, body) = ("Class probabilities [sigmoid(-z), sigmoid(z)] of the output z, as CLASSES.",
                           "z = outputs(rows)\n    return torch.cat([torch.sigmoid(-z), torch.sigmoid(z)], dim=1)")
        case (.classification, .bce):
            (doc, body) = ("Per-class probabilities (sigmoid), one column per class in CLASSES.",
                           "return torch.sigmoid(outputs(rows))")
        case (.classification, .mse):
            (doc, body) = ("Raw scores (the model was trained with MSE), one column per class in CLASSES.",
                           "return outputs(rows)")
        }
        return "def predict(rows):\n    \"\"\"\(doc)\"\"\"\n    \(body)"
    }

    private static let outputsFunction = """
        class InputOutOfRange(ValueError):
            \"\"\"A row the model cannot compute in DTYPE: a feature that preprocessing takes beyond what DTYPE holds,
            or values that overflow inside the network (tinynet predict refuses both, naming the line).\"\"\"
            def __init__(self, row, detail):
                self.row = row  # the index in the rows given (0-based)
                self.detail = detail
                super().__init__(f"rows[{row}]: {detail}")


        def outputs(rows):
            \"\"\"Raw network outputs (float64) for rows of raw feature values, in FEATURES order.\"\"\"
            x = torch.as_tensor(rows, dtype=torch.float64).reshape(-1, len(FEATURES))
            d = x - MEAN  # overflows only for values near the largest float64: x / std - mean / std there
            x = torch.where(torch.isfinite(d), d / STD, x / STD - MEAN / STD) * INPUT_SCALE
            beyond = ~(x.abs() <= torch.finfo(DTYPE).max)  # as tinynet predict: an input DTYPE cannot hold
            if beyond.any():
                row, column = beyond.nonzero()[0].tolist()
                raise InputOutOfRange(row, f"feature {FEATURES[column]!r} is {x[row, column].item():g} after preprocessing "
                                      f"(standardization, input_scale), beyond the ±{torch.finfo(DTYPE).max:g} that {DTYPE} holds")
            with torch.no_grad():
                h = x.to(DTYPE)
                for layer in model:
                    h = layer(h)
                    # As tinynet predict: a Linear's value that overflows (a later tanh or sigmoid would squash it to ±1).
                    overflow = ~torch.isfinite(h).all(dim=1) if isinstance(layer, torch.nn.Linear) else torch.zeros(1, dtype=torch.bool)
                    if overflow.any():
                        raise InputOutOfRange(int(overflow.nonzero()[0]), "the model's output for this row is not finite: its features "
                                              f"overflow {DTYPE} inside the network (features far outside the training range)")
                return h.double()
        """

    private static let readRowsFunction = """
        def read_csv(path):
            \"\"\"Every row of a CSV or gzipped CSV file (gzip is known by its magic bytes) as (the line it
            starts on, its fields, whether the line is blank); a file that cannot be read stops the script,
            naming it. Bytes that are not UTF-8 are kept and refused in a feature's value or a column name.\"\"\"
            csv.field_size_limit(sys.maxsize)
            try:
                with open(path, "rb") as f:
                    gzipped = f.read(2) == b"\\x1f\\x8b"
                with (gzip.open if gzipped else open)(path, "rt", newline="", encoding="utf-8-sig", errors="surrogateescape") as f:
                    text = []  # the lines of the row being read, for is_blank
                    def lines():
                        for line in f:
                            text.append(line)
                            yield line
                    # Blanks before a quoted field are skipped, as tinynet skips them (not when they are the delimiter).
                    reader = csv.reader(lines(), delimiter=DELIMITER, skipinitialspace=DELIMITER != " ")
                    rows, line = [], 1
                    for row in reader:
                        rows.append((line, row, is_blank("".join(text))))
                        text.clear()
                        line = reader.line_num + 1
                    return rows
            except (OSError, EOFError, zlib.error, csv.Error) as error:  # a missing file, a truncated or corrupt gzip stream
                sys.exit(f"{path}: {error}")


        def is_blank(text):
            \"\"\"A line of nothing but spaces and tabs that are not the delimiter (no quote, no field): tinynet
            skips such lines before the header and at the end.\"\"\"
            return all(c in " \\t\\r\\n" and c != DELIMITER for c in text)


        def read_rows(path, lines=None):
            \"\"\"The FEATURES columns of a file read as the training file was (DELIMITER; without HEADER the
            columns are named c0, c1, ...), matched by name up to Unicode canonical equivalence. As tinynet
            predict, it refuses a feature column named twice, a row without the header's number of fields and
            a blank line between rows. The file line of each row is appended to `lines` when given.\"\"\"
            rows = read_csv(path)
            while rows and rows[-1][2]:
                rows.pop()
            while rows and rows[0][2]:
                rows.pop(0)
            if HEADER:
                names = [nfc(name.strip(" \\t")) for name in rows.pop(0)[1]] if rows else []  # blanks, as tinynet trims
                for name in names:
                    if any("\\udc80" <= c <= "\\udcff" or (c < " " and c not in "\\t\\n") or c == "\\x7f" for c in name):
                        sys.exit(f"{path}: the column name {name!r} holds bytes that are not UTF-8 text or a control character")
            else:
                names = [f"c{i}" for i in range(len(rows[0][1]) if rows else 0)]
            positions = {}
            for i, name in enumerate(names):
                positions.setdefault(name, []).append(i)
            for name in FEATURES:
                found = positions.get(nfc(name), [])
                if not found:
                    sys.exit(f"{path}: no column {name!r}")
                if len(found) > 1:
                    sys.exit(f"{path}: the header names {len(found)} columns {name!r}; columns are matched by name, so rename them")
            if not rows:
                sys.exit(f"{path}: no data rows")
            for line, row, blank in rows:
                if blank:
                    sys.exit(f"{path}:{line}: empty line, expected a row of {len(names)} fields"
                             " (blank lines are allowed only at the end of the file)")
                if len(row) != len(names):
                    sys.exit(f"{path}:{line}: found {len(row)} fields, expected {len(names)}")
            columns = [positions[nfc(name)][0] for name in FEATURES]
            if lines is not None:
                lines.extend(line for line, _, _ in rows)
            return [[feature_value(path, line, row, i, names[i]) for i in columns] for line, row, _ in rows]


        def nfc(name):
            \"\"\"A column name in Unicode's composed form: "é" typed as one code point or as "e" and an accent is one name.\"\"\"
            return unicodedata.normalize("NFC", name)


        # A decimal number as tinynet reads a feature (ASCII digits only, no spaces inside, no "_", "inf" or "nan").
        DECIMAL = re.compile(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")


        def feature_value(path, line, row, i, name):
            \"\"\"Field i of a row as tinynet reads a feature: a finite decimal number, else the script stops
            naming the line (as tinynet predict does), rather than predict from NaN.\"\"\"
            text = row[i].strip(" \\t")
            value = float(text) if DECIMAL.fullmatch(text) else math.nan
            if not math.isfinite(value):
                sys.exit(f"{path}:{line}: column {name!r}: found {text!r}, expected a finite number")
            return value
        """

    private static let printClassification = """
        def print_predictions(p):
            \"\"\"Writes the CSV of `tinynet predict`: the most probable class, then p_<class> columns.\"\"\"
            out = csv.writer(sys.stdout, lineterminator="\\n")
            out.writerow(["prediction"] + ["p_" + c for c in CLASSES])
            for row in p.tolist():
                best = max(range(len(row)), key=row.__getitem__)
                out.writerow([CLASSES[best]] + ["%.6g" % v for v in row])
        """

    private static let printRegression = """
        def print_predictions(p):
            \"\"\"Writes the CSV of `tinynet predict`: one `prediction` column.\"\"\"
            print("prediction")
            for row in p.tolist():
                print(",".join(repr(v) for v in row))  # every digit, as tinynet predict writes values
        """

    private static let mainSection = """
        if __name__ == "__main__":
            if len(sys.argv) != 2:
                sys.exit(f"usage: python3 {sys.argv[0]} DATA.csv")
            lines = []
            rows = read_rows(sys.argv[1], lines)
            try:
                print_predictions(predict(rows))
                sys.stdout.flush()
            except InputOutOfRange as e:  # named by the line, as tinynet predict does
                sys.exit(f"{sys.argv[1]}:{lines[e.row]}: {e.detail}")
            except BrokenPipeError:  # a reader that stopped early (| head): end quietly, as tinynet predict does
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's documented idiom
                sys.exit(141)

        """
}
