import ArgumentParser

/// The checkpoint that inspect and export read: an argument (`tinynet inspect CKPT`), or `--model CKPT`, as
/// eval and predict take it.
struct CheckpointArgument: ParsableArguments {
    @Argument(help: "The checkpoint (.safetensors).") var checkpoint: String?
    @Option(help: "The checkpoint, as eval and predict take it (instead of the argument).") var model: String?

    func validate() throws {
        switch (checkpoint, model) {
        case (nil, nil): throw ValidationError("missing the checkpoint: give it as an argument (or with --model)")
        case (_?, _?): throw ValidationError("the checkpoint is given twice, as an argument and with --model: give one")
        default: break
        }
    }

    var path: String { checkpoint ?? model ?? "" }
}
