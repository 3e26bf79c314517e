import Foundation
import TOMLKit
import TinyNet

extension TrainConfig {
    /// Applies the keys of a TOML config file; an unknown key or a value of
    /// the wrong type is an error naming the file and the key.
    public mutating func apply(tomlFile path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot read the config file (\(String(cString: strerror(errno))))")
        }
        try apply(toml: text, source: path)
    }

    public mutating func apply(toml text: String, source: String) throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            throw ConfigError(file: "\(source):\(at.line):\(at.column)", message: "invalid TOML: \(error.description)")
        }
        for name in table.keys.sorted() {
            let key = try ConfigKey.named(name, in: source)
            guard let value = table[name].flatMap(ConfigValue.init(toml:)) else {
                throw ConfigError(file: source, message: "\(name): unsupported value type (use a string, number, boolean or list of strings)")
            }
            try set(key, value, source: source)
        }
    }

    /// The resolved configuration as TOML, every key, in a stable order.
    public var toml: String {
        func quote(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\t", with: "\\t") + "\""
        }
        var lines: [String] = []
        if let data { lines.append("data = \(quote(data))") }
        if let valData { lines.append("val_data = \(quote(valData))") }
        if let valSplit { lines.append("val_split = \(valSplit)") }
        if let label { lines.append("label = \(quote(label))") }
        lines += [
            "task = \(quote(task.rawValue))",
            "layers = [\(layers.map(quote).joined(separator: ", "))]",
            "loss = \(quote(resolvedLoss.rawValue))",
            "epochs = \(epochs)", "batch_size = \(batchSize)", "lr = \(lr)", "momentum = \(momentum)",
            "nesterov = \(nesterov)", "weight_decay = \(weightDecay)", "lr_schedule = \(quote(lrSchedule.description))",
            "standardize = \(standardize)", "input_scale = \(inputScale)", "seed = \(seed)",
            "dtype = \(quote(dtype.rawValue))", "out = \(quote(out))", "class_weight = \(quote(classWeight.rawValue))",
            "standardize_target = \(standardizeTarget)", "delimiter = \(quote(delimiter))", "header = \(header)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses and checks what a run needs: the data path and the layer list, and that the task, loss and
    /// validation options fit together.
    public func validatedForTraining() throws -> [LayerSpec] {
        guard data != nil else { throw ConfigError(file: nil, message: "no training data: set `data` in the config or pass --data FILE") }
        guard !layers.isEmpty else {
            throw ConfigError(file: nil, message: "no layers: set `layers` (e.g. [\"linear:64\", \"relu\", \"linear\"]) or pass --layers linear:64,relu,linear")
        }
        let specs: [LayerSpec]
        do { specs = try layers.map(LayerSpec.init(parsing:)) } catch { throw ConfigError(file: nil, message: "\(error)") }
        if valData != nil && valSplit != nil {
            throw ConfigError(file: nil, message: "val_data and val_split are both set; choose one")
        }
        if task == .regression && resolvedLoss != .mse {
            throw ConfigError(file: nil, message: "loss \(resolvedLoss.rawValue) needs task = classification; regression uses mse")
        }
        if task == .regression && classWeight != .unweighted {
            throw ConfigError(file: nil, message: "class_weight = \"\(classWeight.rawValue)\" weights classes; task = regression has none")
        }
        if nesterov && momentum == 0 {
            throw ConfigError(file: nil, message: "nesterov needs momentum > 0")
        }
        return specs
    }

    /// Dictionary form for a checkpoint's metadata and `--json` output.
    public var dictionary: [String: Any] {
        var d: [String: Any] = [
            "task": task.rawValue, "layers": layers, "loss": resolvedLoss.rawValue, "epochs": epochs,
            "batch_size": batchSize, "lr": lr, "momentum": momentum, "nesterov": nesterov, "weight_decay": weightDecay,
            "lr_schedule": lrSchedule.description, "standardize": standardize, "input_scale": inputScale, "seed": seed,
            "dtype": dtype.rawValue, "out": out, "class_weight": classWeight.rawValue, "standardize_target": standardizeTarget,
            "delimiter": delimiter, "header": header,
        ]
        d["data"] = data
        d["val_data"] = valData
        d["val_split"] = valSplit
        d["label"] = label
        return d
    }
}

extension ConfigValue {
    init?(toml value: TOMLValueConvertible) {
        if let s = value.string { self = .string(s) }
        else if let b = value.bool { self = .bool(b) }
        else if let i = value.int { self = .int(i) }
        else if let d = value.double { self = .double(d) }
        else if let a = value.array {
            var strings: [String] = []
            for element in a {
                guard let s = element.string else { return nil }
                strings.append(s)
            }
            self = .strings(strings)
        } else { return nil }
    }
}
