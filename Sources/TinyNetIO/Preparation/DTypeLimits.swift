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
/// which predict would write as a class. The first such value names its line and column, and what would
/// bring it within range: standardization where it is off, a smaller input_scale (features), f64 (when the
/// value fits it). Where standardization is on, the value is that many standard deviations from the
/// training rows' mean: that is said instead. For a `trainedModel` (eval, predict) those are choices of
/// its training: the remedies say to retrain.
func checkFits(
    _ values: [Double], names: [String], dtype: DType, in table: CSVTable, what: String = "feature",
    standardized: Bool, inputScale: Double = 1, trainedModel: Bool = false, fileRow: (Int) -> Int = { $0 }
) throws {
    guard !names.isEmpty, let k = firstValueBeyond(values, dtype: dtype) else { return }
    let (row, name, value) = (fileRow(k / names.count), names[k % names.count], values[k])
    let isFeature = what == "feature"
    let limit = dtype == .f32 ? "\(Float(dtype.largestFinite))" : "\(dtype.largestFinite)"
    var remedies: [String] = []
    if !standardized { remedies.append(isFeature ? "standardize the features (the default)" : "standardize the target (the default)") }
    if isFeature && (!standardized || inputScale > 1) { remedies.append("lower input_scale") }
    if dtype == .f32 && value.isFinite { remedies.append("use --dtype f64") }
    if remedies.count > 1 { remedies[remedies.count - 1] = "or " + remedies[remedies.count - 1] }
    if trainedModel && !remedies.isEmpty { remedies[0] = "retrain the model to " + remedies[0] }
    throw DataError(
        file: table.path, line: row < table.rowLines.count ? table.rowLines[row] : nil,
        column: table.header.firstIndex(of: name).map { $0 + 1 }, columnName: name,
        message: "\(what) \(doubleQuoted(name)) is \(value)\(preprocessing(standardized: standardized, isFeature: isFeature, inputScale: inputScale))"
            + ", beyond the ±\(limit) that \(dtype.rawValue) holds"
            + (standardized ? ": standardized, it lies that many standard deviations\(isFeature ? " (times input_scale)" : "") from the training rows' mean" : "")
            + (remedies.isEmpty ? "" : "; " + remedies.joined(separator: ", ")))
}

/// " after preprocessing (standardization, input_scale)", as far as a value went through it: nothing for a
/// value read as it is (standardization off and no input_scale; a target not standardized).
private func preprocessing(standardized: Bool, isFeature: Bool, inputScale: Double) -> String {
    if standardized { return " after preprocessing " + (isFeature ? "(standardization, input_scale)" : "(standardization)") }
    return isFeature && inputScale != 1 ? " after preprocessing (input_scale)" : ""
}
