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
        if let hint = excelSeparatorLineHint(headerLine, delimiter: delimiter) { return "; " + hint }
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

    /// What a feature field that is not a number most likely is: a trailing delimiter's empty column, a
    /// spreadsheet's formatting (a boolean, a percentage, a thousands separator, a currency sign, a date), a column
    /// of labels (--label) and/or a missing value ("NA" may be either).
    func fieldHint(_ message: String, _ text: String, column: Int, word: String?) -> String {
        let missing = isMissingValue(text) ? missingValueHint : ""
        let (trailing, label) = (trailingDelimiterHint(column), labelHint(column, word))
        if message == emptyFieldMessage && !trailing.isEmpty { return trailing }
        if let formatting = spreadsheetFormattingHint(text.trimmed, column: column) { return formatting }
        if !label.isEmpty { return label + (missing.isEmpty ? "" : "; or, if it is " + missing.dropFirst(2)) }
        return missing
    }

    /// For a value a spreadsheet shows formatted: TRUE/FALSE, 12%, 1,234.5, $12.50, a date.
    private func spreadsheetFormattingHint(_ text: String, column: Int) -> String? {
        let lowered = text.lowercased()
        if lowered == "true" || lowered == "false" { return "; a boolean: write it as 1 or 0 (pandas: df[column].astype(int))" }
        if text.hasSuffix("%"), Double(String(text.dropLast()).trimmed) != nil { return "; a percentage: write it as a number (12% as 0.12)" }
        if let first = text.first, "$€£¥".contains(first), Double(text.dropFirst().replacingOccurrences(of: ",", with: "")) != nil {
            return "; a currency sign: write the number alone"
        }
        if text.contains(","), Double(text.replacingOccurrences(of: ",", with: "")) != nil, isThousandsGrouping(text) {
            return "; a thousands separator: write the number without it (pandas: read_csv(…, thousands=\",\"))"
        }
        if looksLikeDate(text) {
            let name = column < header.count ? shellQuoted(header[column]) : "NAME"
            return "; a date: leave the column out (--ignore-columns \(name)) or turn it into numbers first"
        }
        return nil
    }

    /// The header as its line read, for Excel's `sep=;` check.
    private var headerLine: String { header.joined(separator: String(UnicodeScalar(delimiter))) }

    /// For an empty field (or label) in a last column without a name: every line ends with the delimiter (as
    /// some spreadsheet exports write), which makes an extra, empty column.
    func trailingDelimiterHint(_ column: Int) -> String {
        guard column == header.count - 1, header[column].isEmpty, column > 0 else { return "" }
        // Excel's `sep=,` line read as the header is two names, "sep=" and an empty one: that line is the thing to fix.
        if let hint = excelSeparatorLineHint(headerLine, delimiter: delimiter) { return "; " + hint }
        return "; the header ends with the delimiter too, so every line has an empty last column: remove the trailing delimiter"
    }
}

/// An empty field, a marker pandas reads as missing ("NA", "NaN", "null", …), UCI's "?", or a spreadsheet's
/// error value ("#DIV/0!").
func isMissingValue(_ text: String) -> Bool {
    let trimmed = text.trimmed
    return trimmed.isEmpty || trimmed == "?" || isMissingMarker(trimmed)
}

/// "1,234" or "-12,345,678.9": digits grouped in threes by commas before any decimal point.
private func isThousandsGrouping(_ text: String) -> Bool {
    let unsigned = text.drop { $0 == "-" || $0 == "+" }
    let whole = unsigned.prefix { $0 != "." }
    let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
    return groups.count > 1 && (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
}

/// 2024-01-31, 31/01/2024, 1/31/24, 31.01.2024: three groups of digits separated by one of - / . (a year of 4
/// digits first or last, or a 2-digit year last).
private func looksLikeDate(_ text: String) -> Bool {
    for separator in ["-", "/", "."] {
        let parts = text.split(separator: Character(separator), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { continue }
        let lengths = parts.map(\.count)
        if lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 { return true }
        if lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 4 || lengths[2] == 2) { return true }
    }
    return false
}
