import Foundation
import TestScratch
import Testing
@testable import TinyNet
@testable import TinyNetIO

@Suite struct ConfigTests {
    @Test func readsEveryKindOfValue() throws {
        var config = TrainConfig()
        try config.apply(toml: """
            data = "d.csv"
            val_split = 0.25
            label = 3
            layers = ["linear:8", "relu", "linear"]
            epochs = 4
            lr = 1
            nesterov = true
            momentum = 0.5
            lr_schedule = "step:2:0.5"
            standardize = false
            dtype = "f64"
            delimiter = "\\\\t"
            """, source: "c.toml")
        #expect(config.data == "d.csv" && config.valSplit == 0.25 && config.label == "3")
        #expect(config.layers == ["linear:8", "relu", "linear"])
        #expect(config.epochs == 4 && config.lr == 1 && config.nesterov && config.momentum == 0.5)
        #expect(config.lrSchedule == .step(every: 2, gamma: 0.5) && !config.standardize && config.dtype == .f64)
        #expect(config.delimiter == "\t")
    }

    @Test(arguments: [
        ("epocs = 3", "unknown key \"epocs\" (did you mean \"epochs\"?)"),
        ("epochs = \"ten\"", "epochs: expected an integer ≥ 1, found \"ten\""),
        ("epochs = 0", "epochs: expected an integer ≥ 1"),
        ("lr = -1", "lr: expected a finite number ≥ 0"),
        ("task = \"clustering\"", "task: expected classification or regression"),
        ("task = \"Classification\"", "(did you mean \"classification\"?)"),
        ("dtype = \"F64\"", "dtype: expected f32 or f64, found \"F64\" (did you mean \"f64\"?)"),
        ("class_weight = \"balance\"", "(did you mean \"balanced\"?)"),
        ("lr_schedule = \"cosin\"", "did you mean \"cosine\""),
        ("val_split = 1.5", "val_split: expected a fraction"),
        ("layers = [1, 2]", "layers: expected a list of strings, found the number 1 at position 1 (a width alone"),
        ("layers = [\"relu\", {a = 1}]", "layers: expected a list of strings, found a table, list or date at position 2"),
        ("seed = 2024-01-01", "seed: unsupported value type"),
        ("epochs = ", "c.toml:1:"),
        ("data = \"\"", "data: expected a file name, found \"\""),
        ("val_data = \"\"", "val_data: expected a file name"),
        ("lr_schedule = \"step:1:inf\"", "GAMMA a finite number > 0"),
        ("lr_schedule = \"step:1:1e400\"", "GAMMA a finite number > 0"),
        ("lr_schedule = \"step:2:0\"", "GAMMA a finite number > 0"),
        ("lr_schedule = \"constant:5\"", "unknown schedule \"constant:5\""),
        ("lr_schedule = \"cosine:5\"", "unknown schedule \"cosine:5\""),
        // Each range's open end: a fraction of 1, a momentum of 1, a batch of 0, a decay of inf, a scale of 0.
        ("val_split = 1", "val_split: expected a fraction in [0, 1) (0: no validation split), found 1"),
        ("momentum = 1", "momentum: expected a number in [0, 1), found 1"),
        ("batch_size = 0", "batch_size: expected an integer ≥ 1, found 0"),
        ("weight_decay = inf", "weight_decay: expected a finite number ≥ 0, found inf"),
        ("input_scale = 0", "input_scale: expected a finite number > 0, found 0"),
        ("delimiter = \"7\"", "delimiter: expected one ASCII character other than a digit, \"+\""),
        ("delimiter = \"e\"", "delimiter: expected one ASCII character other than a digit, \"+\""),
    ])
    func rejectsBadConfigsNamingTheKey(toml: String, message: String) {
        var config = TrainConfig()
        do {
            try config.apply(toml: toml, source: "c.toml")
            Issue.record("expected an error for \(toml)")
        } catch {
            #expect("\(error)".contains("c.toml"), "\(error)")
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func errorsAboutValuesThatMustFitNameWhereTheyWereSet() throws {
        func error(_ toml: String, flags: [ConfigKey: ConfigValue] = [:]) throws -> String {
            var config = TrainConfig()
            try config.apply(toml: "data = \"d.csv\"\nlayers = [\"linear\"]\n" + toml, source: "run.toml")
            for (key, value) in flags { try config.set(key, value, source: key.flag) }
            do { _ = try config.validatedForTraining() } catch { return "\(error)" }
            return "no error"
        }
        #expect(try error("nesterov = true") == "run.toml: nesterov needs momentum > 0")
        #expect(try error("nesterov = true\nmomentum = 0.5", flags: [.momentum: .double(0)])
                == "run.toml, --momentum: nesterov needs momentum > 0")
        #expect(try error("", flags: [.nesterov: .bool(true)]) == "--nesterov: nesterov needs momentum > 0")
        // Two keys of one file name it once.
        #expect(try error("task = \"regression\"\nclass_weight = \"balanced\"")
                == "run.toml: class_weight = \"balanced\" weights classes; task = regression has none")
        #expect(try error("task = \"regression\"", flags: [.classWeight: .string("balanced")]).hasPrefix("--class-weight, run.toml: "))
        // MSE takes no class weights (they were silently ignored): classification with loss = mse refuses them.
        #expect(try error("loss = \"mse\"", flags: [.classWeight: .string("balanced")])
                == "--class-weight, run.toml: class_weight = \"balanced\" weights the softmax_ce and bce losses; loss = mse does not take class weights")
        var a = TrainConfig(), b = TrainConfig()
        try a.set(.epochs, .int(3), source: "a.toml")
        try b.set(.epochs, .int(3), source: "--epochs")
        #expect(a == b, "where a value came from is not part of the configuration")
    }

    /// A config read through a pipe (`--config <(…)`) or from /dev/null reads like a file (FileManager
    /// refused both with "Inappropriate ioctl for device"); an endless one stops at 1 MB.
    @Test func aConfigFromAPipeOrDevNullIsRead() throws {
        let fifo = try Scratch.path("config.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        DispatchQueue.global().async { try? "epochs = 7\nlr = 0.5\n".write(toFile: fifo, atomically: false, encoding: .utf8) }
        var config = TrainConfig()
        try config.apply(tomlFile: fifo)
        #expect(config.epochs == 7 && config.lr == 0.5)
        var empty = TrainConfig()
        try empty.apply(tomlFile: "/dev/null")
        #expect(empty == TrainConfig())
        #expect(throws: ConfigError(file: "/dev/zero", message: "is larger than 1 MB, too large for a TOML config file")) {
            try empty.apply(tomlFile: "/dev/zero")
        }
    }

    /// A config of exactly 1 MB is read; one byte more is refused, not cut at 1 MB and parsed.
    @Test func aConfigOfOneMegabyteIsTheLargestRead() throws {
        let dir = try Scratch.directory()
        func file(bytes: Int) throws -> String {
            let head = "epochs = 3\n#", url = dir.appendingPathComponent("c\(bytes).toml")
            try Data((head + String(repeating: "x", count: bytes - head.utf8.count - 1) + "\n").utf8).write(to: url)
            return url.path
        }
        var config = TrainConfig()
        try config.apply(tomlFile: try file(bytes: 1 << 20))
        #expect(config.epochs == 3)
        let tooLarge = try file(bytes: (1 << 20) + 1)
        #expect(throws: ConfigError(file: tooLarge, message: "is larger than 1 MB, too large for a TOML config file")) {
            try config.apply(tomlFile: tooLarge)
        }
    }

    /// A NUL byte is refused naming its line: the TOML parser would stop there as at the end, and every key after
    /// it, a bad value included, would be ignored without a word.
    @Test func aNULByteIsRefusedNamingItsLine() throws {
        let file = try Scratch.directory().appendingPathComponent("nul.toml")
        try Data("epochs = 3\n".utf8 + [0] + "\nlr = -5\n".utf8).write(to: file)
        var config = TrainConfig()
        #expect(throws: ConfigError(file: "\(file.path):2", message: "a NUL byte, which TOML does not allow (is this a text file?)")) {
            try config.apply(tomlFile: file.path)
        }
    }

    @Test func aConfigThatIsNotUTF8OrIsADirectoryIsNamedSo() throws {
        let dir = try Scratch.directory()
        let latin1 = dir.appendingPathComponent("latin1.toml")
        try Data("epochs = 3\n# caf".utf8 + [0xE9] + "\n".utf8).write(to: latin1)
        var config = TrainConfig()
        #expect(throws: ConfigError(file: "\(latin1.path):2", message: "not UTF-8 text; a TOML file is UTF-8")) {
            try config.apply(tomlFile: latin1.path)
        }
        #expect(throws: ConfigError(file: dir.path, message: "is a directory, expected a TOML config file")) {
            try config.apply(tomlFile: dir.path)
        }
    }

    @Test func aNegativeLabelIndexIsABadValue() throws {
        var config = TrainConfig()
        #expect(throws: ConfigError.self) { try config.apply(toml: "label = -1", source: "c.toml") }
        #expect(throws: ConfigError.self) { try config.set(.label, .string("-1"), source: "--label") }
        #expect(config.label == nil)
        try config.set(.label, .string("0"), source: "--label")
        #expect(config.label == "0")
    }

    @Test func printedTOMLReadsBackToTheSameConfig() throws {
        var config = TrainConfig()
        try config.apply(toml: "data = \"a \\\"b\\\".csv\"\nlayers = [\"linear:3\", \"tanh\", \"linear\"]\nweight_decay = 0.001\nseed = 9", source: "c")
        var again = TrainConfig()
        try again.apply(toml: config.toml, source: "printed")
        again.loss = config.loss ?? again.loss  // the printed form resolves the default loss
        #expect(again.data == config.data && again.layers == config.layers)
        #expect(again.weightDecay == 0.001 && again.seed == 9)
    }

    /// A label with a line break, a carriage return, a quote, a backslash and other control characters prints as
    /// TOML that reads back.
    @Test func aLabelWithLineBreaksPrintsAsValidTOML() throws {
        var config = TrainConfig()
        config.label = "my\nlabel\r \"q\" \\ end\u{1}\u{7F}"
        var again = TrainConfig()
        try again.apply(toml: config.toml, source: "printed")
        #expect(again.label == config.label, "\(config.toml)")
    }

    /// Every key set away from its default survives the printed TOML (listed in ConfigKey's order) and the
    /// checkpoint's JSON form, read back as a resumed run reads it.
    @Test func everyKeyRoundTripsThroughTheTOML() throws {
        var config = TrainConfig()
        try config.apply(toml: """
            data = "d.csv"
            val_data = "v.csv"
            val_split = 0.25
            label = "y\\\\z \\"q\\""
            task = "regression"
            layers = ["linear:3", "sigmoid", "linear"]
            loss = "bce"
            epochs = 7
            batch_size = 5
            lr = 1e-05
            momentum = 0.5
            nesterov = true
            weight_decay = 0.25
            lr_schedule = "step:3:0.5"
            standardize = false
            input_scale = 10
            seed = 4
            dtype = "f64"
            out = "m.safetensors"
            class_weight = "balanced"
            standardize_target = false
            init = "torch"
            delimiter = "\t"
            header = false
            ignore_columns = ["id", "a, b"]
            """, source: "c")
        var again = TrainConfig()
        try again.apply(toml: config.toml, source: "printed")
        #expect(again == config, "\(config.toml)")
        let printedKeys = config.toml.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(printedKeys == ConfigKey.allCases.map(\.rawValue))
        // The checkpoint's form: the dictionary as JSON, read back as a resumed run reads it.
        guard case .object(let entries)? = try? JSONParser.parse(Array(JSONText.encode(config.dictionary).utf8)) else {
            Issue.record("the stored config is not a JSON object")
            return
        }
        #expect(try TrainConfig(entries: entries) == config)
    }

    @Test func validationCatchesContradictions() {
        var config = TrainConfig()
        config.data = "x.csv"
        config.layers = ["linear"]
        config.task = .regression
        config.loss = .softmaxCE
        #expect(throws: ConfigError.self) { try config.validatedForTraining() }
        config.loss = nil
        config.valData = "v.csv"
        config.valSplit = 0.2
        #expect(throws: ConfigError.self) { try config.validatedForTraining() }
        config.valData = nil
        #expect(throws: Never.self) { try config.validatedForTraining() }
        config.classWeight = .balanced
        #expect(throws: ConfigError.self) { try config.validatedForTraining() }
    }
}

