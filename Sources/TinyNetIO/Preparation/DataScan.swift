import TinyNet

/// One pass over a data file that learns what `tinynet data` shows and what `train --stream` needs before
/// it trains, without holding the file in memory: per-feature statistics (`RunningStatistics`), the classes and their
/// counts, or the regression target's statistics. Rows are read and checked exactly as `train` reads them
/// (the same reader and label rules); the whole file is read before anything is returned, so a file with an
/// error gives its problems (up to `maxErrors`) and nothing else.
struct DataScan {
    var path: String
    /// Every column name, in file order.
    var header: [String]
    var featureNames: [String]
    var labelName: String
    /// Rows the statistics cover (the rows `includes` accepted).
    var rows = 0
    /// Rows left out of the statistics (held out for validation).
    var excludedRows = 0
    var features: RunningStatistics
    /// Classification: rows per label text, over the rows covered.
    var classCounts: [String: Int] = [:]
    /// Classification: every label of the file, excluded rows too (the classes are those of the whole file).
    var labels: Set<String> = []
    /// Classification: the line where each missing-value marker or infinity among the labels first appears.
    private var missingLabelLines: [String: Int] = [:]
    /// Classification: the longest run of consecutive covered rows with one label, and that label (a file
    /// sorted by class has runs as long as its classes).
    var longestRun: (label: String, rows: Int) = ("", 0)
    private var currentRun: (label: String, rows: Int) = ("", 0)
    /// Regression: statistics of the target over the rows covered.
    var target = RunningStatistics(columns: 1)
    /// Statistics of the rows left out (for their range: `train --stream` checks that they fit its dtype).
    var excludedFeatures: RunningStatistics
    var excludedTarget = RunningStatistics(columns: 1)

    /// Reads `path`; `includes` picks the rows (by 0-based data row index) the statistics cover.
    init(
        path: String, label: LabelColumn, task: Task, options: CSVOptions, includes: (Int) -> Bool = { _ in true }
    ) throws {
        var options = options
        options.numericLabel = task == .regression
        let stream = try CSVStream(path: path, label: label, options: options)
        guard let labelName = stream.labelName else {
            throw DataError(file: path, message: "the file has no label column")
        }
        self.path = path
        header = stream.header
        featureNames = stream.featureNames
        self.labelName = labelName
        features = RunningStatistics(columns: stream.featureNames.count)
        excludedFeatures = RunningStatistics(columns: stream.featureNames.count)
        while let chunk = try stream.nextChunk() {
            do {
                try add(chunk, task: task, includes: includes)
            } catch let error as DataError {
                throw DataError(file: path, problems: stream.problems + error.problems)
            }
        }
        let lines = missingLabelLines
        if let first = missingLabelsAmongNumbers(labels).min(by: { lines[$0, default: .max] < lines[$1, default: .max] }) {
            throw missingLabelError(first, file: path, line: lines[first],
                                    column: header.firstIndex(of: labelName).map { $0 + 1 }, labelName: labelName)
        }
    }

    private mutating func add(_ chunk: CSVChunk, task: Task, includes: (Int) -> Bool) throws {
        let table = chunk.table
        let included = (0..<table.rowCount).map { includes(chunk.firstRow + $0) }
        let count = included.reduce(0) { $0 + ($1 ? 1 : 0) }
        rows += count
        excludedRows += table.rowCount - count
        features.add(table.features) { included[$0] }
        if count < table.rowCount { excludedFeatures.add(table.features) { !included[$0] } }
        switch task {
        case .classification:
            for (r, label) in table.labels.enumerated() {
                if labels.insert(label).inserted, isMissingOrNonFinite(label) { missingLabelLines[label] = table.rowLines[r] }
                guard included[r] else { continue }
                classCounts[label, default: 0] += 1
                currentRun = currentRun.label == label ? (label, currentRun.rows + 1) : (label, 1)
                if currentRun.rows > longestRun.rows { longestRun = currentRun }
            }
        case .regression:
            for (r, value) in try regressionTargets(of: table).enumerated() {
                if included[r] { target.add(value: value) } else { excludedTarget.add(value: value) }
            }
        }
    }

    /// The sorted classes of the file (numerically when every label is a number), as training sorts them.
    var classEncoding: ClassEncoding { ClassEncoding(labels: Array(labels)) }

    /// Rows per class of `classEncoding` over the rows covered ("1" and "1.0" count as one class).
    var rowsPerClass: [Int] {
        let encoding = classEncoding
        var counts = Array(repeating: 0, count: encoding.count)
        for (label, rows) in classCounts {
            if let i = encoding.index(of: label) { counts[i] += rows }
        }
        return counts
    }
}

/// Whether data row `row` is held out for validation by a seeded `val_split` while streaming: a hash of the
/// row index and the seed, below `fraction`. The same rows on every pass, without keeping a list of them
/// (unlike the in-memory split, it is not stratified: each row is held out with probability `fraction`).
func isHeldOut(row: Int, fraction: Double, seed: UInt64) -> Bool {
    let z = SeededGenerator.mix(
        (seed ^ SeededGenerator.validationSplitSeedOffset) &+ UInt64(row) &* SeededGenerator.splitMixIncrement)
    return Double(z >> 11) * 0x1.0p-53 < fraction  // the top 53 bits as a uniform number in [0, 1)
}
