import TinyNet

/// The checks of a configuration as a whole, made before a run reads any data.
extension TrainConfig {
    /// Parses and checks what a run needs: the data path and the layer list, and that the task, loss and
    /// validation options fit together.
    public func validatedForTraining() throws -> [LayerSpec] {
        guard data != nil else { throw ConfigError(file: nil, message: "no training data: set `data` in the config or pass --data FILE") }
        guard !layers.isEmpty else {
            throw ConfigError(file: origin(of: .layers), message: "no layers: set `layers` (e.g. [\"linear:64\", \"relu\", \"linear\"]) or pass --layers linear:64,relu,linear")
        }
        let specs: [LayerSpec]
        do { specs = try layers.map(LayerSpec.init(parsing:)) } catch { throw ConfigError(file: origin(of: .layers), message: "\(error)") }
        try checkKeysAgree()
        // One pipe or device for both (a FIFO, /dev/stdin, `-` for it) would wait for ever for a second reading.
        if let data, let valData, let id = fileIdentity(inputPath(data)), id == fileIdentity(inputPath(valData)), !isRegularFile(inputPath(data)) {
            throw ConfigError(file: origin(of: .data, .valData), message: "data and val_data name one pipe or device (\(valData)), which can be read once; "
                              + "give the validation rows a file of their own, or use val_split")
        }
        return specs
    }

    /// The checks of keys taken together (each key's own range is checked as it is set): what `train`
    /// refuses before reading data, and `--print-config` too, so that a printed config is one that runs.
    public func checkKeysAgree() throws {
        if valData != nil && valSplit != nil {
            throw ConfigError(file: origin(of: .valData, .valSplit), message: "val_data and val_split are both set; choose one")
        }
        if data == "-" && valData == "-" {
            throw ConfigError(file: origin(of: .data, .valData), message: "data and val_data both read standard input (-), which can be read once; give one of them a file")
        }
        if task == .regression && resolvedLoss != .mse {
            throw ConfigError(file: origin(of: .loss, .task), message: "loss \(resolvedLoss.rawValue) needs task = classification; regression uses mse (leave loss unset to take the task's default)")
        }
        if task == .regression && classWeight != .unweighted {
            throw ConfigError(file: origin(of: .classWeight, .task), message: "class_weight = \"\(classWeight.rawValue)\" weights classes; task = regression has none")
        }
        if classWeight != .unweighted && resolvedLoss == .mse {
            throw ConfigError(file: origin(of: .classWeight, .loss), message: "class_weight = \"\(classWeight.rawValue)\" weights the softmax_ce and bce losses; loss = mse does not take class weights")
        }
        if nesterov && momentum == 0 {
            throw ConfigError(file: origin(of: .nesterov, .momentum), message: "nesterov needs momentum > 0")
        }
    }
}
