/// A module as written in a config's `layers` list: "linear:64", "linear",
/// "relu", "sigmoid", "tanh".
public enum LayerSpec: Equatable, Sendable, CustomStringConvertible {
    /// A Linear layer of that output width; nil for a final `linear` whose
    /// width comes from the data (the number of classes or targets).
    case linear(Int?)
    case relu
    case sigmoid
    case tanh

    public static let names = ["linear", "relu", "sigmoid", "tanh"]

    public var description: String {
        switch self {
        case .linear(let n?): return "linear:\(n)"
        case .linear(nil): return "linear"
        case .relu: return "relu"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        }
    }

    /// Parses one module; an unknown name is an error that suggests the nearest valid one.
    public init(parsing text: String) throws {
        let trimmed = text.trimmed.lowercased()
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch (parts[0], parts.count) {
        case ("linear", 1): self = .linear(nil)
        case ("linear", _):
            guard let n = Int(parts[1]), n > 0 else {
                throw SpecError("layer \(doubleQuoted(text)): the width after \"linear:\" must be a positive integer")
            }
            self = .linear(n)
        case ("relu", 1): self = .relu
        case ("sigmoid", 1): self = .sigmoid
        case ("tanh", 1): self = .tanh
        default:
            throw SpecError("unknown layer \(doubleQuoted(text))\(Self.unknownLayerHint(parts[0])); valid layers: linear:N, linear, relu, sigmoid, tanh")
        }
    }

    /// What an unknown module most likely means: another library's way of writing a layer list, or a typo.
    private static func unknownLayerHint(_ name: String) -> String {
        switch name {
        case "softmax", "log_softmax", "logsoftmax":
            return " (the softmax_ce loss applies the softmax to the last linear's outputs, as PyTorch's CrossEntropyLoss does: leave it out)"
        case "dense", "fc": return " (Keras' Dense(N) is linear:N here)"
        case _ where Int(name) != nil:
            return " (a width alone, as in scikit-learn's hidden_layer_sizes, is linear:N here, with an activation after it: linear:64,relu,linear:64,relu,linear)"
        default: return nearest(to: name, among: LayerSpec.names).map { " (did you mean \"\($0)\"?)" } ?? ""
        }
    }

    /// Gives the last Linear, when it has no width, the data's `outputs`. Every layer list must contain a
    /// Linear, and only the last Linear may omit its width.
    public static func resolve(_ specs: [LayerSpec], outputs: Int) throws -> [LayerSpec] {
        guard let lastLinear = specs.lastIndex(where: \.isLinear) else {
            throw SpecError("layers must contain at least one linear layer")
        }
        return try specs.enumerated().map { i, spec in
            guard case .linear(nil) = spec else { return spec }
            guard i == lastLinear else {
                throw SpecError("layer \(i) \"linear\" needs a width (\"linear:N\"); only the last linear layer takes its width from the data")
            }
            return .linear(outputs)
        }
    }
}

/// A malformed layer list or other model description.
public struct SpecError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}

extension LayerSpec {
    /// A Linear layer, with or without its width.
    public var isLinear: Bool { if case .linear = self { true } else { false } }
    /// relu, sigmoid or tanh: a module without parameters.
    var isActivation: Bool { !isLinear }

    /// Layer lists that train, but rarely as meant (PyTorch would run them silently; a warning costs
    /// nothing): an activation after the last Linear squashes the raw scores every loss expects
    /// (softmax_ce and bce apply their own softmax or sigmoid), one before the first acts on the
    /// standardized inputs, and two in a row compose without a Linear between them.
    public static func warnings(_ specs: [LayerSpec]) -> [String] {
        var warnings: [String] = []
        if let first = specs.first, first.isActivation {
            warnings.append("layers start with \(first) before any linear: it acts on the standardized inputs (relu drops every negative value)")
        }
        for (a, b) in zip(specs, specs.dropFirst()) where a.isActivation && b.isActivation {
            warnings.append("\(b) follows \(a) with no linear between them")
        }
        if let last = specs.last, last.isActivation, specs.count > 1 {
            warnings.append("layers end with \(last) after the last linear: the loss takes raw outputs (softmax_ce and bce apply "
                + "their own softmax or sigmoid), so \(last) only limits them; end with linear unless you mean it")
        }
        return warnings
    }
}
