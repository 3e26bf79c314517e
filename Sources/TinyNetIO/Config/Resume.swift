import TinyNet

extension TrainConfig {
    /// Keys that change what the model is or what its inputs mean (ignore_columns: which columns are features);
    /// a resumed run may not change them. The seed and val_split choose the validation rows: changing them would
    /// train on rows the run validated on. init drew the starting weights, which a resumed run loads instead.
    static let fixedWhenResuming: [ConfigKey] = [
        .layers, .task, .loss, .dtype, .label, .standardize, .inputScale, .standardizeTarget, .seed, .valSplit, .initialization,
        .ignoreColumns,
    ]

    /// Refuses a resumed configuration that changes the model's shape, its inputs or its validation rows (naming the
    /// key), a checkpoint without the state an exact resume needs, and a resume that cannot go on from where it stopped.
    public func checkResumable(from checkpoint: Checkpoint, path: String) throws {
        try checkFixedKeys(against: checkpoint)
        try checkHasResumeState(checkpoint, path: path)
        try checkProgress(of: checkpoint)
    }

    /// The keys of `fixedWhenResuming` are the checkpoint's, up to spelling.
    private func checkFixedKeys(against checkpoint: Checkpoint) throws {
        let stored = checkpoint.config
        for key in TrainConfig.fixedWhenResuming where comparableText(of: key) != stored.comparableText(of: key) {
            // The same thing spelled out: the final linear's width, or the label column's resolved name.
            if key == .layers, sameLayers(checkpoint.layers) { continue }
            if key == .ignoreColumns, Set(ignoreColumns) == Set(stored.ignoreColumns) { continue }  // in any order
            if key == .label {
                let resolved = resolvedLabelName()
                if label == checkpoint.labelColumn || resolved == checkpoint.labelColumn { continue }
                throw labelChange(from: checkpoint.labelColumn, to: resolved)
            }
            let reason = switch key {
            case .seed, .valSplit: "it chooses the validation rows, and a new choice would train on rows the run validated on"
            case .initialization: "it drew the starting weights, and a resumed run continues from the checkpoint's"
            default: "a resumed run keeps the model's shape and inputs"
            }
            throw ConfigError(
                file: nil,
                message: "--resume: \(key.rawValue) is \(comparableText(of: key)) but the checkpoint was trained with \(stored.comparableText(of: key)); \(reason)")
        }
        // A streamed run holds out rows by a hash of their position, in-memory training a stratified split.
        if checkpoint.shuffleBuffer != nil && stored.valSplit != nil {
            throw ConfigError(
                file: nil,
                message: "--resume: the checkpoint was trained with --stream and val_split, which holds out rows by a hash of their position; in-memory training holds out a stratified split instead, so resuming would train on rows the run validated on (and --stream does not resume): train again with --stream and the total --epochs, or validate on a val_data file")
        }
    }

    /// What exact resumption needs, and tinynet always writes: every velocity and the shuffling state.
    private func checkHasResumeState(_ checkpoint: Checkpoint, path: String) throws {
        let missing = checkpoint.tensors.keys.filter { $0.first?.isNumber == true && checkpoint.tensors["optimizer.\($0).velocity"] == nil }
        if let name = missing.sorted().first {
            throw CheckpointError(file: path, message: "no tensor 'optimizer.\(name).velocity': the momentum cannot be resumed")
        }
        if checkpoint.generatorState.count != 4 {
            throw CheckpointError(file: path, message: "no shuffling state (metadata \"generator_state\"): the epoch order cannot be resumed")
        }
    }

    /// The run can go on: mid-epoch with the batch size it stopped at, and with epochs still to train.
    private func checkProgress(of checkpoint: Checkpoint) throws {
        let stored = checkpoint.config
        // Mid-epoch, the rows still to train are those after batchesDone batches of batch_size.
        if checkpoint.batchesDone > 0 && batchSize != stored.batchSize {
            throw ConfigError(
                file: nil,
                message: "--resume: the checkpoint stopped after batch \(checkpoint.batchesDone) of an epoch with batch_size \(stored.batchSize); resume it with that batch_size (it can change from a checkpoint written at the end of an epoch)")
        }
        // epochs is the total, as Keras' initial_epoch: a checkpoint that has
        // done them all leaves nothing to train.
        if epochs <= checkpoint.epochsDone {
            let done = checkpoint.epochsDone
            let next = done == .max ? "no count is larger, so it cannot train further" : "so pass --epochs \(done + 1) or more to train further"
            throw ConfigError(
                file: nil,
                message: "--resume: the checkpoint has already done \(counted(done, "epoch")) and epochs is \(epochs); epochs is the total (as Keras' initial_epoch), \(next)")
        }
    }

    /// This config's layer list is the checkpoint's resolved one, up to the output width it leaves to the data.
    func sameLayers(_ resolved: [LayerSpec]) -> Bool {
        guard let specs = try? layers.map(LayerSpec.init(parsing:)), specs.count == resolved.count else { return false }
        return zip(specs, resolved).allSatisfy { spec, stored in
            if spec == stored { return true }
            if case .linear(nil) = spec, case .linear = stored { return true }
            return false
        }
    }

    /// The refusal of a label that picks another column (`resolved`) than the checkpoint's, or one that cannot
    /// be checked (nil).
    func labelChange(from column: String, to resolved: String?) -> ConfigError {
        let given = label.map { "--label \($0)" } ?? "the default label (the column \"label\", else the last)"
        guard let resolved else {
            let why = data.map { FileSource.isRereadable($0) } == false
                ? "the data comes from a pipe, whose header cannot be read twice" : "the data file cannot be read, or its header has no such column"
            return ConfigError(file: nil, message: "--resume: cannot check that \(given) is the checkpoint's label column \(doubleQuoted(column)): \(why); pass --label \(doubleQuoted(column))")
        }
        return ConfigError(file: nil, message: "--resume: \(given) picks the column \(doubleQuoted(resolved)), but the checkpoint was trained on \(doubleQuoted(column)); a resumed run keeps the model's shape and inputs")
    }

    /// The name of the column `label` picks (by name, index or default) in the data file's header; nil when
    /// the file cannot be read twice (a pipe, whose header would be gone) or its header does not resolve.
    func resolvedLabelName() -> String? {
        guard let data, FileSource.isRereadable(data) else { return nil }
        let column = label.map(LabelColumn.init(parsing:)) ?? .auto
        return try? OpenedCSV(path: data, label: column, featureColumns: nil, options: CSVOptions(self)).labelName
    }

    /// One key's value as text, to compare with a checkpoint's and to show in a message.
    func comparableText(of key: ConfigKey) -> String {
        value(for: key)?.plainText ?? (key == .label ? "(default)" : "none")
    }
}
