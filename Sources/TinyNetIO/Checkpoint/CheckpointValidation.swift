import TinyNet

/// The checks a loaded checkpoint passes beyond its container: metadata tinynet would write, and exactly the
/// tensors its layer list needs, finite and of its dtype.
extension Checkpoint {
    /// Counts, lists and the generator's state are what tinynet writes.
    func validateMetadata() throws {
        guard epochsDone >= 0, batchesDone >= 0 else {
            throw CheckpointError(file: "", message: "metadata \"epochs_done\" (\(epochsDone)) and \"batches_done\" (\(batchesDone)) must be ≥ 0")
        }
        // A run stops at its config's epochs (a resumed run stores the new total), so no more are done.
        guard epochsDone <= config.epochs else {
            throw CheckpointError(file: "", message: "metadata \"epochs_done\" (\(epochsDone)) is more than the epochs of its config (\(config.epochs))")
        }
        try validateNames()
        // The stored config is what a resumed run trains with: it must be this model's.
        guard config.dtype == dtype, config.seed == seed, config.inputScale == inputScale, config.sameLayers(layers) else {
            throw CheckpointError(file: "", message: "metadata \"config\" disagrees with the model (its dtype, seed, input_scale or layers)")
        }
        if let best, !best.loss.isFinite || best.epoch < 1 || best.epoch > epochsDone || best.epochsWithoutImprovement < 0 {
            throw CheckpointError(file: "", message: "metadata \"best_val_loss\" / \"best_epoch\" are not a finite loss of an epoch done")
        }
        if batchesDone > 0 { try validatePartialEpoch() }
        if let shuffleBuffer, shuffleBuffer < 1 {
            throw CheckpointError(file: "", message: "metadata \"shuffle_buffer\" is \(shuffleBuffer), expected at least 1 row")
        }
        // xoshiro256's state is four words, not all zero (an all-zero state only ever yields zero).
        guard generatorState.isEmpty || (generatorState.count == 4 && generatorState.contains { $0 != 0 }) else {
            throw CheckpointError(file: "", message: "metadata \"generator_state\" must be four words, not all zero")
        }
    }

    /// The running sums of an epoch stopped after `batchesDone` batches: each batch had at least one row
    /// and at most batch_size, fewer than the epoch's rows in all; at most every row correct; losses ≥ 0.
    private func validatePartialEpoch() throws {
        let p = partialEpoch
        let (most, overflow) = batchesDone.multipliedReportingOverflow(by: config.batchSize)
        let problem: String? =
            p.rows == 0 ? "\"epoch_rows\", \"epoch_correct\" and \"epoch_loss_sum\" are missing (\"batches_done\" is \(batchesDone))"
            : p.rows < batchesDone || (!overflow && p.rows > most)
                ? "\"epoch_rows\" is \(p.rows), but \(counted(batchesDone, "batch", plural: "batches")) of batch_size \(config.batchSize) hold \(batchesDone) to \(overflow ? "more" : "\(most)")"
            : p.rows >= (epochData?.rows ?? .max) ? "\"epoch_rows\" is \(p.rows), not fewer than the epoch's \(epochData?.rows ?? 0) rows (\"epoch_data\")"
            : p.correct < 0 || p.correct > p.rows ? "\"epoch_correct\" is \(p.correct), expected 0 to \"epoch_rows\" (\(p.rows))"
            : !(p.lossSum >= 0 && p.lossSum.isFinite) ? "\"epoch_loss_sum\" is \(p.lossSum), expected a finite sum of losses ≥ 0"
            : nil
        if let problem { throw CheckpointError(file: "", message: "metadata of the interrupted epoch: \(problem)") }
    }

    /// Column and class names are as training reads them: distinct, printable (no control character but tab
    /// and a line break: predict writes the classes out, and an escape sequence would drive the terminal), and
    /// no class is empty.
    private func validateNames() throws {
        if Set(featureNames).count != featureNames.count {
            throw CheckpointError(file: "", message: "metadata \"feature_names\" names a column twice")
        }
        if ClassEncoding(labels: classes).count != classes.count {  // distinct by value: "1" and "1.0" are one class
            throw CheckpointError(file: "", message: "metadata \"classes\" names a class twice")
        }
        if classes.contains("") { throw CheckpointError(file: "", message: "metadata \"classes\" holds an empty class name") }
        for (key, names) in [("feature_names", featureNames), ("classes", classes), ("label", [labelColumn])] {
            for name in names {
                if let problem = controlCharacterProblem(in: name) {
                    throw CheckpointError(file: "", message: "metadata \(doubleQuoted(key)) holds \(doubleQuoted(name)): \(problem)")
                }
            }
        }
    }

