import Foundation
import TinyNet

/// Reading checkpoints: the safetensors container, then tinynet's layout in its `__metadata__`
/// (written by CheckpointFile.swift) and tensors.
extension Checkpoint {
    /// Loads and validates a checkpoint: the container (by SafetensorsFile),
    /// then the layout: version, layer list, and every tensor it requires.
    public static func load(path: String) throws -> Checkpoint {
        try validated(SafetensorsFile.load(path: path), name: path)
    }

    /// Decodes and validates a checkpoint from bytes in memory, for the fuzzer and for callers that already
    /// hold the file (the same checks as `load(path:)`, without the file system): the safetensors container
    /// (`SafetensorsFile.decode`), then the layout (format and version tags, the layer list, and every
    /// tensor it requires with its shape). `name` names the file in errors; a bad input is a
    /// `CheckpointError`, never a crash.
    public static func decode(bytes: [UInt8], name: String) throws -> Checkpoint {
        try validated(SafetensorsFile.decode(bytes, name: name), name: name)
    }

    /// The layout checks on a decoded container, with errors naming `name`.
    static func validated(_ file: SafetensorsFile, name: String) throws -> Checkpoint {
        do {
            return try Checkpoint(file: file)
        } catch let error as CheckpointError {
            throw CheckpointError(file: name, message: error.message)
        }
    }

    /// The checkpoint a container holds; errors name no file (`validated` adds it). The keys are read in
    /// a fixed order, so that a file with several problems always reports the same one.
    init(file: SafetensorsFile) throws {
        let meta = CheckpointMetadata(file.metadata)
        try Checkpoint.checkTinynetLayout(file)
        let layerNames: [String] = try meta.stringList("layers")
        let featureNames: [String] = try meta.stringList("feature_names")
        let taskName = try meta.need("task")
        guard let task = Task(rawValue: taskName) else { throw CheckpointError(file: "", message: "unknown task \(doubleQuoted(taskName))") }
        let lossName = try meta.need("loss")
        guard let loss = LossKind(rawValue: lossName) else { throw CheckpointError(file: "", message: "unknown loss \(doubleQuoted(lossName))") }
        let layers = try Checkpoint.layerSpecs(layerNames)
        let preprocessing = try Checkpoint.preprocessing(file, featureCount: featureNames.count)
        let config = try Checkpoint.storedConfig(meta, task: task, loss: loss)
        let stateWords: [String] = try meta.stringList("generator_state", absent: "[]")  // its words are checked last
        self.init(
            layers: layers, task: task, loss: loss, labelColumn: try meta.need("label"), featureNames: featureNames,
            classes: try meta.stringList("classes", absent: "[]"), preprocessing: preprocessing,
            inputScale: try meta.number("input_scale", absent: 1.0),
            targetMean: try meta.optionalNumber("target_mean"), targetStd: try meta.optionalNumber("target_std"),
            epochsDone: try meta.number("epochs_done", absent: 0), batchesDone: try meta.number("batches_done", absent: 0),
            seed: try meta.number("seed", absent: 0), config: config,
            partialEpoch: try Checkpoint.partialEpoch(meta), best: try Checkpoint.bestRecord(meta),
            shuffleBuffer: try meta.optionalNumber("shuffle_buffer"),
            generatorState: try Checkpoint.generatorState(stateWords), tensors: file.tensors)
        if let text = meta.values["epoch_data"] {
            guard let data = DataFingerprint(text: text) else {
                throw CheckpointError(file: "", message: "metadata \"epoch_data\" is \(doubleQuoted(text)), expected ROWS:HASH (16 hex digits)")
            }
            epochData = data
        }
        try validateMetadata()
        try validateTensors()
    }

