import TinyNet

/// The hints a row parser's messages end with: what a problem most likely means and what to do about it.
extension RowParser {
    /// For a word in a feature column of the first row while the label is the last column by default:
    /// the flag that makes that column the label (none for a name that reads as a negative index).
    func labelHint(_ column: Int, _ word: String?) -> String {
        if word != nil, line == firstLine, firstLineLooksLikeHeader { return "" }  // finishRow says what it is
        if labelByDefault, word != nil, let labelIndex, !trailingDelimiterHint(labelIndex).isEmpty {
            // The default label is the empty column a trailing delimiter makes: that is the thing to fix.
            return trailingDelimiterHint(labelIndex)
        }
        guard labelByDefault, word != nil, line == firstLine, column < header.count, let labelIndex,
              !LabelColumn.isNegativeIndex(header[column]) else { return "" }
        return "; if \(doubleQuoted(header[column])) holds the labels, pass --label \(shellQuoted(header[column])) "
            + "(without it the label is the column named \"label\", else the last, here \(doubleQuoted(header[labelIndex])))"
    }

    /// For a problem in a first line that looks like a header while the file is read without one.
    var headerAsDataHint: String {
        guard firstLineLooksLikeHeader else { return "" }
        let why = headerlessLikeTheModel
            ? "as the model's training file was (it had none, so the model's columns are c0, c1, …): "
                + "remove the header line, e.g. tail -n +2"
            : "because of --no-header (header = false in a config): drop that"
        return "; the first line looks like a header (none of its fields is a number), but it is read as data " + why
    }

    /// What a row whose field count differs from the header's most likely means: Excel's `sep=;` line above the
    /// header; a header of one field holding another separator (`a;b;label` read with `,`); a header one field
    /// longer whose first field is "#" (numpy's savetxt writes its header as the comment "# f0 f1 label").
    func fieldCountHint(_ fieldCount: Int) -> String {
        if let hint = excelSeparatorLineHint(header.joined(separator: String(UnicodeScalar(delimiter)))) { return "; " + hint }
        if header.count == 1, let shown = likelySeparator(in: header[0], other: delimiter) {
            return "; the header is one column that looks \(shown)-separated: pass --delimiter \(shown)"
        }
        if header.first == "#", fieldCount == roles.count - 1 {
            return "; the header's first field is \"#\", a comment mark (numpy's savetxt writes its header as \"# f0 f1 …\"): "
                + "remove it from the header line"
        }
        return ""
    }

    /// For a feature field that is empty or holds a missing-value marker ("NA", "?", "NaN"): tinynet does not
    /// impute, as scikit-learn's estimators do not ("Input X contains NaN").
    var missingValueHint: String { "; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)" }

    /// For TRUE or FALSE in a feature column (a spreadsheet's or R's logical values).
    var booleanHint: String { "; a boolean: write it as 1 or 0 (pandas: df[column].astype(int))" }

    /// For an empty field (or label) in a last column without a name: every line ends with the delimiter (as
    /// some spreadsheet exports write), which makes an extra, empty column.
    func trailingDelimiterHint(_ column: Int) -> String {
        guard column == header.count - 1, header[column].isEmpty, column > 0 else { return "" }
        return "; the header ends with the delimiter too, so every line has an empty last column: remove the trailing delimiter"
    }
}

/// An empty field, a marker pandas reads as missing ("NA", "NaN", "null", …), UCI's "?", or a spreadsheet's
/// error value ("#DIV/0!").
func isMissingValue(_ text: String) -> Bool {
    let trimmed = text.trimmed
    return trimmed.isEmpty || trimmed == "?" || isMissingMarker(trimmed)
}

/// TRUE or FALSE in any case, as spreadsheets, R and pandas write logical values.
func isBooleanWord(_ text: String) -> Bool {
    let lowered = text.trimmed.lowercased()
    return lowered == "true" || lowered == "false"
}
