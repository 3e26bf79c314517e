import TinyNet

/// How the loss weights the classes (`class_weight`).
public enum ClassWeighting: String, Sendable, CaseIterable {
    /// Every sample counts once.
    case unweighted = "none"
    /// Each class's samples weigh n / (C · count_c), so every class contributes equally (scikit-learn, Keras).
    case balanced
}

/// Which file or flag set each key of a `TrainConfig`.
public struct KeySources: Equatable, Sendable {
    public var byKey: [ConfigKey: String] = [:]
    public init() {}
    /// Provenance does not change what a configuration trains.
    public static func == (_: KeySources, _: KeySources) -> Bool { true }
}

/// A resolved training configuration: defaults, then the config file, then flags.
public struct TrainConfig: Equatable, Sendable {
    public var data: String?
    public var valData: String?
    public var valSplit: Double?
    /// Label column by header name or 0-based index; nil: `label`, else the last column.
    public var label: String?
    public var task = Task.classification
    public var layers: [String] = []
    /// nil: the task's default (softmax_ce or mse).
    public var loss: LossKind?
    public var epochs = 10
    public var batchSize = 32
    public var lr = 0.01
    public var momentum = 0.0
    public var nesterov = false
    public var weightDecay = 0.0
    public var lrSchedule = LearningRateSchedule.constant
    public var standardize = true
    public var inputScale = 1.0
    public var seed = 0
    public var dtype = DType.f32
    public var out = "model.safetensors"
    public var classWeight = ClassWeighting.unweighted
    /// Regression: z-score the target with training statistics (undone by eval and predict). On by
    /// default, like `standardize`: a raw target in the hundreds makes MSE's gradients that much larger,
    /// and training at a usual learning rate diverges.
    public var standardizeTarget = true
    /// How the Linear layers start: He/Glorot (the default) or PyTorch's nn.Linear default.
    public var initialization = Initialization.heGlorot
    public var delimiter = ","
    public var header = true
    /// Columns that are neither features nor the label (an id, a date), by name: LightGBM's `ignore_column`.
    public var ignoreColumns: [String] = []
    /// Where each key's value came from (a config file or a flag), for errors about how
    /// values fit together; not part of the configuration (ignored by ==).
    public var sources = KeySources()

    public init() {}

    /// How a message names the setting of a path key: its flag when a flag set it or it is the default,
    /// else the config file that set it and the key (`run.toml's out`).
    public func settingName(_ key: ConfigKey) -> String {
        guard let source = sources.byKey[key], source != key.flag else { return key.flag }
        return "\(source)'s \(key.rawValue)"
    }

    /// The config files and flags that set `keys`, for an error's prefix; nil when all are defaults.
    public func origin(of keys: ConfigKey...) -> String? {
        var names: [String] = []
        for key in keys { if let s = sources.byKey[key], !names.contains(s) { names.append(s) } }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    public var resolvedLoss: LossKind { loss ?? task.defaultLoss }

    /// The engine's SGD and loop settings of this config.
    public func trainingOptions() -> TrainingOptions {
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate) = (epochs, batchSize, lr)
        (options.momentum, options.nesterov, options.weightDecay) = (momentum, nesterov, weightDecay)
        (options.schedule, options.seed) = (lrSchedule, UInt64(seed))
        return options
    }

