/// Checkpoints from bytes in memory, for the fuzzer and for callers that already
/// hold the file: the same checks as `Checkpoint.load(path:)`, without the file system.
extension Checkpoint {
    /// Decodes and validates a checkpoint: the safetensors container
    /// (`SafetensorsFile.decode`), then the layout (format and version tags, the
    /// layer list, and every tensor it requires with its shape). `name` names the
    /// file in errors; a bad input is a `CheckpointError`, never a crash.
    public static func decode(bytes: [UInt8], name: String) throws -> Checkpoint {
        try validated(SafetensorsFile.decode(bytes, name: name), name: name)
    }
}
