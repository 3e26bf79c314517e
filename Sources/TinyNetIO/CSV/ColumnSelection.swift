import TinyNet

/// Which columns of a file are the label and the features, resolved against its header.
struct ColumnSelection {
    var labelIndex: Int?
    /// Feature columns (0-based, file positions) in output order.
    var featureIndices: [Int]
    /// Columns neither selected as a feature nor the label, nor ignored by name (`ignoring`): those to warn of.
    var ignoredIndices: [Int]
    /// The label is the last column because none was chosen and none is named `label`.
    var labelIsDefaultLast: Bool

    /// Per column in file order: its output position, `roleLabel` or `roleSkip`.
    var roles: [Int32] {
        var roles = [Int32](repeating: roleSkip, count: columnCount)
        if let labelIndex { roles[labelIndex] = roleLabel }
        for (position, column) in featureIndices.enumerated() { roles[column] = Int32(position) }
        return roles
    }

    private let columnCount: Int

    init(
        header: [String], label: LabelColumn, featureColumns: [String]?, ignoring: [String] = [], file: String, line: Int,
        delimiter: UInt8
    ) throws {
        columnCount = header.count
        labelIsDefaultLast = label == .auto && !header.contains("label")
        var problems: [String] = []
        // Where the label column is, also predict's optional one, which is neither a feature nor ignored.
        let labelPosition = ColumnSelection.resolveLabel(label, header: header, problems: &problems)
        // predict's label column (`optionalName`) is skipped unread: an empty "to predict" column is fine there.
        if case .optionalName = label { labelIndex = nil } else { labelIndex = labelPosition }
        if let names = featureColumns {
            featureIndices = ColumnSelection.resolveFeatures(names, header: header, label: labelPosition, problems: &problems)
        } else {
            let skipped = ColumnSelection.resolveIgnored(ignoring, header: header, label: labelPosition, problems: &problems)
            featureIndices = header.indices.filter { $0 != labelPosition && !skipped.contains($0) }
        }
        let used = Set(featureIndices + (labelPosition.map { [$0] } ?? []))
        let named = Set(ignoring)
        ignoredIndices = header.indices.filter { !used.contains($0) && !named.contains(header[$0]) }  // none without featureColumns
        ColumnSelection.checkUniqueNames(header, used: used, problems: &problems)
        if !problems.isEmpty {
            // Columns missing from a header read with another file's delimiter (a model's) are most often there.
            var wanted = featureColumns ?? []
            if case .name(let name) = label { wanted.append(name) }
            // Then that is the one thing to say: the columns listed as missing are there.
            if let shown = Self.otherDelimiter(naming: wanted, in: header, readWith: delimiter) {
                let current = shownDelimiter(Character(UnicodeScalar(delimiter)))
                problems = ["the header looks \(shown)-separated, not \(current)-separated (split at \(current) it lacks the "
                    + "columns needed): pass --delimiter \(shown)"]
            }
            throw DataError(file: file, problems: problems.map { DataError.Problem(line: line, message: $0) })
        }
    }

    /// The delimiter (shown as a flag value) that splits the header line into fields naming every one of
    /// `wanted`, when it is not the one the file was read with; nil if none does.
    private static func otherDelimiter(naming wanted: [String], in header: [String], readWith delimiter: UInt8) -> String? {
        guard !wanted.isEmpty else { return nil }
        let line = header.joined(separator: String(UnicodeScalar(delimiter)))
        for separator in likelySeparators {
            guard let candidate = separator.asciiValue, candidate != delimiter else { continue }
            let fields = Set(line.utf8.split(separator: candidate, omittingEmptySubsequences: false).map { field in
                // As the reader takes them: blanks around a field, and its quotes, are not part of the name.
                let trimmed = field.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
                let bytes = Array(trimmed)
                let unquoted = bytes.count >= 2 && bytes.first == asciiQuote && bytes.last == asciiQuote ? Array(bytes.dropFirst().dropLast()) : bytes
                return String(decoding: unquoted, as: UTF8.self)
            })
            if wanted.allSatisfy(fields.contains) { return shownDelimiter(separator) }
        }
        return nil
    }

