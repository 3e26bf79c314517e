/// Pads `s` with spaces to `n` characters, on the right (text columns; one space at least) or the left (numbers).
func rightPad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
func leftPad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
