import Foundation
import TestScratch
import Testing
@testable import TinyNet
@testable import TinyNetIO

@Suite struct CheckpointTests {
    func trainedNetwork() throws -> (Sequential<Float>, Checkpoint) {
        var rng = SeededGenerator(seed: 5)
        let network = Sequential<Float>(specs: [.linear(6), .sigmoid, .linear(3)], inputs: 4, using: &rng)
        let x = Matrix<Float>(rows: 8, cols: 4, values: (0..<32).map { _ in Float(rng.nextNormal()) })
        let t = Matrix<Float>(rows: 8, cols: 1, values: (0..<8).map { Float($0 % 3) })
        var options = TrainingOptions()
        (options.epochs, options.momentum) = (3, 0.9)
        let trainer = Trainer(network: network, loss: SoftmaxCrossEntropy<Float>(), options: options)
        try trainer.fit(Dataset(features: x, targets: t, classIndices: (0..<8).map { $0 % 3 }))
        var config = TrainConfig()
        (config.layers, config.inputScale) = (["linear:6", "sigmoid", "linear"], 10)
        let checkpoint = Checkpoint(
            network: network, task: .classification, loss: .softmaxCE, labelColumn: "species",
            featureNames: ["a", "b", "c", "d"], classes: ["setosa", "versicolor", "virginica"],
            preprocessing: Standardizer(mean: [1, 2, 3, 4], std: [0.5, 1, 2, 4]), inputScale: 10,
            targetMean: nil, targetStd: nil, epochsDone: trainer.epochsDone, config: config,
            generatorState: trainer.shuffleGenerator.stateWords)
        return (network, checkpoint)
    }

    @Test func roundTripKeepsPredictionsAndMetadata() throws {
        let (network, checkpoint) = try trainedNetwork()
        let path = try Scratch.path("ck.safetensors")
        try checkpoint.write(to: path)
        let loaded = try Checkpoint.load(path: path)
        #expect(loaded.layers == [.linear(6), .sigmoid, .linear(3)])
        #expect(loaded.classes == ["setosa", "versicolor", "virginica"])
        #expect(loaded.featureNames == ["a", "b", "c", "d"] && loaded.labelColumn == "species")
        #expect(loaded.preprocessing == checkpoint.preprocessing && loaded.inputScale == 10)
        #expect(loaded.epochsDone == 3 && loaded.dtype == .f32)
        #expect(loaded.generatorState == checkpoint.generatorState)
        #expect(loaded.config.layers == ["linear:6", "sigmoid", "linear"])
        let restored: Sequential<Float> = try loaded.makeNetwork()
        let x = Matrix<Float>(rows: 5, cols: 4, values: (0..<20).map { Float($0) / 7 })
        #expect(predictOutputs(restored, x).values == predictOutputs(network, x).values)
        for (a, b) in zip(restored.parameters, network.parameters) { #expect(a.velocity.values == b.velocity.values) }
    }

    /// The rows a mid-epoch checkpoint was trained on (`epoch_data`) are stored as ROWS:HASH with the hash in
    /// 16 hex digits, leading zeros kept, and read back as written; nothing else is read as one.
    @Test func epochDataIsRowsAndSixteenHexDigits() {
        let data = DataFingerprint(rows: 8, hash: 0xABC)
        #expect(data.description == "8:0000000000000abc")
        #expect(DataFingerprint(text: data.description) == data)
        #expect(DataFingerprint(text: "8:ffffffffffffffff") == DataFingerprint(rows: 8, hash: .max))
        for bad in ["8:abc", "8:00000000000000abc", "-1:0000000000000abc", "8", "8:0000000000000abc:1"] {
            #expect(DataFingerprint(text: bad) == nil, "\(bad)")
        }
    }

    @Test func metadataFollowsTheLayout() throws {
        let (_, checkpoint) = try trainedNetwork()
        let meta = checkpoint.metadata
        #expect(meta["format"] == "pt" && meta["tinynet"] == "1")
        #expect(meta["layers"] == "[\"linear:6\",\"sigmoid\",\"linear:3\"]")
        #expect(meta["classes"] == "[\"setosa\",\"versicolor\",\"virginica\"]")
        #expect(Set(checkpoint.tensors.keys).isSuperset(of: ["0.weight", "0.bias", "2.weight", "2.bias", "preprocess.mean", "preprocess.std"]))
        #expect(checkpoint.tensors["0.weight"]?.shape == [6, 4] && checkpoint.tensors["0.bias"]?.shape == [6])
    }

    @Test func refusesAnUnknownLayoutVersionAndMissingTensors() throws {
        let (_, checkpoint) = try trainedNetwork()
        var file = SafetensorsFile(tensors: checkpoint.tensors, metadata: checkpoint.metadata)
        file.metadata["tinynet"] = "99"
        #expect(throws: CheckpointError.self) { try Checkpoint(file: file) }
        file.metadata["tinynet"] = "1"
        file.tensors["2.weight"] = nil
        do {
            _ = try Checkpoint(file: file)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("missing tensor '2.weight'"))
        }
        file.tensors["2.weight"] = SafeTensor(shape: [3, 5], values: .f32(Array(repeating: 0, count: 15)))
        #expect(throws: CheckpointError.self) { try Checkpoint(file: file) }
    }
}

