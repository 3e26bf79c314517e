/// Everything wrong with a data file: one or more problems, each placed by line and column.
public struct DataError: Error, CustomStringConvertible, Sendable {
    /// One problem in a data file. Line and column are 1-based; nil when they do not apply.
    public struct Problem: Sendable, Equatable {
        public var line: Int?
        public var column: Int?
        public var columnName: String?
        public var message: String

        public init(line: Int? = nil, column: Int? = nil, columnName: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.columnName = columnName
            self.message = message
        }
    }

    /// The file name as given by the caller.
    public var file: String
    public var problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, message: String) {
        self.init(file: file, problems: [Problem(line: line, column: column, columnName: columnName, message: message)])
    }

    /// One line per problem: `data.csv:14:3 (sepal_width): found "abc", expected a number`.
    public var description: String {
        lines.joined(separator: "\n")
    }

    /// The problems, one line each.
    public var lines: [String] { problems.map { describe($0) } }

    private func describe(_ problem: Problem) -> String {
        var place = file
        if let line = problem.line {
            place += ":\(line)"
            if let column = problem.column {
                place += ":\(column)"
            }
        }
        if let name = problem.columnName, !name.isEmpty, problem.column != nil {  // "()" would say nothing
            place += " (\(name))"
        }
        return place + ": " + problem.message
    }
}
