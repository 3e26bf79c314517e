import Foundation
import TinyNet

/// Reading and writing checkpoints: `__metadata__` holds format = pt,
/// tinynet = 1, and JSON-encoded strings for the lists and the config.
extension Checkpoint {
    public func write(to path: String) throws {
        try SafetensorsFile(tensors: tensors, metadata: metadata).write(toFile: path)
    }

    public var metadata: [String: String] {
        var m: [String: String] = [
            "format": "pt",
            "tinynet": Checkpoint.layoutVersion,
            "layers": jsonString(layers.map(\.description)),
            "task": task.rawValue,
            "loss": loss.rawValue,
            "label": labelColumn,
            "feature_names": jsonString(featureNames),
            "classes": jsonString(classes),
            "input_scale": "\(inputScale)",
            "epochs_done": "\(epochsDone)",
            "batches_done": "\(batchesDone)",
            "seed": "\(seed)",
            "config": jsonString(config.dictionary),
            "generator_state": jsonString(generatorState.map { String($0) }),
        ]
        if batchesDone > 0 {  // the unfinished epoch's running sums (shortest round-trip text: exact)
            (m["epoch_loss_sum"], m["epoch_correct"], m["epoch_rows"]) =
                ("\(partialEpoch.lossSum)", "\(partialEpoch.correct)", "\(partialEpoch.rows)")
        }
        if let best {  // --save-best / --early-stopping: what a resumed run must beat
            (m["best_val_loss"], m["best_epoch"], m["epochs_without_improvement"]) =
                ("\(best.loss)", "\(best.epoch)", "\(best.epochsWithoutImprovement)")
        }
        if let shuffleBuffer { m["shuffle_buffer"] = "\(shuffleBuffer)" }
        if let targetMean, let targetStd {
            m["target_mean"] = "\(targetMean)"
            m["target_std"] = "\(targetStd)"
        }
        return m
    }

    /// Loads and validates a checkpoint: the container (by SafetensorsFile),
    /// then the layout: version, layer list, and every tensor it requires.
    public static func load(path: String) throws -> Checkpoint {
        try validated(SafetensorsFile.load(path: path), name: path)
    }

    /// The layout checks on a decoded container, with errors naming `name`.
    static func validated(_ file: SafetensorsFile, name: String) throws -> Checkpoint {
        do {
            return try Checkpoint(file: file)
        } catch let error as CheckpointError {
            throw CheckpointError(file: name, message: error.message)
        }
    }

