import TinyNet

/// The names PyTorch, Keras, scikit-learn and LightGBM give to tinynet's keys and values. tinynet takes
/// only its own spelling; when one of these is refused, the message says which spelling that is, since
/// edit distance cannot guess `learning_rate` → `lr` or `categorical_crossentropy` → `softmax_ce`.
public enum ForeignNames {
    /// Other libraries' names of config keys (and, with `-` for `_`, of flags).
    static let keys: [String: ConfigKey] = [
        "learning_rate": .lr, "learning_rate_init": .lr, "eta": .lr,
        "lr_scheduler": .lrSchedule, "scheduler": .lrSchedule,
        "batch": .batchSize, "batchsize": .batchSize, "mini_batch_size": .batchSize,
        "n_epochs": .epochs, "num_epochs": .epochs, "max_epochs": .epochs, "max_iter": .epochs, "epoch": .epochs,
        "random_state": .seed, "random_seed": .seed, "manual_seed": .seed,
        "validation_split": .valSplit, "test_size": .valSplit,
        "validation_data": .valData, "valid_data": .valData, "valid": .valData, "test_data": .valData,
        "train_data": .data, "data_path": .data,
        "hidden_layer_sizes": .layers, "hidden": .layers, "hidden_sizes": .layers,
        "criterion": .loss, "loss_function": .loss,
        "nesterovs_momentum": .nesterov,
        "target": .label, "target_column": .label, "label_column": .label,
        "output": .out, "output_model": .out,
        "sep": .delimiter, "separator": .delimiter,
        "normalize": .standardize,
        "ignore_column": .ignoreColumns, "drop_columns": .ignoreColumns, "exclude_columns": .ignoreColumns,
        "num_iterations": .epochs, "has_header": .header,
    ]

    /// Other libraries' names of settings tinynet does not have (`absentHint` says what it has instead).
    static let absent: Set<String> = ["optimizer", "optim", "solver"]

    /// Other libraries' names of values, lower-cased, by key.
    static let values: [ConfigKey: [String: String]] = [
        .loss: [
            "categorical_crossentropy": "softmax_ce", "sparse_categorical_crossentropy": "softmax_ce",
            "crossentropy": "softmax_ce", "cross_entropy": "softmax_ce", "crossentropyloss": "softmax_ce",
            "nllloss": "softmax_ce", "log_loss": "softmax_ce", "multiclass": "softmax_ce", "multi_logloss": "softmax_ce",
            "mean_squared_error": "mse", "mseloss": "mse", "squared_error": "mse", "l2": "mse",
            "binary_crossentropy": "bce", "bceloss": "bce", "bcewithlogitsloss": "bce", "binary": "bce", "binary_logloss": "bce",
        ],
        .dtype: ["float32": "f32", "float": "f32", "fp32": "f32", "single": "f32", "float64": "f64", "double": "f64", "fp64": "f64"],
        .task: ["classifier": "classification", "multiclass": "classification", "binary": "classification", "regressor": "regression"],
        .classWeight: ["auto": "balanced"],
    ]

    /// ` ("learning_rate" is "lr" here)` for another library's name of a key (a flag's `learning-rate` too), else nil.
    public static func keyHint(_ name: String) -> String? {
        key(for: name).map { " (\(doubleQuoted(name)) is \(doubleQuoted($0.rawValue)) here)" } ?? absentHint(name)
    }

    /// What tinynet has instead of a setting (`optimizer`) or flag (`--optimizer`) other libraries have and it has
    /// not, in the same spelling; nil for another name.
    public static func absentHint(_ name: String) -> String? {
        let flag = name.hasPrefix("--")
        guard absent.contains(normalized(flag ? String(name.dropFirst(2)) : name)) else { return nil }
        let keys: [ConfigKey] = [.lr, .momentum, .nesterov, .weightDecay, .lrSchedule]
        let names = keys.map { flag ? $0.flag : $0.rawValue }
        return " (tinynet trains with SGD only, as scikit-learn's solver=\"sgd\": \(names.dropLast().joined(separator: ", ")) and \(names.last!) set it)"
    }

    /// tinynet's flag for another library's name of one, and the hint ` (--learning-rate is --lr here)`; nil for none.
    public static func flagHint(_ flag: String) -> (flag: String, hint: String)? {
        let name = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : flag
        return key(for: name).map { ($0.flag, " (--\(name) is \($0.flag) here)") }
    }

    /// The key another library's name stands for, in any case, with `-` or `_` between words.
    public static func key(for name: String) -> ConfigKey? {
        keys[normalized(name)]
    }

    /// A name in any case, with `-` or `_` between words, as the tables spell it.
    private static func normalized(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    /// ` ("float64" is "f64" here)` for another library's name of a value of `key`, else nil.
    static func valueHint(_ key: ConfigKey, _ value: String) -> String? {
        guard let ours = values[key]?[value.lowercased()] else { return nil }
        let note = ours == "softmax_ce" ? ": it applies the softmax to the last layer's outputs itself" : ""
        return " (\(doubleQuoted(value)) is \(doubleQuoted(ours)) here\(note))"
    }
}
