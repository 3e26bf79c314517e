import Foundation

/// Prints one JSON object on stdout (keys sorted, so output is stable).
/// A non-finite number (a diverged loss, an overflowing model) is written as
/// `null`, as JSON has no NaN or infinity.
func printJSON(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(
        withJSONObject: replacingNonFinite(object), options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

private func replacingNonFinite(_ value: Any) -> Any {
    switch value {
    case let number as Double: return number.isFinite ? number : NSNull()
    case let number as Float: return number.isFinite ? number : NSNull()
    case let dictionary as [String: Any]: return dictionary.mapValues(replacingNonFinite)
    case let array as [Any]: return array.map(replacingNonFinite)
    default: return value
    }
}