    init(file: SafetensorsFile) throws {
        let meta = file.metadata
        func need(_ key: String) throws -> String {
            guard let v = meta[key] else { throw CheckpointError(file: "", message: "metadata has no \"\(key)\"; not a tinynet checkpoint") }
            return v
        }
        guard meta["tinynet"] != nil else {
            // A valid safetensors file written by another tool (PyTorch's save_file, a state_dict):
            // it has tensors but not the layers, features and classes a tinynet model needs.
            let names = file.tensors.keys.sorted()
            let shown = names.prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
            throw CheckpointError(file: "", message: "a safetensors file with \(names.count) tensor(s) (\(shown)) but no tinynet metadata, so not a tinynet checkpoint (written by another tool?); tinynet reads the checkpoints that tinynet train writes")
        }
        guard meta["format"] == "pt" else {
            throw CheckpointError(file: "", message: "metadata \"format\" is \(meta["format"].map { "\"\($0)\"" } ?? "missing"), expected \"pt\"")
        }
        let version = try need("tinynet")
        guard version == Checkpoint.layoutVersion else {
            throw CheckpointError(file: "", message: "tinynet layout version \"\(version)\" is not supported (this build reads version \(Checkpoint.layoutVersion))")
        }
        let layerNames: [String] = try decodeJSON(need("layers"), key: "layers")
        let featureNames: [String] = try decodeJSON(need("feature_names"), key: "feature_names")
        guard let task = Task(rawValue: try need("task")) else { throw CheckpointError(file: "", message: "unknown task \"\(meta["task"]!)\"") }
        guard let loss = LossKind(rawValue: try need("loss")) else { throw CheckpointError(file: "", message: "unknown loss \"\(meta["loss"]!)\"") }
        let layers: [LayerSpec]
        do { layers = try layerNames.map(LayerSpec.init(parsing:)) } catch { throw CheckpointError(file: "", message: "\(error)") }
        guard layers.contains(where: { if case .linear = $0 { true } else { false } }) else {
            throw CheckpointError(file: "", message: "the layer list \(layers.map(\.description)) has no linear layer")
        }
        // tinynet writes both preprocessing tensors (mean 0, std 1 without standardization): without
        // them every prediction would be made on unscaled inputs.
        for name in ["preprocess.mean", "preprocess.std"] {
            guard let t = file.tensors[name] else { throw CheckpointError(file: "", message: "missing tensor '\(name)'") }
            guard t.shape == [featureNames.count] else {
                throw CheckpointError(file: "", message: "tensor '\(name)' has shape \(t.shape), expected [\(featureNames.count)] (one value per feature)")
            }
        }
        let (mean, std) = (file.tensors["preprocess.mean"]!.doubles, file.tensors["preprocess.std"]!.doubles)
        guard case .object(let entries)? = try? JSONParser.parse(Array(try need("config").utf8)) else {
            throw CheckpointError(file: "", message: "metadata \"config\" is not a JSON object")
        }
        let config = try TrainConfig(entries: entries)
        guard config.resolvedLoss == loss, config.task == task else {
            throw CheckpointError(file: "", message: "metadata task \(task.rawValue) / loss \(loss.rawValue) disagree with its config (\(config.task.rawValue) / \(config.resolvedLoss.rawValue))")
        }
        let stateWords: [String] = try decodeJSON(meta["generator_state"] ?? "[]", key: "generator_state")
        /// A numeric metadata value: absent is `absent`, present must parse (a bad value would change every prediction).
        func number<N: LosslessStringConvertible>(_ key: String, absent: N?) throws -> N? {
            guard let text = meta[key] else { return absent }
            guard let value = N(text) else { throw CheckpointError(file: "", message: "metadata \"\(key)\" is \"\(text)\", expected a number") }
            return value
        }
        self.init(
            layers: layers, task: task, loss: loss, labelColumn: try need("label"), featureNames: featureNames,
            classes: try decodeJSON(meta["classes"] ?? "[]", key: "classes"),
            preprocessing: Standardizer(mean: mean, std: std), inputScale: try number("input_scale", absent: 1.0)!,
            targetMean: try number("target_mean", absent: nil as Double?), targetStd: try number("target_std", absent: nil as Double?),
            epochsDone: try number("epochs_done", absent: 0)!, batchesDone: try number("batches_done", absent: 0)!,
            seed: try number("seed", absent: 0)!, config: config,
            partialEpoch: PartialEpoch(
                lossSum: try number("epoch_loss_sum", absent: 0.0)!, correct: try number("epoch_correct", absent: 0)!,
                rows: try number("epoch_rows", absent: 0)!),
            best: try number("best_val_loss", absent: nil as Double?).map { loss in
                BestRecord(loss: loss, epoch: try number("best_epoch", absent: 0)!,
                           epochsWithoutImprovement: try number("epochs_without_improvement", absent: 0)!)
            },
            shuffleBuffer: try number("shuffle_buffer", absent: nil as Int?),
            generatorState: try stateWords.map { word in
                guard let value = UInt64(word) else { throw CheckpointError(file: "", message: "metadata \"generator_state\" holds \"\(word)\", expected an unsigned integer") }
                return value
            }, tensors: file.tensors)
        try validateMetadata()
        try validateTensors()
    }
}

func jsonString(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
    return String(decoding: data, as: UTF8.self)
}

func decodeJSON<T>(_ text: String, key: String) throws -> T {
    guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? T else {
        throw CheckpointError(file: "", message: "metadata \"\(key)\" is not the expected JSON")
    }
    return value
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
            case (.string, .number(let t)): value = .string(t)
            case (.strings, .array(let items)):
                let strings = items.compactMap { item -> String? in if case .string(let s) = item { s } else { nil } }
                value = strings.count == items.count ? .strings(strings) : nil
            default: value = nil
            }
            guard let value else {
                throw CheckpointError(file: "", message: "metadata \"config\" has \(name) of the wrong type (expected \(key.valueKind))")
            }
            do { try set(key, value) } catch { throw CheckpointError(file: "", message: "metadata \"config\": \(error)") }
        }
    }
}
