import TinyNet

extension TrainConfig {
    /// Keys that change what the model is or what its inputs mean; a resumed
    /// run may not change them.
    static let fixedWhenResuming: [ConfigKey] = [.layers, .task, .loss, .dtype, .label, .standardize, .inputScale, .standardizeTarget]

    /// Refuses a resumed configuration that changes the model's shape or its inputs, naming the key.
    public func checkResumable(from checkpoint: Checkpoint) throws {
        let stored = checkpoint.config
        for key in TrainConfig.fixedWhenResuming where value(of: key) != stored.value(of: key) {
            throw ConfigError(
                file: nil,
                message: "--resume: \(key.rawValue) is \(value(of: key)) but the checkpoint was trained with \(stored.value(of: key)); a resumed run keeps the model's shape and inputs")
        }
        if epochs < checkpoint.epochsDone {
            throw ConfigError(file: nil, message: "--resume: epochs \(epochs) is below the \(checkpoint.epochsDone) epochs already done (epochs is the total, as Keras' initial_epoch)")
        }
    }

    /// A comparable text of one key's value.
    func value(of key: ConfigKey) -> String {
        switch key {
        case .layers: return layers.joined(separator: ",")
        case .task: return task.rawValue
        case .loss: return resolvedLoss.rawValue
        case .dtype: return dtype.rawValue
        case .label: return label ?? "(default)"
        case .standardize: return "\(standardize)"
        case .inputScale: return "\(inputScale)"
        case .standardizeTarget: return "\(standardizeTarget)"
        default: return ""
        }
    }
}