/// data/breast_cancer.csv of the repository (212 malignant, 357 benign).
private let breastCancerCSV = bundledData("breast_cancer.csv")

@Suite struct BalancedWeightTests {
    @Test func weightsAreSamplesOverClassesTimesCount() {
        // n = 3, C = 2: class 0 has 2 rows → 3/4, class 1 has 1 row → 3/2 (as scikit-learn's "balanced").
        #expect(balancedClassWeights([0, 0, 1], classCount: 2) == [0.75, 1.5])
    }

    /// train, gradcheck and scale build their loss in one place: balanced weights from the training rows,
    /// for softmax cross-entropy and BCE alike (gradcheck used to check the unweighted loss).
    @Test(arguments: [LossKind.softmaxCE, .bce])
    func theTrainedLossCarriesTheWeights(_ loss: LossKind) throws {
        var config = TrainConfig()
        config.data = breastCancerCSV
        (config.layers, config.loss, config.classWeight) = (["linear"], loss, .balanced)
        let prepared = try PreparedRun(config: config)
        let expected = balancedClassWeights(prepared.train.classIndices, classCount: 2)
        #expect(expected[0] > 1 && expected[1] < 1, "212 malignant, 357 benign: \(expected)")
        let built: any Loss<Double> = prepared.lossFunction(config)
        let weights = (built as? SoftmaxCrossEntropy<Double>)?.classWeights ?? (built as? BinaryCrossEntropy<Double>)?.classWeights
        #expect(weights == expected)
        config.classWeight = .unweighted
        let plain: any Loss<Double> = prepared.lossFunction(config)
        #expect((plain as? SoftmaxCrossEntropy<Double>)?.classWeights == nil && (plain as? BinaryCrossEntropy<Double>)?.classWeights == nil)
    }
}

@Suite struct PreparedRunSplitTests {
    /// val_split holds out the fraction of each class (breast_cancer: 212 malignant, 357 benign → 42 and 71
    /// of them at 0.2), as train_test_split(stratify=y) does; a split of all 569 rows would hold out 114.
    @Test func aClassificationSplitIsStratified() throws {
        var config = TrainConfig()
        config.data = breastCancerCSV
        (config.layers, config.valSplit) = (["linear"], 0.2)
        let prepared = try PreparedRun(config: config)
        func counts(_ classes: [Int]) -> [Int] { [0, 1].map { c in classes.filter { $0 == c }.count } }
        #expect(counts(prepared.validation?.classIndices ?? []) == [42, 71] && counts(prepared.train.classIndices) == [170, 286])
    }
}
