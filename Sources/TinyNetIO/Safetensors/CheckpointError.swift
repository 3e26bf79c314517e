/// A checkpoint file that could not be read, validated or written.
///
/// `description` is `"FILE: message"`, for example
/// `model.safetensors: tensor '0.weight' has dtype BF16; tinynet reads F32 and F64`.
public struct CheckpointError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's path (or the name given to `SafetensorsFile.decode`).
    public var file: String
    /// What is wrong, and what was expected.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
