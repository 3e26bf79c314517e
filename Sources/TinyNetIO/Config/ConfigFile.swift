import Foundation
import TOMLKit
import TinyNet

extension TrainConfig {
    /// Applies the keys of a TOML config file; an unknown key or a value of
    /// the wrong type is an error naming the file and the key.
    public mutating func apply(tomlFile path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw ConfigError(file: path, message: "is a directory, expected a TOML config file")
        }
        let data = try readConfigBytes(path)
        // TOML is UTF-8: name the line of the first byte that is not (a Latin-1 "café" in a comment).
        var bytes = data.makeIterator(), decoder = UTF8(), line = 1
        decoding: while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: break decoding
            case .error: throw ConfigError(file: "\(path):\(line)", message: "not UTF-8 text; a TOML file is UTF-8")
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        try apply(toml: text, source: path)
    }

    /// The file's bytes, read as a stream so that a pipe (`--config <(…)`) or `/dev/null` reads like a file;
    /// more than 1 MB is no config (`/dev/zero` would never end).
    private func readConfigBytes(_ path: String) throws -> Data {
        let limit = 1 << 20
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(file: path, message: "cannot read the config file (\(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        var data = Data()
        do {
            while data.count <= limit, let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { data.append(chunk) }
        } catch {
            throw ConfigError(file: path, message: "cannot read the config file (\(error.localizedDescription))")
        }
        guard data.count <= limit else { throw ConfigError(file: path, message: "is larger than 1 MB, too large for a TOML config file") }
        return data
    }

    public mutating func apply(toml text: String, source: String) throws {
        // TOML allows no NUL byte anywhere, and the parser would stop at one as at the text's end, silently
        // ignoring every key after it.
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            throw ConfigError(file: "\(source):\(line)", message: "a NUL byte, which TOML does not allow (is this a text file?)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            // A `key=value` file as LightGBM reads it fails here on its first unquoted string.
            throw ConfigError(file: "\(source):\(at.line):\(at.column)", message: "invalid TOML: \(error.description) "
                + "(a config is TOML: text in quotes, data = \"train.csv\"; numbers and true/false without)")
        }
        for name in table.keys.sorted() {
            let key = try ConfigKey.named(name, in: source)
            guard let value = table[name].flatMap(ConfigValue.init(toml:)) else {
                throw ConfigError(file: source, message: "\(name): \(ConfigValue.unsupported(table[name], key: key))")
            }
            try set(key, value, source: source)
        }
    }

    /// The value of one key (nil: unset, for the keys without a default); `loss` is the resolved one.
    public func value(for key: ConfigKey) -> ConfigValue? {
        switch key {
        case .data: return data.map(ConfigValue.string)
        case .valData: return valData.map(ConfigValue.string)
        case .valSplit: return valSplit.map(ConfigValue.double)
        case .label: return label.map(ConfigValue.string)
        case .task: return .string(task.rawValue)
        case .layers: return .strings(layers)
        case .loss: return .string(resolvedLoss.rawValue)
        case .epochs: return .int(epochs)
        case .batchSize: return .int(batchSize)
        case .lr: return .double(lr)
        case .momentum: return .double(momentum)
        case .nesterov: return .bool(nesterov)
        case .weightDecay: return .double(weightDecay)
        case .lrSchedule: return .string(lrSchedule.description)
        case .standardize: return .bool(standardize)
        case .inputScale: return .double(inputScale)
        case .seed: return .int(seed)
        case .dtype: return .string(dtype.rawValue)
        case .out: return .string(out)
        case .classWeight: return .string(classWeight.rawValue)
        case .standardizeTarget: return .bool(standardizeTarget)
        case .initialization: return .string(initialization.rawValue)
        case .delimiter: return .string(delimiter)
        case .header: return .bool(header)
        case .ignoreColumns: return ignoreColumns.isEmpty ? nil : .strings(ignoreColumns)
        }
    }

    /// A key's default as `--help` shows it ("32", "model.safetensors", "true"); nil for the keys without one.
    public static func defaultText(of key: ConfigKey) -> String? {
        TrainConfig().value(for: key).map(\.plainText)
    }

    /// The resolved configuration as TOML, every key that is set, in `ConfigKey`'s order.
    public var toml: String {
        ConfigKey.allCases.compactMap { key in value(for: key).map { "\(key.rawValue) = \($0.tomlText)" } }
            .joined(separator: "\n") + "\n"
    }

    /// Dictionary form for a checkpoint's metadata and `--json` output: every key that is set.
    public var dictionary: [String: Any] {
        var d: [String: Any] = [:]
        for key in ConfigKey.allCases { d[key.rawValue] = value(for: key)?.jsonValue }
        return d
    }
}
