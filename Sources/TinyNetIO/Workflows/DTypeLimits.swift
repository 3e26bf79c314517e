import TinyNet

extension DType {
    /// The largest magnitude the network's float type holds.
    var largestFinite: Double { self == .f32 ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude }

    init<T: Scalar>(_: T.Type) { self = T.self == Float.self ? .f32 : .f64 }
}

/// The index of the first of `values` beyond what `dtype` holds (NaN included), nil when all fit.
func firstValueBeyond(_ values: [Double], dtype: DType) -> Int? {
    let limit = dtype.largestFinite
    return values.firstIndex(where: { !(abs($0) <= limit) })
}

/// The first row of row-major `values` (`width` per row) holding a value beyond what `dtype` holds.
func firstRowBeyond(_ values: [Double], width: Int, dtype: DType) -> Int? {
    firstValueBeyond(values, dtype: dtype).map { $0 / max(width, 1) }
}

/// Preprocessed values (row-major, one column per name) must fit the network's float type: beyond
/// ±3.4e38 a value is infinite in f32 and every output after it NaN, which no learning rate fixes and
/// which predict would write as a class. The first such value names its line and column.
func checkFits(
    _ values: [Double], names: [String], dtype: DType, in table: CSVTable, what: String = "feature",
    fileRow: (Int) -> Int = { $0 }
) throws {
    let limit = dtype.largestFinite
    guard !names.isEmpty, let k = firstValueBeyond(values, dtype: dtype) else { return }
    let (row, name) = (fileRow(k / names.count), names[k % names.count])
    throw DataError(
        file: table.path, line: row < table.rowLines.count ? table.rowLines[row] : nil,
        column: table.header.firstIndex(of: name).map { $0 + 1 }, columnName: name,
        message: "\(what) \(doubleQuoted(name)) is \(values[k]) after preprocessing "
            + "(standardization, input_scale), beyond the ±\(Float(limit)) that \(dtype.rawValue) holds; "
            + (what == "feature" ? "standardize the features (the default), lower input_scale, or" : "standardize the target (the default), or")
            + " use --dtype f64")
}
