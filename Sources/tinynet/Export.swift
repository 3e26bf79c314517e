import ArgumentParser
import Foundation
import TinyNetIO

/// `tinynet export --torch-script FILE.py CKPT`: a Python file that rebuilds the
/// checkpoint's network in PyTorch, loads its tensors and applies its preprocessing.
/// (The flag's name is the design's; the file is a plain PyTorch script, not TorchScript's `torch.jit`.)
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a Python (PyTorch) loader for a checkpoint.",
        discussion: "The file builds the equivalent torch.nn.Sequential, loads the checkpoint with the safetensors "
            + "package, applies the stored preprocessing and defines predict(rows); `python3 FILE.py DATA.csv` "
            + "prints the same CSV as `tinynet predict`.")

    @Option(name: .customLong("torch-script"), help: ArgumentHelp("The Python file to write.", valueName: "FILE.py"))
    var script: String
    @OptionGroup var model: CheckpointArgument

    func run() throws {
        try reportingErrors {
            let checkpoint = model.path
            try checkOutputsSpareInputs(outputs: [("--torch-script", script)], inputs: [(model.model == nil ? "CHECKPOINT" : "--model", checkpoint)])
            let loaded = try Checkpoint.load(path: checkpoint)
            let source = PyTorchLoaderExport.source(
                for: loaded, checkpointPath: checkpoint, scriptPath: script,
                currentDirectory: FileManager.default.currentDirectoryPath)
            try checkWritableFilePath(script)
            try writeTextFileAtomically(script) { write in try write(source) }  // as every output: links, devices, permissions kept
            print("wrote \(script): a PyTorch loader for \(checkpoint); run `python3 \(shellQuoted(script)) DATA.csv`")
        }
    }
}