    /// Sets one key, checking the value's type and range; `source` names the file or flag in errors.
    public mutating func set(_ key: ConfigKey, _ value: ConfigValue, source: String? = nil) throws {
        func fail(_ expected: String) -> ConfigError {
            var hint = ""
            if case .string(let s) = value, let foreign = ForeignNames.valueHint(key, s) {
                hint = foreign
            } else if case .string(let s) = value, key.valueKind != .string, key.valueKind != .strings,
                      s == "true" || s == "false" || Double(s) != nil {
                hint = " (in TOML without quotes: \(key.rawValue) = \(s))"  // header = "false" is text
            } else if case .string(let s) = value, let choices = Self.choices(of: key), let near = nearest(to: s.lowercased(), among: choices) {
                hint = " (did you mean \"\(near)\"?)"
            }
            // A flag names itself (`--lr: expected …, found -1`, as typed); a file's line names the key.
            guard source != key.flag else {
                return ConfigError(file: source, message: "expected \(expected), found \(value.flagText)\(hint)")
            }
            return ConfigError(file: source, message: "\(key.rawValue): expected \(expected), found \(value.tomlText)\(hint)")
        }
        switch (key, value) {
        case (.data, .string(let s)) where !s.isEmpty: data = s
        case (.valData, .string(let s)) where !s.isEmpty: valData = s
        case (.valSplit, _):
            guard let v = value.number, v >= 0, v < 1 else { throw fail("a fraction in [0, 1) (0: no validation split)") }
            valSplit = v == 0 ? nil : v
        case (.label, .string(let s)) where !LabelColumn.isNegativeIndex(s): label = s
        case (.label, .int(let i)) where i >= 0: label = String(i)
        case (.task, .string(let s)):
            guard let t = Task(rawValue: s) else { throw fail("classification or regression") }
            task = t
        case (.layers, .strings(let l)):
            try checkLayers(l, source: source)
            layers = l
        case (.layers, .string(let s)):
            // Empty entries are kept (and refused): "linear:8,,linear" is a typo, not a model without an activation.
            let l = s.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            try checkLayers(l, source: source)
            layers = l
        case (.loss, .string(let s)):
            guard let l = LossKind(rawValue: s) else { throw fail("softmax_ce, mse or bce") }
            loss = l
        case (.epochs, .int(let i)) where i >= 1: epochs = i
        case (.epochs, _): throw fail("an integer ≥ 1")
        case (.batchSize, .int(let i)) where i >= 1: batchSize = i
        case (.batchSize, _): throw fail("an integer ≥ 1")
        case (.lr, _):
            // 0 is allowed, as torch.optim.SGD allows it: the run writes the initial weights (and scores them).
            guard let v = value.number, v >= 0, v.isFinite else { throw fail("a finite number ≥ 0") }
            lr = v == 0 ? 0 : v  // not −0
        case (.momentum, _):
            guard let v = value.number, v >= 0, v < 1 else { throw fail("a number in [0, 1)") }
            momentum = v
        case (.nesterov, .bool(let b)): nesterov = b
        case (.weightDecay, _):
            guard let v = value.number, v >= 0, v.isFinite else { throw fail("a finite number ≥ 0") }
            weightDecay = v
        case (.lrSchedule, .string(let s)):
            do { lrSchedule = try LearningRateSchedule(parsing: s) } catch {
                throw ConfigError(file: source, message: source == key.flag ? "\(error)" : "lr_schedule: \(error)")  // (a flag names itself)
            }
        case (.standardize, .bool(let b)): standardize = b
        case (.inputScale, _): inputScale = try positive(value, fail)
        case (.seed, .int(let i)) where i >= 0: seed = i
        case (.seed, _): throw fail("an integer ≥ 0")
        case (.dtype, .string(let s)):
            guard let d = DType(rawValue: s) else { throw fail("f32 or f64") }
            dtype = d
        case (.out, .string(let s)) where !s.isEmpty: out = s
        case (.classWeight, .string(let s)):
            guard let weighting = ClassWeighting(rawValue: s) else { throw fail("\"none\" or \"balanced\"") }
            classWeight = weighting
        case (.standardizeTarget, .bool(let b)): standardizeTarget = b
        case (.initialization, .string(let s)):
            guard let i = Initialization(rawValue: s) else { throw fail("\"he_glorot\" or \"torch\"") }
            initialization = i
        case (.delimiter, .string(let s)):
            guard let byte = CSVOptions.delimiterByte(s) else { throw fail(CSVOptions.delimiterRule) }
            delimiter = String(decoding: [byte], as: UTF8.self)
        case (.header, .bool(let b)): header = b
        case (.ignoreColumns, .strings(let names)): ignoreColumns = Self.uniqued(names)
        case (.ignoreColumns, .string(let s)): ignoreColumns = Self.columnNames(fromFlag: s)
        default: throw fail(expectedType(of: key))
        }
        if let source { sources.byKey[key] = source }
    }

    /// The column names of a flag such as `--ignore-columns id,date`: split at commas, blanks around them
    /// dropped, each once.
    public static func columnNames(fromFlag text: String) -> [String] {
        uniqued(text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed })
    }

    private static func uniqued(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// The valid values of a key that takes one of a few words.
    private static func choices(of key: ConfigKey) -> [String]? {
        switch key {
        case .task: return Task.allCases.map(\.rawValue)
        case .loss: return LossKind.allCases.map(\.rawValue)
        case .dtype: return DType.allCases.map(\.rawValue)
        case .classWeight: return ClassWeighting.allCases.map(\.rawValue)
        case .initialization: return Initialization.allCases.map(\.rawValue)
        default: return nil
        }
    }

    private func positive(_ value: ConfigValue, _ fail: (String) -> ConfigError) throws -> Double {
        guard let v = value.number, v > 0, v.isFinite else { throw fail("a finite number > 0") }
        return v
    }

    private func expectedType(of key: ConfigKey) -> String {
        if key.valueKind == .bool { return "true or false" }
        switch key {
        case .layers: return "a list of strings such as [\"linear:64\", \"relu\", \"linear\"]"
        case .ignoreColumns: return "a list of column names such as [\"id\", \"date\"]"
        case .label: return "a column name or 0-based index"
        case .out, .data, .valData: return "a file name"
        default: return "a string"
        }
    }
}

extension TrainConfig {
    /// Each module of a layer list parses (`linear:64`, `relu`, …); an error names the file or flag that set it.
    func checkLayers(_ layers: [String], source: String?) throws {
        for layer in layers {
            do { _ = try LayerSpec(parsing: layer) } catch { throw ConfigError(file: source, message: source?.hasPrefix("--") == true ? "\(error)" : "layers: \(error)") }
        }
    }
}
