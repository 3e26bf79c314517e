import TinyNetIO

/// Prints one JSON object on stdout (keys sorted, so output is stable).
/// A non-finite number (a diverged loss, an overflowing model) is written as
/// `null`, as JSON has no NaN or infinity.
func printJSON(_ object: [String: Any]) {
    print(JSONText.encode(object))
}
