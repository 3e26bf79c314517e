import ArgumentParser
import TinyNetIO

/// CSV reading flags shared by eval, predict and data.
struct CSVFlags: ParsableArguments {
    @Option(help: "CSV field separator (one character; \\t for tab). Default: eval and predict read as the model's training file was read; data reads commas.")
    var delimiter: String?
    @Flag(inversion: .prefixedNo, help: "The CSV's first row is a header. Default: eval and predict read as the model's training file was read; data: yes.")
    var header: Bool?
    @Option(parsing: .unconditional, help: "List up to N problems in the data before stopping.") var maxErrors = 1

    func validate() throws {
        if let delimiter, CSVOptions.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter must be \(CSVOptions.delimiterRule)")
        }
        guard maxErrors >= 1 else { throw ValidationError("--max-errors must be at least 1") }
    }

    /// The reading options: the flags given, else how `checkpoint`'s training file was read.
    func options(trainedWith checkpoint: Checkpoint? = nil) -> CSVOptions {
        let trained = checkpoint?.config
        let delimiterText = delimiter ?? trained?.delimiter ?? ","
        var options = CSVOptions(
            delimiter: CSVOptions.storedDelimiterByte(delimiterText) ?? UInt8(ascii: ","),
            hasHeader: header ?? trained?.header ?? true, maxErrors: maxErrors)
        // --no-header on a model trained without a header reads as the model does: a header line is then the file's.
        options.headerlessLikeTheModel = header != true && trained?.header == false
        options.ignoredColumns = trained?.ignoreColumns ?? []  // not warned of as columns the model does not use
        return options
    }
}