    /// The parameter tensors the layer list needs, in order: name, shape [out, in] or [out], and the layer.
    private func parameterShapes() throws -> [(name: String, shape: [Int], layer: Int)] {
        var shapes: [(name: String, shape: [Int], layer: Int)] = []
        var width = inputWidth
        for (i, spec) in layers.enumerated() {
            guard case .linear(let n) = spec else { continue }
            guard let out = n else { throw CheckpointError(file: "", message: "layer \(i) \"linear\" has no width") }
            shapes += [("\(i).weight", [out, width], i), ("\(i).bias", [out], i)]
            width = out
        }
        return shapes
    }

    /// Every tensor the layer list requires exists with the right shape, and there is no other
    /// (PyTorch's `load_state_dict(strict=True)` would refuse an extra one).
    func validateTensors() throws {
        let parameters = try parameterShapes()
        try validateModelTensors(parameters)
        var expected: [String: [Int]] = ["preprocess.mean": [inputWidth], "preprocess.std": [inputWidth]]
        for (name, shape, _) in parameters {
            expected[name] = shape
            expected["optimizer.\(name).velocity"] = shape
        }
        let dtype = self.dtype  // (computed from every tensor: once, not per tensor)
        for (name, tensor) in tensors {
            guard let shape = expected[name] else {
                throw CheckpointError(file: "", message: "tensor '\(name)' is not part of the model \(layers.map(\.description)) or its training state")
            }
            guard tensor.shape == shape else {
                throw CheckpointError(file: "", message: "tensor '\(name)' has shape \(tensor.shape), expected \(shape)")
            }
            if !name.hasPrefix("preprocess.") {  // parameters and velocities: one dtype, finite
                let f64: Bool
                if case .f64 = tensor.values { f64 = true } else { f64 = false }
                guard f64 == (dtype == .f64), tensor.isFinite else {
                    throw CheckpointError(file: "", message: "tensor '\(name)' must be finite and in the model's dtype (\(dtype.rawValue))")
                }
            }
        }
    }

    /// What predictions need: finite preprocessing and parameters of the right shapes, and as many outputs
    /// as the classes need.
    private func validateModelTensors(_ parameters: [(name: String, shape: [Int], layer: Int)]) throws {
        guard preprocessing.std.allSatisfy({ $0 > 0 && $0.isFinite }), preprocessing.mean.allSatisfy(\.isFinite) else {
            throw CheckpointError(file: "", message: "preprocess.std must be positive and finite and preprocess.mean finite")
        }
        guard inputScale > 0, inputScale.isFinite else {
            throw CheckpointError(file: "", message: "metadata \"input_scale\" must be a positive finite number, found \(inputScale)")
        }
        guard (targetMean ?? 0).isFinite, (targetStd ?? 1) > 0, (targetStd ?? 1).isFinite else {
            throw CheckpointError(file: "", message: "metadata \"target_mean\" must be finite and \"target_std\" positive and finite")
        }
        for (name, shape, i) in parameters {
            guard let t = tensors[name] else { throw CheckpointError(file: "", message: "missing tensor '\(name)' required by layer \(i) (\(layers[i]))") }
            guard t.shape == shape else {
                throw CheckpointError(file: "", message: "tensor '\(name)' has shape \(t.shape), layer \(i) (\(layers[i])) needs \(shape)")
            }
            guard t.isFinite else {
                throw CheckpointError(file: "", message: "tensor '\(name)' holds NaN or infinity: the model it came from diverged")
            }
        }
        if task == .classification && classes.isEmpty {
            throw CheckpointError(file: "", message: "metadata \"classes\" is missing or empty; a classifier needs its class labels")
        }
        let width = parameters.last?.shape[0] ?? inputWidth
        let expected = TinyNet.outputWidth(task: task, loss: loss, classCount: classes.count, targetCount: 1)
        guard expected == width else {
            let needs = task == .classification ? "\(classes.count) classes (\(loss.rawValue)) need" : "a regression target needs"
            throw CheckpointError(file: "", message: "the network has \(counted(width, "output")), but \(needs) \(expected)")
        }
    }
}