/// Files the fuzzer found that used to load and then crash predict (or predict NaN).
@Suite struct FuzzFindingTests {
    static let directory = testsDirectory.appendingPathComponent("Fixtures/fuzz-findings")

    @Test(arguments: [("classes-metadata-missing", "\"classes\" is missing"), ("no-linear-layer", "no linear layer"),
                      ("preprocess-std-zero", "preprocess.std must be positive")])
    func refusedWithAClearMessage(file: String, message: String) throws {
        let bytes = try [UInt8](Data(contentsOf: FuzzFindingTests.directory.appendingPathComponent(file)))
        do {
            _ = try Checkpoint.decode(bytes: bytes, name: file)
            Issue.record("\(file) was accepted")
        } catch let error as CheckpointError {
            #expect(error.description.hasPrefix(file) && error.description.contains(message), "\(error)")
        }
    }
}

extension FuzzFindingTests {
    /// Finite weights large enough that a Linear overflows to infinity and the next one makes NaN: the
    /// Float sigmoid's fast exp used to trap converting NaN to an integer. Now NaN passes through.
    /// (The fuzzer's file, a mutated checkpoint with a garbled config and tensor names, is now refused.)
    @Test func aNetworkThatOverflowsPredictsNaNInsteadOfTrapping() throws {
        let name = "overflow-to-nan-before-sigmoid"
        let bytes = try [UInt8](Data(contentsOf: FuzzFindingTests.directory.appendingPathComponent(name)))
        #expect(throws: CheckpointError.self) { try Checkpoint.decode(bytes: bytes, name: name) }
        var rng = SeededGenerator(seed: 1)
        let network = Sequential<Float>(specs: [.linear(2), .linear(2), .sigmoid, .linear(3)], inputs: 2, using: &rng)
        // Weights of 3e38 times an input of 10 overflow to +inf; the next Linear's weights 1 and −1 make
        // inf − inf = NaN, which goes into the sigmoid.
        let (w0, w1) = (network.linears[0].weight.value, network.linears[1].weight.value)
        for i in 0..<w0.count { w0.pointer[i] = 3e38 }
        for i in 0..<w1.count { w1.pointer[i] = i % 2 == 0 ? 1 : -1 }
        let x = Matrix<Float>(rows: 2, cols: 2, values: [10, 10, 20, 20])
        #expect(predictOutputs(network, x).values.contains { $0.isNaN })
    }
}

extension CheckpointTests {
    /// A weight, an input scale or a target statistic that is not finite makes a broken model:
    /// refused by name rather than predicting NaN.
    @Test func refusesNonFiniteWeightsAndMetadata() throws {
        let (_, checkpoint) = try trainedNetwork()
        var file = SafetensorsFile(tensors: checkpoint.tensors, metadata: checkpoint.metadata)
        var weight = file.tensors["0.weight"]!.floats
        weight[3] = .nan
        file.tensors["0.weight"] = SafeTensor(shape: file.tensors["0.weight"]!.shape, floats: weight)
        #expect(throws: CheckpointError.self) { try Checkpoint(file: file) }
        do { _ = try Checkpoint(file: file) } catch { #expect("\(error)".contains("'0.weight' holds NaN or infinity"), "\(error)") }

        for (key, value) in [("input_scale", "nan"), ("input_scale", "0"), ("target_std", "inf")] {
            var bad = SafetensorsFile(tensors: checkpoint.tensors, metadata: checkpoint.metadata)
            bad.metadata[key] = value
            do {
                _ = try Checkpoint(file: bad)
                Issue.record("\(key) = \(value) was accepted")
            } catch {
                #expect("\(error)".contains(key), "\(error)")
            }
        }
    }

    @Test func refusesAWrongFormatTag() throws {
        let (_, checkpoint) = try trainedNetwork()
        var file = SafetensorsFile(tensors: checkpoint.tensors, metadata: checkpoint.metadata)
        file.metadata["format"] = "tf"
        do {
            _ = try Checkpoint(file: file)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("\"format\" is \"tf\", expected \"pt\""), "\(error)")
        }
    }

