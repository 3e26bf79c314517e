import Foundation
import TinyNet

/// Writing checkpoints: `__metadata__` holds format = pt, tinynet = 1, and JSON-encoded strings for
/// the lists and the config (read back by CheckpointDecoding.swift).
extension Checkpoint {
    public func write(to path: String) throws {
        try SafetensorsFile(tensors: tensors, metadata: metadata).write(toFile: path)
    }

    public var metadata: [String: String] {
        var m: [String: String] = [
            "format": "pt",
            "tinynet": Checkpoint.layoutVersion,
            "layers": JSONText.encode(layers.map(\.description)),
            "task": task.rawValue,
            "loss": loss.rawValue,
            "label": labelColumn,
            "feature_names": JSONText.encode(featureNames),
            "classes": JSONText.encode(classes),
            "input_scale": "\(inputScale)",
            "epochs_done": "\(epochsDone)",
            "batches_done": "\(batchesDone)",
            "seed": "\(seed)",
            "config": JSONText.encode(config.dictionary),
            "generator_state": JSONText.encode(generatorState.map { String($0) }),
        ]
        if batchesDone > 0 {  // the unfinished epoch's running sums (shortest round-trip text: exact)
            (m["epoch_loss_sum"], m["epoch_correct"], m["epoch_rows"]) =
                ("\(partialEpoch.lossSum)", "\(partialEpoch.correct)", "\(partialEpoch.rows)")
            if let epochData { m["epoch_data"] = epochData.description }
        }
        if let best {  // --save-best / --early-stopping: what a resumed run must beat
            (m["best_val_loss"], m["best_epoch"], m["epochs_without_improvement"]) =
                ("\(best.loss)", "\(best.epoch)", "\(best.epochsWithoutImprovement)")
        }
        if let shuffleBuffer { m["shuffle_buffer"] = "\(shuffleBuffer)" }
        if let targetMean, let targetStd {
            m["target_mean"] = "\(targetMean)"
            m["target_std"] = "\(targetStd)"
        }
        return m
    }
}

