import Testing

@testable import TinyNetIO

/// What `TrainConfig.set` says it expected when a value has the wrong type.
@Suite struct ConfigValueTypeTests {
    /// The message of setting `key` to `value` from run.toml ("" when it is accepted).
    private func message(_ key: ConfigKey, _ value: ConfigValue) -> String {
        var config = TrainConfig()
        do { try config.set(key, value, source: "run.toml") } catch { return "\(error)" }
        return ""
    }

    @Test func theBooleanKeysAreTheFourSwitches() {
        let booleans = ConfigKey.allCases.filter { $0.valueKind == .bool }
        #expect(booleans == [.nesterov, .standardize, .standardizeTarget, .header])
    }

    @Test(arguments: [ConfigKey.nesterov, .standardize, .standardizeTarget, .header])
    func aBooleanKeyExpectsTrueOrFalse(key: ConfigKey) {
        #expect(message(key, .string("yes")) == "run.toml: \(key.rawValue): expected true or false, found \"yes\"")
        #expect(message(key, .int(1)) == "run.toml: \(key.rawValue): expected true or false, found 1")
    }

    @Test func otherKeysNameTheirOwnType() {
        #expect(message(.out, .bool(true)) == "run.toml: out: expected a file name, found true")
        #expect(message(.label, .bool(true)) == "run.toml: label: expected a column name or 0-based index, found true")
        #expect(message(.layers, .int(3)).hasPrefix("run.toml: layers: expected a list of strings such as"))
        #expect(message(.lrSchedule, .bool(false)) == "run.toml: lr_schedule: expected a string, found false")
    }
}