    /// A state_dict saved by PyTorch's save_file: valid safetensors, no tinynet metadata.
    @Test func aForeignSafetensorsFileIsNamedAsSuch() throws {
        let (_, checkpoint) = try trainedNetwork()
        let modelTensors = checkpoint.tensors.filter { $0.key.first!.isNumber }
        let file = SafetensorsFile(tensors: modelTensors, metadata: ["format": "pt"])
        #expect(throws: CheckpointError.self) { try Checkpoint(file: file) }
        do { _ = try Checkpoint(file: file) } catch {
            #expect("\(error)".contains("with \(modelTensors.count) tensor(s) (0.bias, 0.weight") && "\(error)".contains("not a tinynet checkpoint"), "\(error)")
        }
    }
}

extension CheckpointTests {
    /// What tinynet always writes must be there and be what it writes: a checkpoint missing its
    /// preprocessing would predict on unscaled inputs, a bad count or generator state would resume wrong.
    @Test(arguments: [
        ("missing preprocess.mean", "missing tensor 'preprocess.mean'"),
        ("preprocess.mean shaped [2, 2]", "'preprocess.mean' has shape [2, 2], expected [4]"),
        ("extra tensor 4.weight", "'4.weight' is not part of the model"),
        ("velocity shape [4, 6]", "'optimizer.0.weight.velocity' has shape [4, 6], expected [6, 4]"),
        ("duplicate class", "\"classes\" names a class twice"),
        ("input_scale abc", "\"input_scale\" is \"abc\", expected a number"),
        ("epochs_done abc", "\"epochs_done\" is \"abc\""),
        ("batches_done -1", "must be ≥ 0"),
        ("all-zero generator", "\"generator_state\" must be four words, not all zero"),
        ("config not JSON", "\"config\" is not a JSON object"),
        ("loss mse", "disagree with its config"),
        ("config seed 5", "\"config\" disagrees with the model"),
        ("velocity in f64", "must be finite and in the model's dtype (f32)"),
        ("best loss nan", "\"best_val_loss\""),
        ("best epoch not yet done", "\"best_val_loss\" / \"best_epoch\" are not a finite loss of an epoch done"),
        ("interrupted epoch without sums", "metadata of the interrupted epoch: \"epoch_rows\", \"epoch_correct\" and \"epoch_loss_sum\" are missing (\"batches_done\" is 2)"),
        ("more correct rows than rows", "\"epoch_correct\" is 11, expected 0 to \"epoch_rows\" (10)"),
        ("more rows than its batches hold", "\"epoch_rows\" is 65, but 2 batches of batch_size 32 hold 2 to 64"),
        ("fewer rows than its batches", "\"epoch_rows\" is 1, but 2 batches"),
        ("as many rows as the epoch", "\"epoch_rows\" is 64, not fewer than the epoch's 64 rows"),
        ("a negative loss sum", "\"epoch_loss_sum\" is -1.0, expected a finite sum of losses ≥ 0"),
        ("more epochs done than configured", "metadata \"epochs_done\" (11) is more than the epochs of its config (10)"),
        ("config data a number", "metadata \"config\" has data of the wrong type"),
        ("classes 1 and 1.0", "\"classes\" names a class twice"),
        ("regression with 3 outputs", "the network has 3 outputs, but a regression target needs 1"),
        ("config class_weight bogus", "metadata \"config\": class_weight: expected \"none\" or \"balanced\""),
        ("config lr text", "metadata \"config\" has lr of the wrong type"),
        ("epoch_data short hash", "metadata \"epoch_data\" is \"8:abc\", expected ROWS:HASH (16 hex digits)"),
    ])
    func refusesMetadataAndTensorsItDidNotWrite(corruption: String, message: String) throws {
        #expect(TrainConfig().epochs == 10 && TrainConfig().batchSize == 32, "the cases below assume the default epochs and batch_size")
        let (_, checkpoint) = try trainedNetwork()
        var file = SafetensorsFile(tensors: checkpoint.tensors, metadata: checkpoint.metadata)
        switch corruption {
        case "missing preprocess.mean": file.tensors["preprocess.mean"] = nil
        case "preprocess.mean shaped [2, 2]": file.tensors["preprocess.mean"] = SafeTensor(shape: [2, 2], values: .f64([0, 0, 0, 0]))
        case "extra tensor 4.weight": file.tensors["4.weight"] = SafeTensor(shape: [1], values: .f32([0]))
        case "velocity shape [4, 6]":
            file.tensors["optimizer.0.weight.velocity"] = SafeTensor(shape: [4, 6], values: .f32(Array(repeating: 0, count: 24)))
        case "duplicate class": file.metadata["classes"] = "[\"a\",\"a\",\"b\"]"
        case "input_scale abc": file.metadata["input_scale"] = "abc"
        case "epochs_done abc": file.metadata["epochs_done"] = "abc"
        case "batches_done -1": file.metadata["batches_done"] = "-1"
        case "all-zero generator": file.metadata["generator_state"] = "[\"0\",\"0\",\"0\",\"0\"]"
        case "config not JSON": file.metadata["config"] = "{"
        case "config seed 5": file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"seed\":0", with: "\"seed\":5")
        case "velocity in f64": file.tensors["optimizer.0.bias.velocity"] = SafeTensor(shape: [6], values: .f64(Array(repeating: 0, count: 6)))
        case "best loss nan": (file.metadata["best_val_loss"], file.metadata["best_epoch"]) = ("nan", "1")
        case "best epoch not yet done":
            let next = Int(file.metadata["epochs_done"]!)! + 1
            (file.metadata["best_val_loss"], file.metadata["best_epoch"]) = ("0.5", "\(next)")
        case "interrupted epoch without sums": file.metadata["batches_done"] = "2"
        case "more correct rows than rows":
            file.metadata["batches_done"] = "2"
            (file.metadata["epoch_rows"], file.metadata["epoch_correct"], file.metadata["epoch_loss_sum"]) = ("10", "11", "1.5")
        case "more rows than its batches hold", "fewer rows than its batches", "as many rows as the epoch", "a negative loss sum":
            // 2 batches of batch_size 32 (the config's) over an epoch of 100 rows: 2…64 rows, a loss sum ≥ 0.
            let (rows, loss) = [
                "more rows than its batches hold": ("65", "1.5"), "fewer rows than its batches": ("1", "1.5"),
                "as many rows as the epoch": ("64", "1.5"), "a negative loss sum": ("64", "-1"),
            ][corruption]!
            (file.metadata["batches_done"], file.metadata["epoch_data"]) = ("2", corruption == "as many rows as the epoch" ? "64:0123456789abcdef" : "100:0123456789abcdef")
            (file.metadata["epoch_rows"], file.metadata["epoch_correct"], file.metadata["epoch_loss_sum"]) = (rows, "0", loss)
        case "more epochs done than configured": file.metadata["epochs_done"] = "11"
        case "config data a number": file.metadata["config"] = "{\"data\":5," + file.metadata["config"]!.dropFirst()
        case "classes 1 and 1.0": file.metadata["classes"] = "[\"1\",\"1.0\",\"2\"]"
        case "regression with 3 outputs":
            (file.metadata["task"], file.metadata["loss"], file.metadata["classes"]) = ("regression", "mse", "[]")
            file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"task\":\"classification\"", with: "\"task\":\"regression\"")
                .replacingOccurrences(of: "\"loss\":\"softmax_ce\"", with: "\"loss\":\"mse\"")
        case "config class_weight bogus":
            file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"class_weight\":\"none\"", with: "\"class_weight\":\"bogus\"")
        case "epoch_data short hash": file.metadata["epoch_data"] = "8:abc"
        case "config lr text": file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"lr\":0.01", with: "\"lr\":\"fast\"")
        default: file.metadata["loss"] = "mse"
        }
        do {
            _ = try Checkpoint(file: file)
            Issue.record("\(corruption) was accepted")
        } catch {
            #expect("\(error)".contains(message), "\(corruption): \(error)")
        }
    }

    /// The loader reads no further than the header says the file goes: a file whose data section is
    /// followed by a huge tail is refused (trailing bytes) after reading one byte of the tail, and an
    /// endless device is refused from its first bytes.
    @Test func readsNoFurtherThanTheHeaderDeclares() throws {
        let (_, checkpoint) = try trainedNetwork()
        let path = try Scratch.path("ck.safetensors")
        try checkpoint.write(to: path)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let bytes = try AtomicFile.contents(ofPath: path, stoppingAt: { SafetensorsDecoder.declaredSize($0).map { $0 + 1 } })
        #expect(bytes.count == size)
        let handle = FileHandle(forWritingAtPath: path)!
        try handle.truncate(atOffset: UInt64(size + (1 << 30)))  // a sparse 1 GB tail
        try handle.close()
        let read = try AtomicFile.contents(ofPath: path, stoppingAt: { SafetensorsDecoder.declaredSize($0).map { $0 + 1 } })
        #expect(read.count == size + 1)
        #expect { try Checkpoint.load(path: path) } throws: { "\($0)".contains("\(1 << 30) trailing bytes") }  // the tail's size, not the byte read
        let link = path + ".link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect { try Checkpoint.load(path: link) } throws: { "\($0)".contains("\(1 << 30) trailing bytes") }  // the target's size
        #expect { try Checkpoint.load(path: "/dev/zero") } throws: { "\($0)".contains("/dev/zero") }
    }
}
