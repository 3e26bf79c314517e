import ArgumentParser
import TinyNet
import TinyNetIO

/// One flag per config key, in three groups, so that a command can show only the flags it uses:
/// the data and model (`ConfigOptions`, with `--config FILE`), the optimizer (`OptimizerOptions`)
/// and the rest of a training run (`TrainingRunOptions`). A flag overrides the file, the file
/// overrides the defaults. Numeric options take their value unconditionally, so `--lr -1` reaches
/// the config check ("expected a finite number > 0") instead of being read as a flag named `-1`.
protocol ConfigFlags: ParsableArguments {
    /// The keys given on the command line, with their values.
    var overrides: [(ConfigKey, ConfigValue)] { get }
}

/// `--config FILE` and the data and model flags: what every command that builds a model reads.
struct ConfigOptions: ConfigFlags {
    @Option(help: "A TOML config file (see configs/).")
    var config: String?

    @Option(help: "Training CSV or CSV.gz (- for stdin).") var data: String?
    @Option(help: "Validation CSV or CSV.gz (- for stdin).") var valData: String?
    @Option(parsing: .unconditional, help: "Fraction of the training rows held out for validation (seeded, stratified; train --stream draws each row by a seeded hash); 0 for none (default: none).") var valSplit: Double?
    @Option(parsing: .unconditional, help: "Label column: header name or 0-based index (default: 'label', else the last).") var label: String?
    @Option(help: withDefault("classification or regression", .task)) var task: String?
    @Option(help: "Modules, comma-separated: linear:64,relu,linear.") var layers: String?
    @Option(help: "softmax_ce, mse or bce (default: by task).") var loss: String?
    @Flag(inversion: .prefixedNo, help: withDefault("Z-score features with training statistics", .standardize)) var standardize: Bool?
    @Option(parsing: .unconditional, help: withDefault("Multiply every input feature by this after standardization", .inputScale)) var inputScale: Double?
    @Option(parsing: .unconditional, help: withDefault("One seed for init, shuffling and splits", .seed)) var seed: Int?
    @Option(help: withDefault("none or balanced", .classWeight)) var classWeight: String?
    @Flag(inversion: .prefixedNo, help: withDefault("Regression: z-score the target, undone by eval/predict", .standardizeTarget)) var standardizeTarget: Bool?
    @Option(name: .customLong("init"), help: withDefault("Linear layers' start: he_glorot (He before ReLU, else Glorot; zero biases) or torch (nn.Linear's default)", .initialization)) var initialization: String?
    @Option(help: "CSV field separator, one character; \\t for tab (default: ',').") var delimiter: String?
    @Flag(inversion: .prefixedNo, help: withDefault("The CSV's first row is a header", .header)) var header: Bool?
    @Option(help: "Columns that are neither features nor the label, comma-separated names: id,date (default: none).") var ignoreColumns: String?

    var overrides: [(ConfigKey, ConfigValue)] {
        given([
            (.data, data.map(ConfigValue.string)),
            (.valData, valData.map(ConfigValue.string)),
            (.valSplit, valSplit.map(ConfigValue.double)),
            (.label, label.map(ConfigValue.string)),
            (.task, task.map(ConfigValue.string)),
            (.layers, layers.map(ConfigValue.string)),
            (.loss, loss.map(ConfigValue.string)),
            (.standardize, standardize.map(ConfigValue.bool)),
            (.inputScale, inputScale.map(ConfigValue.double)),
            (.seed, seed.map(ConfigValue.int)),
            (.classWeight, classWeight.map(ConfigValue.string)),
            (.standardizeTarget, standardizeTarget.map(ConfigValue.bool)),
            (.initialization, initialization.map(ConfigValue.string)),
            (.delimiter, delimiter.map(ConfigValue.string)),
            (.header, header.map(ConfigValue.bool)),
            (.ignoreColumns, ignoreColumns.map(ConfigValue.string)),
        ])
    }

