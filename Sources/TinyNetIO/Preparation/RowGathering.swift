/// Selecting rows of row-major `[Double]` matrices: the training and validation rows of a split
/// (`PreparedRun`) and the rows a stream keeps (`CSVStream.selectingRows`).

/// Rearranges row-major `values` (rows of `width`) in place so that they are the rows `order` names, in that
/// order (distinct rows), and drops the others: `gatherRows` without a second matrix.
func keepRows(_ values: inout [Double], _ order: [Int], width: Int) {
    guard width > 0 else { return }
    let rows = values.count / width
    if order.count == rows && order.elementsEqual(0..<rows) { return }
    // A permutation of every row: row i takes row source[i]; the rows not kept fill the places after them.
    var source = order
    var kept = [Bool](repeating: false, count: rows)
    for r in order { kept[r] = true }
    for r in 0..<rows where !kept[r] { source.append(r) }
    // Each cycle of the permutation once: its first row saved aside, every other row moved up one place.
    var done = [Bool](repeating: false, count: rows)
    var saved = [Double](repeating: 0, count: width)
    values.withUnsafeMutableBufferPointer { v in
        guard let base = v.baseAddress else { return }
        saved.withUnsafeMutableBufferPointer { saved in
            for start in 0..<rows where !done[start] && source[start] != start {
                saved.baseAddress!.update(from: base + start * width, count: width)
                var i = start
                while true {
                    done[i] = true
                    let s = source[i]
                    if s == start {
                        (base + i * width).update(from: saved.baseAddress!, count: width)
                        break
                    }
                    (base + i * width).update(from: base + s * width, count: width)
                    i = s
                }
            }
        }
    }
    values.removeLast((rows - order.count) * width)
}

/// The given rows of a row-major matrix.
func gatherRows(_ values: [Double], _ rows: [Int], width: Int) -> [Double] {
    if rows.count * width == values.count && rows.first == 0 && rows.last == rows.count - 1 { return values }
    var out: [Double] = []
    out.reserveCapacity(rows.count * width)
    for r in rows { out += values[(r * width)..<(r * width + width)] }
    return out
}