    private static func resolveLabel(_ label: LabelColumn, header: [String], problems: inout [String]) -> Int? {
        switch label {
        case .auto:
            return header.firstIndex(of: "label") ?? header.count - 1
        case .name(let name):
            if let index = header.firstIndex(of: name) { return index }
            problems.append("label column \(doubleQuoted(name)) not found\(nearestColumnHint(name, header)); the columns are: \(listed(header))")
            return nil
        case .index(let index):
            // A column named like the number ("0") is meant by that name, as pandas would read it.
            if let named = header.firstIndex(of: String(index)) { return named }
            if header.indices.contains(index) { return index }
            let range = "the file has \(counted(header.count, "column")) (0 to \(header.count - 1))"
            problems.append("label column index \(index) is out of range: \(range)")
            return nil
        case .optionalName(let name):
            return header.firstIndex(of: name)
        case .none:
            return nil
        }
    }

    /// The columns `ignore_columns` names: each must be in the file, and not be the label.
    private static func resolveIgnored(_ names: [String], header: [String], label: Int?, problems: inout [String]) -> Set<Int> {
        var indices = Set<Int>()
        for name in names {
            let matching = header.indices.filter { header[$0] == name }
            if matching.isEmpty {
                problems.append("ignore_columns names \(doubleQuoted(name)), which the file lacks\(nearestColumnHint(name, header)); the columns are: \(listed(header))")
            } else if let label, matching.contains(label) {
                problems.append("ignore_columns names the label column \(doubleQuoted(name))")
            }
            indices.formUnion(matching)
        }
        return indices
    }

    private static func resolveFeatures(_ names: [String], header: [String], label: Int?, problems: inout [String])
        -> [Int]
    {
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
        var indices: [Int] = []
        var missing: [String] = []
        var seen = Set<Int>()
        for name in names {
            guard let index = position[name] else {
                missing.append(name)
                continue
            }
            if index == label {
                problems.append("column \(doubleQuoted(name)) is selected both as the label and as a feature")
            } else if !seen.insert(index).inserted {
                problems.append("feature column \(doubleQuoted(name)) is listed twice")
            }
            indices.append(index)
        }
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "column" : "columns"
            let quoted = missing.map(doubleQuoted).joined(separator: ", ")
            problems.append("missing feature \(noun) \(quoted); the columns are: \(listed(header))")
        }
        return indices
    }

    /// A name shared by a used column and another column is ambiguous: checkpoints find their columns by
    /// name, so a model trained on it could not be evaluated (pandas would rename the second to "a.1").
    private static func checkUniqueNames(_ header: [String], used: Set<Int>, problems: inout [String]) {
        var columns: [String: [Int]] = [:]
        for (index, name) in header.enumerated() { columns[name, default: []].append(index) }
        for (index, name) in header.enumerated() where used.contains(index) {
            guard let all = columns[name], all.count > 1 else { continue }
            let positions = all.map { "\($0 + 1)" }.joined(separator: ", ")
            let asData = header.filter({ !isNumberName($0) }).count <= 1  // numbers, but maybe the label
                ? " (a header of numbers may be a first row of data: --no-header reads it as one)" : ""
            // Empty names at the header's end: the delimiters a spreadsheet writes after the last column.
            let trailing = name.isEmpty && all.last == header.count - 1
                ? "; empty names at the end of the header are delimiters after the last column: remove them from every line" : ""
            problems.append("the header names \(all.count) columns \(doubleQuoted(name)) (columns \(positions)); columns are matched by name, so rename them" + asData + trailing)
            columns[name] = nil  // one message per name
        }
    }

    /// ` (did you mean "label"?)` for a name that differs from a column's in case only, or by a typo (in a name
    /// of 4 characters or more: any column is a typo away from "y").
    private static func nearestColumnHint(_ name: String, _ header: [String]) -> String {
        let near = header.first { $0.lowercased() == name.lowercased() } ?? (name.count >= 4 ? nearest(to: name, among: header) : nil)
        return near.map { " (did you mean \(doubleQuoted($0))?)" } ?? ""
    }

    /// The column names for a message, shortened when there are many.
    private static func listed(_ header: [String]) -> String {
        let limit = 12
        let shown = header.prefix(limit).map(tableCell).joined(separator: ", ")
        return header.count > limit ? shown + ", … (\(header.count) columns)" : shown
    }
}
