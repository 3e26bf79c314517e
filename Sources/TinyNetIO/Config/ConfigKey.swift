import TinyNet

/// Every key of a training config. TOML `batch_size = 64` is the flag `--batch-size 64`.
public enum ConfigKey: String, CaseIterable, Sendable {
    case data, valData = "val_data", valSplit = "val_split", label, task, layers, loss
    case epochs, batchSize = "batch_size", lr, momentum, nesterov, weightDecay = "weight_decay"
    case lrSchedule = "lr_schedule", standardize, inputScale = "input_scale", seed, dtype, out
    case classWeight = "class_weight", standardizeTarget = "standardize_target", initialization = "init"
    case delimiter, header, ignoreColumns = "ignore_columns"

    /// The command-line spelling: `--batch-size`.
    public var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }

    public enum ValueKind: Sendable { case bool, int, number, string, strings }

    /// The type of value the key takes.
    public var valueKind: ValueKind {
        switch self {
        case .nesterov, .standardize, .standardizeTarget, .header: return .bool
        case .epochs, .batchSize, .seed: return .int
        case .valSplit, .lr, .momentum, .weightDecay, .inputScale: return .number
        case .layers, .ignoreColumns: return .strings
        default: return .string
        }
    }

    /// Parses a key name, suggesting the nearest valid key for a typo.
    public static func named(_ name: String, in file: String) throws -> ConfigKey {
        if let key = ConfigKey(rawValue: name) { return key }
        let hint = ForeignNames.keyHint(name) ?? nearest(to: name, among: allCases.map(\.rawValue)).map { " (did you mean \"\($0)\"?)" } ?? ""
        throw ConfigError(file: file, message: "unknown key \(doubleQuoted(name))\(hint)")
    }
}

/// The element type of training.
public enum DType: String, CaseIterable, Sendable, Codable {
    case f32, f64
}

/// A config problem: an unknown key, a value of the wrong type or out of range.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String?
    public var message: String

    public init(file: String?, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
