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
        let mean = file.tensors["preprocess.mean"]?.doubles ?? Array(repeating: 0, count: featureNames.count)
        let std = file.tensors["preprocess.std"]?.doubles ?? Array(repeating: 1, count: featureNames.count)
        guard mean.count == featureNames.count, std.count == featureNames.count else {
            throw CheckpointError(file: "", message: "preprocess tensors have \(mean.count) values for \(featureNames.count) features")
        }
        var config = TrainConfig()
        if let json = meta["config"], case .object(let entries)? = try? JSONParser.parse(Array(json.utf8)) {
            config = TrainConfig(entries: entries)
        }
        let stateWords: [String] = (try? decodeJSON(meta["generator_state"] ?? "[]", key: "generator_state")) ?? []
        self.init(
            layers: layers, task: task, loss: loss, labelColumn: try need("label"), featureNames: featureNames,
            classes: try decodeJSON(meta["classes"] ?? "[]", key: "classes"),
            preprocessing: Standardizer(mean: mean, std: std), inputScale: Double(meta["input_scale"] ?? "1") ?? 1,
            targetMean: meta["target_mean"].flatMap(Double.init), targetStd: meta["target_std"].flatMap(Double.init),
            epochsDone: Int(meta["epochs_done"] ?? "0") ?? 0, batchesDone: Int(meta["batches_done"] ?? "0") ?? 0, seed: Int(meta["seed"] ?? "0") ?? 0, config: config,
            generatorState: stateWords.compactMap { UInt64($0) }, tensors: file.tensors)
        try validateTensors()
    }

    /// Every tensor the layer list requires exists with the right shape.
    func validateTensors() throws {
        guard layers.contains(where: { if case .linear = $0 { true } else { false } }) else {
            throw CheckpointError(file: "", message: "the layer list \(layers.map(\.description)) has no linear layer")
        }
        guard preprocessing.std.allSatisfy({ $0 > 0 && $0.isFinite }), preprocessing.mean.allSatisfy(\.isFinite) else {
            throw CheckpointError(file: "", message: "preprocess.std must be positive and finite and preprocess.mean finite")
        }
        guard inputScale > 0, inputScale.isFinite else {
            throw CheckpointError(file: "", message: "metadata \"input_scale\" must be a positive finite number, found \(inputScale)")
        }
        guard (targetMean ?? 0).isFinite, (targetStd ?? 1) > 0, (targetStd ?? 1).isFinite else {
            throw CheckpointError(file: "", message: "metadata \"target_mean\" must be finite and \"target_std\" positive and finite")
        }
        var width = inputWidth
        for (i, spec) in layers.enumerated() {
            guard case .linear(let n) = spec else { continue }
            guard let out = n else { throw CheckpointError(file: "", message: "layer \(i) \"linear\" has no width") }
            for (name, shape) in [("\(i).weight", [out, width]), ("\(i).bias", [out])] {
                guard let t = tensors[name] else { throw CheckpointError(file: "", message: "missing tensor '\(name)' required by layer \(i) (\(spec))") }
                guard t.shape == shape else {
                    throw CheckpointError(file: "", message: "tensor '\(name)' has shape \(t.shape), layer \(i) (\(spec)) needs \(shape)")
                }
                guard t.isFinite else {
                    throw CheckpointError(file: "", message: "tensor '\(name)' holds NaN or infinity: the model it came from diverged")
                }
            }
            width = out
        }
        if task == .classification {
            guard !classes.isEmpty else {
                throw CheckpointError(file: "", message: "metadata \"classes\" is missing or empty; a classifier needs its class labels")
            }
            let expected = TinyNet.outputWidth(task: task, loss: loss, classCount: classes.count, targetCount: 1)
            guard expected == width else {
                throw CheckpointError(file: "", message: "the network has \(width) outputs for \(classes.count) classes")
            }
        }
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
    /// bit); unknown or mistyped entries are ignored.
    init(entries: [(key: String, value: JSONValue)]) {
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
            if let value { try? set(key, value) }
        }
    }
}