    /// The file is a tinynet checkpoint of the layout this build reads: tagged `tinynet` (else it was
    /// written by another tool), in the `pt` format, of `layoutVersion`.
    private static func checkTinynetLayout(_ file: SafetensorsFile) throws {
        let meta = file.metadata
        guard let version = meta["tinynet"] else {
            // A valid safetensors file written by another tool (PyTorch's save_file, a state_dict):
            // it has tensors but not the layers, features and classes a tinynet model needs.
            let names = file.tensors.keys.sorted()
            let shown = names.prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            throw CheckpointError(file: "", message: "a safetensors file with \(names.count) tensor(s) (\(shown)) but no tinynet metadata, so not a tinynet checkpoint (written by another tool?); tinynet reads the checkpoints that tinynet train writes")
        }
        guard meta["format"] == "pt" else {
            throw CheckpointError(file: "", message: "metadata \"format\" is \(meta["format"].map { "\"\($0)\"" } ?? "missing"), expected \"pt\"")
        }
        guard version == Checkpoint.layoutVersion else {
            throw CheckpointError(file: "", message: "tinynet layout version \(doubleQuoted(version)) is not supported (this build reads version \(Checkpoint.layoutVersion))")
        }
    }

    /// The stored layer list, parsed; it has at least one linear layer.
    private static func layerSpecs(_ names: [String]) throws -> [LayerSpec] {
        let layers: [LayerSpec]
        do { layers = try names.map(LayerSpec.init(parsing:)) } catch { throw CheckpointError(file: "", message: "\(error)") }
        guard layers.contains(where: \.isLinear) else {
            throw CheckpointError(file: "", message: "the layer list \(layers.map(\.description)) has no linear layer")
        }
        return layers
    }

    /// The feature standardization, from tensors `preprocess.mean` and `preprocess.std` of one value per feature.
    private static func preprocessing(_ file: SafetensorsFile, featureCount: Int) throws -> Standardizer {
        // tinynet writes both preprocessing tensors (mean 0, std 1 without standardization): without
        // them every prediction would be made on unscaled inputs.
        for name in ["preprocess.mean", "preprocess.std"] {
            guard let t = file.tensors[name] else { throw CheckpointError(file: "", message: "missing tensor '\(name)'") }
            guard t.shape == [featureCount] else {
                throw CheckpointError(file: "", message: "tensor '\(name)' has shape \(t.shape), expected [\(featureCount)] (one value per feature)")
            }
        }
        return Standardizer(mean: file.tensors["preprocess.mean"]!.doubles, std: file.tensors["preprocess.std"]!.doubles)
    }

    /// The training config stored as JSON in metadata `config`, which agrees with the stored task and loss.
    private static func storedConfig(_ meta: CheckpointMetadata, task: Task, loss: LossKind) throws -> TrainConfig {
        guard case .object(let entries)? = try? JSONParser.parse(Array(try meta.need("config").utf8)) else {
            throw CheckpointError(file: "", message: "metadata \"config\" is not a JSON object")
        }
        let config = try TrainConfig(entries: entries)
        guard config.resolvedLoss == loss, config.task == task else {
            throw CheckpointError(file: "", message: "metadata task \(task.rawValue) / loss \(loss.rawValue) disagree with its config (\(config.task.rawValue) / \(config.resolvedLoss.rawValue))")
        }
        return config
    }

    /// The unfinished epoch's running sums (zero when the checkpoint was written at the end of an epoch).
    private static func partialEpoch(_ meta: CheckpointMetadata) throws -> PartialEpoch {
        PartialEpoch(
            lossSum: try meta.number("epoch_loss_sum", absent: 0.0), correct: try meta.number("epoch_correct", absent: 0),
            rows: try meta.number("epoch_rows", absent: 0))
    }

    /// The best validation loss so far and its epoch, when `best_val_loss` is stored.
    private static func bestRecord(_ meta: CheckpointMetadata) throws -> BestRecord? {
        guard let loss: Double = try meta.optionalNumber("best_val_loss") else { return nil }
        return BestRecord(
            loss: loss, epoch: try meta.number("best_epoch", absent: 0),
            epochsWithoutImprovement: try meta.number("epochs_without_improvement", absent: 0))
    }

    /// The shuffling generator's state from its decimal words.
    private static func generatorState(_ words: [String]) throws -> [UInt64] {
        try words.map { word in
            guard let value = UInt64(word) else { throw CheckpointError(file: "", message: "metadata \"generator_state\" holds \(doubleQuoted(word)), expected an unsigned integer") }
            return value
        }
    }
}

