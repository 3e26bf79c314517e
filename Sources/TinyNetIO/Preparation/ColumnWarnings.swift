import TinyNet

/// What the column names say about the file: features without a name (see `unnamedFeaturesWarning`), a
/// header of numbers (see `numericHeaderWarning`), a header commented out (see `commentedHeaderWarning`).
func columnNameWarnings(_ featureNames: [String], label: String, classes: [String], firstColumn: String) -> [String] {
    [unnamedFeaturesWarning(featureNames), numericHeaderWarning(featureNames, label: label, classes: classes),
     commentedHeaderWarning(firstColumn)].compactMap { $0 }
}

/// The warning for a header of numbers: every feature named by a number, and the label by a number or by one of
/// its own classes (`5.1,3.5,1.4,0.2,Iris-setosa`). Most often a file without a header read with one, whose first
/// row then names the columns and is not trained on (pandas' read_csv does the same, silently). Not for the
/// column positions 0, 1, … (or 1, 2, …) that pandas writes as the header of a frame without column names.
/// nil when a feature name is not a number (a file read without a header has names c0, c1, …).
func numericHeaderWarning(_ featureNames: [String], label: String, classes: [String]) -> String? {
    guard !featureNames.isEmpty, featureNames.allSatisfy(isNumberName), isNumberName(label) || classes.contains(label) else { return nil }
    let integers = (isNumberName(label) ? featureNames + [label] : featureNames).map { Int($0.trimmed) }
    if !integers.contains(nil) {
        let positions = integers.compactMap { $0 }.sorted()  // sorted: the label may be any of the columns (--label 0)
        if positions == Array(0..<positions.count) || positions == Array(1...positions.count) { return nil }
    }
    let names = featureNames + [label]
    let shown = names.prefix(3).map(doubleQuoted).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
    return "the header reads as a row of data (\(shown)): if the file has no header line, pass --no-header "
        + "(header = false in a config); as read, its first row names the columns instead of being a row of data"
}

/// Whether a column name is a finite number (blanks around it aside): a header of such names may be a row of data.
func isNumberName(_ name: String) -> Bool { Double(name.trimmed)?.isFinite == true }

/// The warning for feature columns without a name (empty, or pandas' "Unnamed: 0" for one): most often the
/// row index pandas' `to_csv` writes unless given `index=False`, which the model would learn from as a feature
/// (and eval would then need in every file). nil when every feature has a name.
func unnamedFeaturesWarning(_ featureNames: [String]) -> String? {
    let unnamed = featureNames.indices.filter { i in
        let name = featureNames[i].trimmed
        return name.isEmpty || (name.hasPrefix("Unnamed: ") && Int(name.dropFirst("Unnamed: ".count)) != nil)
    }
    guard let first = unnamed.first else { return nil }
    let which = unnamed.count == 1 ? "feature \(first + 1) of \(featureNames.count) has no column name (\(doubleQuoted(featureNames[first])))"
        : "\(unnamed.count) features have no column name (the first is feature \(first + 1) of \(featureNames.count), \(doubleQuoted(featureNames[first])))"
    return which + ": if it is a row index (pandas' to_csv writes one unless index=False), name it in ignore_columns "
        + "(--ignore-columns \(shellQuoted(featureNames[first]))) or remove it from the file, as the model learns from it like any feature"
}

/// The warning for a first column named "# …": numpy's `savetxt` writes its header as a comment
/// (`# f0,f1,label`), which a CSV reader takes as a name starting with "# " (pandas does too). The model would
/// then need that name in every file eval and predict read. nil for any other name.
func commentedHeaderWarning(_ firstName: String) -> String? {
    guard firstName.hasPrefix("# ") else { return nil }
    return "the first column is named \(doubleQuoted(firstName)): \"# \" is numpy's savetxt comment mark, and eval and predict "
        + "will look for a column of that name; write the file with savetxt(…, comments=\"\") or remove \"# \" from its header line"
}