    /// Defaults (or a resumed checkpoint's config), then the config file, then the flags of this
    /// group and of `more`.
    func resolve(base: TrainConfig = TrainConfig(), more: [any ConfigFlags] = []) throws -> TrainConfig {
        var resolved = base
        if let config { try resolved.apply(tomlFile: config) }
        if valData != nil && valSplit != nil { throw ValidationError("--val-data and --val-split both choose the validation rows; pass one") }
        // A validation flag replaces the file's choice of validation rows, whichever key the file used.
        if valData != nil || valSplit != nil { (resolved.valData, resolved.valSplit) = (nil, nil) }
        for (key, value) in overrides + more.flatMap(\.overrides) { try resolved.set(key, value, source: key.flag) }
        return resolved
    }
}

/// The optimizer's flags: train's, and scale's with --train-epochs.
struct OptimizerOptions: ConfigFlags {
    @Option(parsing: .unconditional, help: withDefault("Mini-batch size", .batchSize)) var batchSize: Int?
    @Option(parsing: .unconditional, help: withDefault("Learning rate", .lr)) var lr: Double?
    @Option(parsing: .unconditional, help: withDefault("SGD momentum", .momentum)) var momentum: Double?
    @Flag(inversion: .prefixedNo, help: withDefault("Nesterov momentum", .nesterov)) var nesterov: Bool?
    @Option(parsing: .unconditional, help: withDefault("L2 weight decay, all parameters, as torch.optim.SGD", .weightDecay)) var weightDecay: Double?

    var overrides: [(ConfigKey, ConfigValue)] {
        given([(.batchSize, batchSize.map(ConfigValue.int)), (.lr, lr.map(ConfigValue.double)), (.momentum, momentum.map(ConfigValue.double)),
               (.nesterov, nesterov.map(ConfigValue.bool)), (.weightDecay, weightDecay.map(ConfigValue.double))])
    }
}

/// The rest of a training run: how long, at what rate over time, in which precision, written where.
struct TrainingRunOptions: ConfigFlags {
    @Option(parsing: .unconditional, help: withDefault("Total epochs, also when resuming", .epochs)) var epochs: Int?
    @Option(help: withDefault("constant, step:EVERY:GAMMA or cosine", .lrSchedule)) var lrSchedule: String?
    @Option(help: withDefault("f32 or f64", .dtype)) var dtype: String?
    @Option(help: ArgumentHelp("Checkpoint path (default: \(TrainConfig.defaultText(of: .out) ?? "none"); with --resume and no out in the config file, the resumed checkpoint).")) var out: String?

    var overrides: [(ConfigKey, ConfigValue)] {
        given([(.epochs, epochs.map(ConfigValue.int)), (.lrSchedule, lrSchedule.map(ConfigValue.string)),
               (.dtype, dtype.map(ConfigValue.string)), (.out, out.map(ConfigValue.string))])
    }
}

/// Refuses the flags among `keys` given on the command line, for a command that parses flags it does not
/// use (hidden from its help): `gradcheck --epochs 5` would otherwise be ignored without a word. The same
/// keys in a --config file are not refused: the file serves train too.
func refuseFlags(_ keys: [ConfigKey]? = nil, of groups: [any ConfigFlags], because reason: String) throws {
    // A flag as it was spelled: --no-nesterov for nesterov = false.
    let given = groups.flatMap(\.overrides).filter { keys?.contains($0.0) ?? true }
        .map { $0.1 == .bool(false) ? "--no-" + $0.0.flag.dropFirst(2) : $0.0.flag }
    guard !given.isEmpty else { return }
    throw ValidationError(given.joined(separator: ", ") + (given.count == 1 ? " has" : " have") + " no effect here: " + reason)
}

/// `--label` of eval and data: a negative index is a usage error, as in a config or on train.
func checkLabelFlag(_ label: String?) throws {
    if let label, LabelColumn.isNegativeIndex(label) {
        throw ValidationError("--label: expected a column name or 0-based index, found \(label)")
    }
}

/// The keys whose flag was given, with its value.
private func given(_ flags: [(ConfigKey, ConfigValue?)]) -> [(ConfigKey, ConfigValue)] {
    flags.compactMap { key, value in value.map { (key, $0) } }
}

/// A config flag's help with the key's default: "Mini-batch size (default: 32)."
private func withDefault(_ text: String, _ key: ConfigKey) -> ArgumentHelp {
    ArgumentHelp("\(text) (default: \(TrainConfig.defaultText(of: key) ?? "none")).")
}