/// A checkpoint's `__metadata__` being read: each value by key, with errors that name the key.
struct CheckpointMetadata {
    let values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    /// A value tinynet always writes.
    func need(_ key: String) throws -> String {
        guard let v = values[key] else { throw CheckpointError(file: "", message: "metadata has no \"\(key)\"; not a tinynet checkpoint") }
        return v
    }

    /// A numeric value, `absent` when the key is absent; present, it must parse (a bad value would change
    /// every prediction).
    func number<N: LosslessStringConvertible>(_ key: String, absent: N) throws -> N {
        try optionalNumber(key) ?? absent
    }

    /// A numeric value, nil when the key is absent; present, it must parse.
    func optionalNumber<N: LosslessStringConvertible>(_ key: String) throws -> N? {
        guard let text = values[key] else { return nil }
        guard let value = N(text) else { throw CheckpointError(file: "", message: "metadata \(doubleQuoted(key)) is \(doubleQuoted(text)), expected a number") }
        return value
    }

    /// A JSON-encoded list of strings tinynet always writes.
    func stringList(_ key: String) throws -> [String] {
        try decodeStringList(need(key), key: key)
    }

    /// A JSON-encoded list of strings, read as `absent` when the key is absent.
    func stringList(_ key: String, absent: String) throws -> [String] {
        try decodeStringList(values[key] ?? absent, key: key)
    }
}

/// A JSON array of strings, read with the exact parser: Foundation's JSONSerialization drops a U+FEFF inside a
/// string (on Linux), so a column named "\u{FEFF}b" came back as "b" and eval could not find it.
func decodeStringList(_ text: String, key: String) throws -> [String] {
    let notAList = CheckpointError(file: "", message: "metadata \"\(key)\" is not the expected JSON (a list of strings)")
    guard case .array(let items)? = try? JSONParser.parse(Array(text.utf8)) else { throw notAList }
    return try items.map { item in
        guard case .string(let string) = item else { throw notAList }
        return string
    }
}

extension TrainConfig {
    /// The config stored in a checkpoint's metadata, read with the exact JSON
    /// parser (numbers keep their text, so a learning rate reads back bit for
    /// bit). A key this version does not know is ignored; a known key's value must be one `set` accepts
    /// (a resumed run trains with it: a bad lr or class_weight must not quietly become the default).
    init(entries: [(key: String, value: JSONValue)]) throws {
        self.init()
        for (name, raw) in entries {
            guard let key = ConfigKey(rawValue: name) else { continue }
            let value: ConfigValue?
            switch (key.valueKind, raw) {
            case (.bool, .bool(let b)): value = .bool(b)
            case (.int, .number(let t)): value = Int(t).map(ConfigValue.int)
            case (.number, .number(let t)): value = Double(t).map(ConfigValue.double)
            case (.string, .string(let s)): value = .string(s)
            case (.string, .number(let t)) where key == .label: value = .string(t)  // a label column by index
            case (.strings, .array(let items)):
                let strings = items.compactMap { item -> String? in if case .string(let s) = item { s } else { nil } }
                value = strings.count == items.count ? .strings(strings) : nil
            default: value = nil
            }
            guard let value else {
                throw CheckpointError(file: "", message: "metadata \"config\" has \(name) of the wrong type (expected \(key.valueKind))")
            }
            // A delimiter that this version refuses for new runs (a byte of a number) but an earlier one took still reads.
            if key == .delimiter, case .string(let text) = value, let byte = CSVOptions.storedDelimiterByte(text) {
                delimiter = String(decoding: [byte], as: UTF8.self)
                continue
            }
            do { try set(key, value) } catch { throw CheckpointError(file: "", message: "metadata \"config\": \(error)") }
        }
    }
}
