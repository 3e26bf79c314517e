/// A dataset read from a CSV file: numeric feature columns and one optional label column kept as text.
public struct CSVTable: Sendable {
    /// The file name used in messages.
    public var path: String
    /// Every column name, in file order.
    public var header: [String]
    /// Number of data rows (the header is not counted).
    public var rowCount: Int
    /// The feature columns, in output order.
    public var featureNames: [String]
    /// Feature values, row-major.  // (rowCount, featureNames.count)
    public var features: [Double]
    /// The label column's name, nil when there is no label column.
    public var labelName: String?
    /// The label column's text per row (unquoted); empty when there is no label column.  // (rowCount)
    public var labels: [String]
    /// Columns present in the file but not selected as features or label (worth a warning).
    public var ignoredColumns: [String]
    /// The physical line (1-based, the header is line 1) where each row starts, for messages about labels;
    /// empty when the table was not read from a file.  // (rowCount)
    public var rowLines: [Int]

    public init(
        path: String, header: [String], rowCount: Int, featureNames: [String], features: [Double],
        labelName: String?, labels: [String], ignoredColumns: [String], rowLines: [Int] = []
    ) {
        self.path = path
        self.header = header
        self.rowCount = rowCount
        self.featureNames = featureNames
        self.features = features
        self.labelName = labelName
        self.labels = labels
        self.ignoredColumns = ignoredColumns
        self.rowLines = rowLines
    }
}
