import CLibFuzzer
import Glibc
import TinyNet
import TinyNetIO

/// libFuzzer entry: one input is the bytes of a would-be checkpoint.
///
/// Every input must be either refused with a `CheckpointError` or accepted; an
/// accepted checkpoint must be usable as `eval` and `predict` use it (build the
/// network, run it, one probability column per class), and its container must
/// survive a write/read round trip byte for byte. A crash, a sanitizer report or
/// a broken invariant (`fatalError`) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let file = try? SafetensorsFile.decode(bytes, name: "fuzz.safetensors") {
        let encoded = file.encoded()
        guard let again = try? SafetensorsFile.decode(encoded, name: "re-encoded"), again.encoded() == encoded else {
            fatalError("a decoded safetensors file does not survive encode → decode → encode")
        }
    }
    guard let checkpoint = try? Checkpoint.decode(bytes: bytes, name: "fuzz.safetensors") else { return 0 }
    guard let network: Sequential<Float> = try? checkpoint.makeNetwork() else {
        fatalError("a checkpoint that passed validation cannot build its network")
    }
    predictTwoRows(network, checkpoint)
    return 0
}

/// What `predict` does with a loaded checkpoint, on two rows of zeros.
func predictTwoRows(_ network: Sequential<Float>, _ checkpoint: Checkpoint) {
    guard network.outputWidth == checkpoint.outputWidth, network.outputWidth > 0 else {
        fatalError("validation accepted a network with \(network.outputWidth) outputs (layers \(checkpoint.layers))")
    }
    let outputs = predictOutputs(network, Matrix<Float>(rows: 2, cols: checkpoint.inputWidth))
    guard checkpoint.task == .classification else { return }
    let probabilities = classProbabilities(outputs, loss: checkpoint.loss)
    guard probabilities.cols == checkpoint.classes.count else {
        fatalError("validation accepted \(probabilities.cols) probability columns for \(checkpoint.classes.count) classes")
    }
}

// SwiftPM links this file's top-level code as the program's `main`: hand over to libFuzzer.
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, fuzzCheckpoint))
