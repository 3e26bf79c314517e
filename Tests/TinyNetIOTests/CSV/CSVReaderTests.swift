import Foundation
import TestScratch
import Testing
import TinyNet

@testable import TinyNetIO

/// Reads CSV text as the file "data.csv", handing it over `chunkSize` bytes at a time.
private func readCSV(
    _ text: String, label: LabelColumn = .auto, featureColumns: [String]? = nil, options: CSVOptions = CSVOptions(),
    chunkSize: Int = 1 << 20
) throws -> CSVTable {
    try CSVReader.read(
        bytes: Array(text.utf8), name: "data.csv", label: label, featureColumns: featureColumns, options: options,
        chunkSize: chunkSize)
}

/// The message of the DataError that reading `text` throws ("" if it reads fine).
private func csvError(
    _ text: String, label: LabelColumn = .auto, featureColumns: [String]? = nil, options: CSVOptions = CSVOptions()
) -> String {
    do {
        _ = try readCSV(text, label: label, featureColumns: featureColumns, options: options)
        return ""
    } catch let error as DataError {
        return error.description
    } catch {
        return "unexpected error \(error)"
    }
}

@Suite struct CSVReaderTests {
    static let expectedFeatures: [Double] = [1, -0.5, 0.001, 0.5, 2, 1]
    static let expectedLabels = ["x", "y", "z"]

    /// Spellings of the same 3 × 2 matrix with labels x, y, z.
    static let validInputs: [(String, String, CSVOptions)] = [
        ("plain", "a,b,label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z\n", CSVOptions()),
        ("no trailing newline", "a,b,label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z", CSVOptions()),
        ("CRLF", "a,b,label\r\n1,-0.5,x\r\n1e-3,.5,y\r\n+2,1.,z\r\n", CSVOptions()),
        ("BOM", "\u{FEFF}a,b,label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z\n", CSVOptions()),
        ("quoted", "\"a\",\"b\",\"label\"\n\"1\",\"-0.5\",\"x\"\n1e-3,\".5\",\"y\"\n+2,1.,\"z\"\n", CSVOptions()),
        (
            "doubled quotes in a header", "a,\"b \"\"2\"\", with comma\",label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z\n",
            CSVOptions()
        ),
        ("tab separated", "a\tb\tlabel\n1\t-0.5\tx\n1e-3\t.5\ty\n+2\t1.\tz\n", CSVOptions(delimiter: 9)),
        ("semicolons", "a;b;label\n1;-0.5;x\n1e-3;.5;y\n+2;1.;z\n", CSVOptions(delimiter: UInt8(ascii: ";"))),
        ("exponents", "a,b,label\n1E0,-5e-1,x\n0.1e-2,5E-1,y\n0.2e+1,10e-1,z\n", CSVOptions()),
        ("more exponents", "a,b,label\n10e-1,-.5E0,x\n1000e-6,0.05e1,y\n200e-2,1.000,z\n", CSVOptions()),
        ("long mantissas", "a,b,label\n1.00000000000000000000000,-0.50000000000000000000000001,x\n"
            + "0.001000000000000000000000,.5,y\n2,1,z\n", CSVOptions()),
        ("spaces around fields", "a, b ,label\n 1 , -0.5,x\n1e-3 ,.5 , y\n\t+2,1.\t,z \n", CSVOptions()),
        ("trailing blank lines", "a,b,label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z\n\n\n", CSVOptions()),
        ("trailing blank CRLF lines", "a,b,label\r\n1,-0.5,x\r\n1e-3,.5,y\r\n+2,1.,z\r\n\r\n  \r\n", CSVOptions()),
        ("leading blank lines", "\n\na,b,label\n1,-0.5,x\n1e-3,.5,y\n+2,1.,z\n", CSVOptions()),
        ("old Mac line endings", "a,b,label\r1,-0.5,x\r1e-3,.5,y\r+2,1.,z\r", CSVOptions()),
    ]

    @Test(arguments: validInputs.map { $0.0 })
    func validSpellingsReadTheSameMatrix(name: String) throws {
        let (_, text, options) = Self.validInputs.first { $0.0 == name }!
        for chunkSize in [1, 2, 7, 1 << 20] {
            let table = try readCSV(text, options: options, chunkSize: chunkSize)
            #expect(table.rowCount == 3)
            #expect(table.features == Self.expectedFeatures, "\(name), chunk \(chunkSize)")
            #expect(table.labels == Self.expectedLabels, "\(name), chunk \(chunkSize)")
            #expect(table.labelName == "label")
            #expect(table.featureNames.count == 2)
        }
    }

    /// A word in a feature column of the first row, while the label is the last column by default (no
    /// column is named "label"), names the flag that makes that column the label; not when --label was
    /// given or a column is named "label", not for a typo further down, a mistyped number or an empty field.
    @Test func textInTheFirstRowSuggestsTheLabelFlag() {
        let text = "sepal,species,width\n1,setosa,2\n3,virginica,4\n"
        #expect(csvError(text) == "data.csv:2:2 (species): found \"setosa\", expected a number; if \"species\" holds the labels, "
            + "pass --label species (without it the label is the column named \"label\", else the last, here \"width\")")
        #expect(csvError(text, label: .name("width")) == "data.csv:2:2 (species): found \"setosa\", expected a number")
        #expect(!csvError("a,label\ncat,x\n").contains("--label"))
        #expect(!csvError("a,b\n1,x\ny,z\n").contains("--label"))
        #expect(!csvError("a,b\n1e,x\n").contains("--label"))
        #expect(!csvError("a,b,c\n1,,x\n").contains("--label"))
        // The name as a shell word: quoted when it needs to be, and no hint for a name read as a negative index.
        #expect(csvError("a,my class,c\n1,cat,x\n").contains("pass --label 'my class' ("))
        #expect(csvError("a,class's,c\n1,cat,x\n").contains("pass --label 'class'\\''s' ("))
        #expect(csvError("a,$cls,c\n1,cat,x\n").contains("pass --label '$cls' ("))
        #expect(!csvError("a,-3,c\n1,cat,x\n").contains("--label"))
        // The empty last column a trailing delimiter makes, chosen as the label on purpose, needs no hint about it.
        #expect(csvError("a,b,\nq,1,x\n", label: .index(2)) == "data.csv:2:1 (a): found \"q\", expected a number")
    }

    @Test func headerNamesAreUnquoted() throws {
        let table = try readCSV("a,\"b \"\"2\"\", with comma\",label\n1,2,x\n")
        #expect(table.header == ["a", "b \"2\", with comma", "label"])
        #expect(table.featureNames == ["a", "b \"2\", with comma"])
    }

    static let invalidInputs: [(String, String)] = [
        ("a,b,label\n1,2,x\n3,x4,y\n", "data.csv:3:2 (b): found \"x4\", expected a number"),
        ("a,b,label\n1,2\n", "data.csv:2:3 (label): found 2 fields, expected 3"),
        ("a,b,label\n1\n", "data.csv:2:2 (b): found 1 field, expected 3"),
        ("a,b,label\n1,2,x,4\n", "data.csv:2:4: found 4 fields, expected 3"),
        ("a,b,label\n1,,x\n", "data.csv:2:2 (b): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,  ,x\n", "data.csv:2:2 (b): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,\"\",x\n", "data.csv:2:2 (b): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,NaN,x\n", "data.csv:2:2 (b): found NaN, expected a finite number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\nnan,1,x\n", "data.csv:2:1 (a): found nan, expected a finite number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,b,label\n1,-inf,x\n", "data.csv:2:2 (b): found -inf, expected a finite number"),
        ("a,b,label\n1,Infinity,x\n", "data.csv:2:2 (b): found Infinity, expected a finite number"),
        (
            "a,b,label\n1,1e400,x\n",
            "data.csv:2:2 (b): found \"1e400\", which overflows a Double; expected a finite number"
        ),
        ("a,b,label\n0x10,1,x\n", "data.csv:2:1 (a): found \"0x10\", expected a number"),
        ("a,b,label\n1e,1,x\n", "data.csv:2:1 (a): found \"1e\", expected a number"),
        ("a,b,label\n1.2.3,1,x\n", "data.csv:2:1 (a): found \"1.2.3\", expected a number"),
        ("a,b,label\n--1,1,x\n", "data.csv:2:1 (a): found \"--1\", expected a number"),
        ("a,b,label\n.,1,x\n", "data.csv:2:1 (a): found \".\", expected a number"),
        ("a,b,label\n1 2,1,x\n", "data.csv:2:1 (a): found \"1 2\", expected a number"),
        ("a,b,label\n1,2,x\n\n3,4,y\n", "data.csv:3: empty line, expected a row of 3 fields (blank lines are allowed only at the end of the file)"),
        ("a,b,label\n1,2,\n", "data.csv:2:3 (label): empty label"),
        ("a,b,label\n1,2,\"two\nlines\"\n3,q,y\n", "data.csv:4:2 (b): found \"q\", expected a number"),
        ("a,b,label\n1,2,\"x\n", "data.csv:2:3 (label): unterminated quoted field: a quote opens it and is never closed, so the rest of the file was read as this one field"),
        // A quote never closed takes the rest of the file into one field: that is the problem, not the field count.
        ("a,b,label\n1,2,x\n\"3,4,y\n5,6,x\n", "data.csv:3:1 (a): unterminated quoted field: a quote opens it and is never closed, so the rest of the file was read as this one field"),
        ("a,b,label\n1,\"2\"x,y\n", "data.csv:2:2 (b): unexpected text after the closing quote of a quoted field"),
        ("a,\"b\nc\",label\n1,2,x\n3,y,z\n", "data.csv:4:2 (b\nc): found \"y\", expected a number"),
        ("", "data.csv:1:1: file is empty, expected a header row"),
        ("\u{FEFF}", "data.csv:1:1: file is empty, expected a header row"),
        ("\n\r\n  \n", "data.csv:4:1: file holds only blank lines, expected a header row"),
        ("a,b,label\n", "data.csv:2:1: expected a data row after the header (line 1), found the end of the file"),
        ("a,b,label", "data.csv:2:1: expected a data row after the header (line 1), found the end of the file"),
        ("a,b,label\n\n\n", "data.csv:2:1: expected a data row after the header (line 1), found the end of the file"),
        ("\na,b,label\n", "data.csv:3:1: expected a data row after the header (line 2), found the end of the file"),
        ("a,\"b,label\n1,2,3\n", "data.csv:1:2: unterminated quoted field: a quote opens it and is never closed, so the rest of the file was read as this one field"),
    ]

    @Test(arguments: invalidInputs.indices)
    func invalidInputIsPlacedByLineAndColumn(index: Int) {
        let (text, expected) = Self.invalidInputs[index]
        #expect(csvError(text) == expected)
    }

    /// A file too large to hold is refused (pointing at --stream) before the matrix grows past memory.
    @Test func aTableTooLargeForMemoryIsRefused() throws {
        // 2.5 · 8 bytes · 1 000 000 rows · 100 features = 2 GB.
        try CSVReader.checkTableFitsInMemory(rows: 1_000_000, features: 100, available: MemoryBound(bytes: 2.1e9, source: "this machine has"), file: "big.csv")
        do {
            try CSVReader.checkTableFitsInMemory(rows: 1_000_000, features: 100, available: MemoryBound(bytes: 1.9e9, source: "this machine has"), file: "big.csv")
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect("\(error)".hasPrefix("big.csv: about 1000000 rows × 100 features would take about 2.0 GB"), "\(error)")
            #expect("\(error)".contains("train --stream"))
        }
    }

    /// A row that never ends (a quote never closed, so the line breaks after it are text; or binary input such
    /// as /dev/zero) is refused once it passes 64 MB, naming the line it starts on, not read until memory runs out.
    @Test func aLineWithoutEndIsRefused() throws {
        // One byte more than the limit, read 1 MB or 64 KB at a time.
        let rest = [UInt8](repeating: UInt8(ascii: "\n"), count: ChunkedInput.maxLineBytes + 1)
        let bytes = [UInt8]("a,label\n1,x\n\"2,y\n".utf8) + rest
        for chunkSize in [1 << 20, 1 << 16] {  // a file's reads, a pipe's
            do {
                _ = try readCSV(String(decoding: bytes, as: UTF8.self), chunkSize: chunkSize)
                Issue.record("expected an error")
            } catch let error as DataError {
                #expect("\(error)" == "data.csv:3: the row that starts here has no line break in 64 MB: a quote is never closed "
                            + "(in a quoted field a line break is text), or this is not CSV text")
            }
        }
        // The header's line is named too, after any blank lines before it (/dev/zero: line 1).
        let header = [UInt8]("\n \n".utf8) + [UInt8](repeating: 0, count: ChunkedInput.maxLineBytes + 1)
        let error = #expect(throws: DataError.self) { try readCSV(String(decoding: header, as: UTF8.self)) }
        #expect(error.map { "\($0)" } == "data.csv:3: the header that starts here has no line break in 64 MB: a quote is never closed "
                    + "(in a quoted field a line break is text), or this is not CSV text")
    }

    @Test func missingLabelColumnNamesTheColumns() {
        #expect(
            csvError("a,b,label\n1,2,x\n", label: .name("y"))
                == "data.csv:1: label column \"y\" not found; the columns are: a, b, label")
        #expect(
            csvError("a,b,label\n1,2,x\n", label: .index(3))
                == "data.csv:1: label column index 3 is out of range: the file has 3 columns (0 to 2)")
    }

    @Test func maxErrorsCollectsSeveralProblemsAndSkipsBadRows() {
        let text = "a,b,label\n1,2,x\n1,?,x\n1,2\n\n5,6,y\n7,8,z,9\n1,2,\n"
        let all = csvError(text, options: CSVOptions(maxErrors: 10))
        #expect(
            all == """
                data.csv:3:2 (b): found "?", expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)
                data.csv:4:3 (label): found 2 fields, expected 3
                data.csv:5: empty line, expected a row of 3 fields (blank lines are allowed only at the end of the file)
                data.csv:7:4: found 4 fields, expected 3
                data.csv:8:3 (label): empty label
                """)
        let two = csvError(text, options: CSVOptions(maxErrors: 2))
        #expect(two.split(separator: "\n").count == 2)
        #expect(csvError(text).split(separator: "\n") == ["data.csv:3:2 (b): found \"?\", expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"])
    }

    @Test func severalBadFieldsInOneRowAreEachReported() {
        let message = csvError("a,b,c,label\nq,1,r,x\n", options: CSVOptions(maxErrors: 5))
        #expect(
            message == """
                data.csv:2:1 (a): found "q", expected a number
                data.csv:2:3 (c): found "r", expected a number
                """)
    }

    @Test func featureColumnsSelectAndReorder() throws {
        let text = "a,b,c,label\n1,2,3,x\n4,5,6,y\n"
        let table = try readCSV(text, label: .name("label"), featureColumns: ["c", "a"])
        #expect(table.featureNames == ["c", "a"])
        #expect(table.features == [3, 1, 6, 4])
        #expect(table.ignoredColumns == ["b"])
        #expect(table.labels == ["x", "y"])
        #expect(table.header == ["a", "b", "c", "label"])
        // A column that is not selected may hold anything.
        let loose = try readCSV("a,note,label\n1,,x\n2,\"free, text\",y\n", featureColumns: ["a"])
        #expect(loose.features == [1, 2])
        #expect(loose.ignoredColumns == ["note"])
    }

    /// Labels and column names must be UTF-8: Latin-1 bytes would be replaced by U+FFFD, trained on and
    /// written back as text the file never had. UTF-8 text passes as it is.
    @Test func textThatIsNotUTF8IsAnErrorNamingItsField() throws {
        func read(_ bytes: [UInt8]) throws -> CSVTable {
            try CSVReader.read(bytes: bytes, name: "data.csv", label: .auto, featureColumns: nil, options: CSVOptions(), chunkSize: 1 << 20)
        }
        let latin1Label = Array("a,label\n1,caf".utf8) + [0xE9] + Array("\n2,bar\n".utf8)
        #expect(throws: DataError.self) { try read(latin1Label) }
        do { _ = try read(latin1Label) } catch {
            #expect("\(error)".hasPrefix("data.csv:2:2 (label): found text that is not UTF-8"), "\(error)")
        }
        let latin1Header = Array("a".utf8) + [0xFF] + Array(",label\n1,x\n".utf8)
        do { _ = try read(latin1Header); Issue.record("a Latin-1 column name was accepted") } catch {
            #expect("\(error)".hasPrefix("data.csv:1:1: found text that is not UTF-8"), "\(error)")
        }
        let utf8 = try read(Array("größe,label\n1,café\n2,\"ça, va\"\n".utf8))
        #expect(utf8.featureNames == ["größe"] && utf8.labels == ["café", "ça, va"])
    }

    /// Columns are found by name, so a name used twice would train a model that eval cannot match.
    @Test func aDuplicatedColumnNameIsAnErrorWhenTheColumnIsUsed() throws {
        #expect(csvError("a,b,a,label\n1,2,3,x\n")
            == "data.csv:1: the header names 2 columns \"a\" (columns 1, 3); columns are matched by name, so rename them")
        #expect(csvError("a,label,label\n1,x,y\n").contains("2 columns \"label\" (columns 2, 3)"))
        #expect(csvError("a,b,a,label\n1,2,3,x\n", featureColumns: ["a", "b"]).contains("2 columns \"a\""))
        // Duplicates among the columns a checkpoint does not use are ignored.
        let table = try readCSV("a,note,note,label\n1,p,q,x\n", featureColumns: ["a"])
        #expect(table.features == [1] && table.ignoredColumns == ["note", "note"])
    }

    @Test func missingFeatureColumnIsNamed() {
        let text = "a,b,c,label\n1,2,3,x\n"
        #expect(
            csvError(text, featureColumns: ["a", "z"])
                == "data.csv:1: missing feature column \"z\"; the columns are: a, b, c, label")
        #expect(csvError(text, featureColumns: ["y", "a", "z"]).contains("missing feature columns \"y\", \"z\""))
        #expect(
            csvError(text, featureColumns: ["a", "label"])
                == "data.csv:1: column \"label\" is selected both as the label and as a feature")
    }

    @Test func labelsAreText() throws {
        let text =
            "f,species\n1,setosa\n2,\"Iris \"\"virginica\"\"\"\n3,\"a, b\"\n4,\"two\r\nlines\"\n5, spaced \n6,7\n"
        let table = try readCSV(text)
        #expect(table.labels == ["setosa", "Iris \"virginica\"", "a, b", "two\r\nlines", "spaced", "7"])
        #expect(table.features == [1, 2, 3, 4, 5, 6])
        #expect(table.rowLines == [2, 3, 4, 5, 7, 8])
    }

    @Test func labelChoices() throws {
        let text = "a,label,b\n1,x,2\n3,y,4\n"
        let auto = try readCSV(text)
        #expect(auto.labelName == "label")
        #expect(auto.featureNames == ["a", "b"])
        let byIndex = try readCSV("a,label,b\n1,2,3\n3,4,5\n", label: .index(0))
        #expect(byIndex.labels == ["1", "3"])
        #expect(byIndex.features == [2, 3, 4, 5])
        #expect(byIndex.featureNames == ["label", "b"])
        let last = try readCSV("a,b,target\n1,2,3\n")
        #expect(last.labelName == "target")
        #expect(last.features == [1, 2])
        let none = try readCSV("a,b\n1,2\n", label: .none)
        #expect(none.labelName == nil)
        #expect(none.labels.isEmpty)
        #expect(none.features == [1, 2])
    }

    /// A line break inside quotes counts as a line in CR-only (old Mac) files as in LF and CRLF ones.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func quotedLineBreaksCountForEveryLineEnding(_ eol: String) throws {
        let text = ["a,b,label", "1,2,\"x\(eol)y\"", "3,,1"].joined(separator: eol) + eol
        let error = #expect(throws: DataError.self) { try readCSV(text) }
        #expect(error?.description == "data.csv:4:2 (b): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)", "\(String(describing: error))")
    }

    /// A message shows a field's control characters escaped, so that it stays one line.
    @Test func controlCharactersInAFieldAreEscapedInMessages() throws {
        let error = #expect(throws: DataError.self) { try readCSV("a,label\n\"1\n2\u{0}\",x\n") }
        #expect(error?.description == "data.csv:2:1 (a): found \"1\\n2\\U00000000\", expected a number", "\(String(describing: error))")
    }

    /// Labels and column names are printed and written back: a control character in one (an escape
    /// sequence would drive the terminal) is refused by line and column, C1 controls too.
    @Test(arguments: ["a,label\n1,\"x\u{1B}]0;pwn\u{7}\"\n", "a,\"b\u{7}\",label\n1,2,x\n", "a,label\n1,\"caf\u{9B}\"\n"])
    func controlCharactersInLabelsAndNamesAreRefused(_ text: String) throws {
        let error = #expect(throws: DataError.self) { try readCSV(text) }
        #expect(error?.description.contains("found a control character") == true, "\(String(describing: error))")
        #expect(try readCSV("a,label\n1,\"tab\there\"\n").labels == ["tab\there"], "a tab is text")
    }

    @Test func aUTF16FileIsNamedAsSuch() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("a,label\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let error = #expect(throws: DataError.self) { try CSVReader.read(bytes: bytes, name: "u16.csv", label: .auto) }
        #expect(error?.description.contains("u16.csv:1: the file is UTF-16") == true && error?.description.contains("iconv -f utf-16") == true)
    }

    /// Without a byte-order mark, UTF-16 text is named by its zero bytes and its byte order.
    @Test(arguments: [true, false]) func aUTF16FileWithoutItsMarkIsNamedAsSuch(littleEndian: Bool) throws {
        let bytes = Array("a,label\n1,x\n".utf16.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        let error = #expect(throws: DataError.self) { try CSVReader.read(bytes: bytes, name: "u16.csv", label: .auto) }
        #expect(error?.description == "u16.csv:1: the file looks like UTF-16 (every other byte is zero); "
                    + "convert it to UTF-8, e.g. iconv -f utf-16\(littleEndian ? "le" : "be") -t utf-8", "\(String(describing: error))")
    }

    @Test func optionalLabelWithAndWithoutTheColumn() throws {
        // predict's label column is skipped unread (an empty one is fine) and not reported as ignored.
        let with = try readCSV("a,b,label,other\n1,2,,3\n", label: .optionalName("label"), featureColumns: ["a", "b"])
        #expect(with.labelName == nil)
        #expect(with.labels.isEmpty)
        #expect(with.features == [1, 2])
        #expect(with.ignoredColumns == ["other"])
        let without = try readCSV("b,a\n2,1\n", label: .optionalName("label"), featureColumns: ["a", "b"])
        #expect(without.labelName == nil)
        #expect(without.labels.isEmpty)
        #expect(without.features == [1, 2])
        let noSelection = try readCSV("a,b\n1,2\n", label: .optionalName("label"))
        #expect(noSelection.featureNames == ["a", "b"])
    }

    @Test func withoutHeaderColumnsAreNumbered() throws {
        let table = try readCSV("1,2,x\n3,4,y\n", options: CSVOptions(hasHeader: false))
        #expect(table.header == ["c0", "c1", "c2"])
        #expect(table.labelName == "c2")
        #expect(table.rowCount == 2)
        #expect(table.features == [1, 2, 3, 4])
        #expect(
            csvError("1,2,x\n3,q,y\n", options: CSVOptions(hasHeader: false))
                == "data.csv:2:2 (c1): found \"q\", expected a number")
    }

    /// Read without a header, a first line of words only (two or more, none a number) is most likely a
    /// header: the error says to drop --no-header instead of suggesting --label c0. Not for a first row with
    /// a number in it, a word further down, or a one-column file.
    @Test func aHeaderReadAsDataIsNamed() {
        let noHeader = CSVOptions(hasHeader: false)
        let hint = "; the first line looks like a header (none of its fields is a number), but it is read as data "
            + "because of --no-header (header = false in a config): drop that"
        #expect(csvError("a,b,label\n1,2,x\n", options: noHeader) == "data.csv:1:1 (c0): found \"a\", expected a number" + hint)
        #expect(csvError("species,a,b\nx,1,2\n", label: .index(0), options: noHeader)
            == "data.csv:1:2 (c1): found \"a\", expected a number" + hint)
        var regression = noHeader
        regression.numericLabel = true
        #expect(csvError("y,a\n1,2\n", label: .index(0), options: regression)
            == "data.csv:1:1 (c0): found \"y\", expected a finite number as the regression target" + hint)
        #expect(!csvError("cat,2,x\n1,2,y\n", options: noHeader).contains("header"))
        #expect(!csvError("1,2,x\nq,r,y\n", options: noHeader).contains("header"))
        #expect(!csvError("a,b,label\n1,2,x\n").contains("header"))
        // Said once, at the row's first problem, with --max-errors too.
        var all = noHeader
        all.maxErrors = 10
        #expect(csvError("a,b,label\n1,2,x\n", options: all).components(separatedBy: "looks like a header").count == 2)
    }

    /// The header hint is for the first line only: a word further down, read with --max-errors, is a typo in
    /// the data (a feature or a regression target), not the header; nor is a first row with an empty field, or
    /// the one field of a one-column file, a header.
    @Test func theHeaderAsDataHintIsForTheFirstLineOnly() {
        var noHeader = CSVOptions(hasHeader: false)
        noHeader.maxErrors = 5
        let lines = csvError("a,b,label\n1,2,x\nq,2,y\n", options: noHeader).split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasSuffix("drop that"), "\(lines)")
        #expect(lines.last == "data.csv:3:1 (c0): found \"q\", expected a number", "\(lines)")
        var regression = noHeader
        regression.numericLabel = true
        let targets = csvError("y,a\n1,2\nz,3\n", label: .index(0), options: regression).split(separator: "\n")
        #expect(targets.count == 3 && targets[0].hasSuffix("drop that"), "\(targets)")
        #expect(targets.last == "data.csv:3:1 (c0): found \"z\", expected a finite number as the regression target", "\(targets)")
        #expect(!csvError("a,,label\n1,2,x\n", options: noHeader).contains("header"))
        #expect(csvError("y\n1\n2\n", options: regression) == "data.csv:1:1 (c0): found \"y\", expected a finite number as the regression target")
    }

    /// A quoted line break in the header moves the data down a line: problems name the line they are on.
    @Test func aLineBreakInTheHeaderCountsInTheLineNumbers() {
        #expect(csvError("\"two\nlines\",label\nq,x\n").hasPrefix("data.csv:3:1 "))
    }

    /// A header that holds the wanted columns once split at another separator says which to pass, however
    /// the columns were asked for (the label by name alone), and blanks after the separators do not hide
    /// it; problems of columns that are all there (a label also listed as a feature) are said as they are.
    @Test func aHeaderOfAnotherSeparatorIsNamed() {
        #expect(csvError("a;b;y\n1;2;3\n", label: .name("y")).contains("the header looks ';'-separated, not ','-separated"))
        #expect(csvError("a; b; label\n1; 2; x\n", featureColumns: ["a", "b"]).contains("the header looks ';'-separated, not ','-separated"))
        let both = csvError("a,b,label\n1,2,x\n", label: .name("a"), featureColumns: ["a", "b"])
        #expect(both.contains("column \"a\" is selected both as the label and as a feature") && !both.contains("separated"), "\(both)")
    }

    /// The numpy comment-header hint is for rows one field short of the header (the "#" it counts), not longer ones.
    @Test func theCommentHeaderHintIsForRowsOneFieldShort() {
        let space = CSVOptions(delimiter: UInt8(ascii: " "))
        #expect(csvError("# f0 f1 label\n1 2 3\n", options: space).contains("the header's first field is \"#\""))
        #expect(csvError("# f0 f1 label\n1 2 3 4 5\n", options: space) == "data.csv:2:5: found 5 fields, expected 4")
    }

    @Test func labelColumnParsing() {
        #expect(LabelColumn(parsing: "3") == .index(3))
        #expect(LabelColumn(parsing: "species") == .name("species"))
        #expect(LabelColumn(parsing: "3a") == .name("3a"))
    }

    @Test func errorDescriptionFormat() {
        let error = DataError(
            file: "d.csv",
            problems: [
                .init(line: 14, column: 3, columnName: "sepal_width", message: "found \"abc\", expected a number"),
                .init(line: 2, message: "empty row"),
                .init(message: "file is empty"),
            ])
        #expect(
            error.description == """
                d.csv:14:3 (sepal_width): found "abc", expected a number
                d.csv:2: empty row
                d.csv: file is empty
                """)
    }

    @Test func missingFileIsReported() {
        do {
            _ = try CSVReader.read(path: "/nonexistent-dir/data.csv", label: .auto)
            Issue.record("reading a missing file succeeded")
        } catch let error as DataError {
            #expect(error.description == "/nonexistent-dir/data.csv: cannot open file: No such file or directory")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func directoryIsReported() {
        let directory = NSTemporaryDirectory()
        #expect(throws: DataError.self) { try CSVReader.read(path: directory, label: .auto) }
        do {
            _ = try CSVReader.read(path: directory, label: .auto)
        } catch {
            #expect("\(error)" == "\(directory): cannot read file: it is a directory")
        }
    }

    @Test func readsFromAFile() throws {
        let path = try Scratch.path("d.csv")
        try Data("a,b,label\n1,2,x\n3,4,y\n".utf8).write(to: URL(fileURLWithPath: path))
        let table = try CSVReader.read(path: path, label: .auto)
        #expect(table.path == path)
        #expect(table.features == [1, 2, 3, 4])
    }
}

@Suite struct CSVNumberTests {
    @Test func randomDoublesRoundTripBitExactly() throws {
        var rng = SeededGenerator(seed: 20_240_601)
        var values: [Double] = []
        while values.count < 3000 {
            let value: Double
            switch values.count % 3 {
            case 0: value = Double(bitPattern: rng.next())  // any exponent, subnormals included
            case 1: value = Double.random(in: -1000...1000, using: &rng)
            default:
                let scale = pow(10, Double(Int.random(in: -30...30, using: &rng)))
                value = Double.random(in: -1...1, using: &rng) * scale
            }
            if value.isFinite { values.append(value) }
        }
        var text = "a,b,c,label\n"
        for row in stride(from: 0, to: values.count, by: 3) {
            let (a, b, c) = (values[row], values[row + 1], values[row + 2])
            text += String(format: "%.17g,%.17g", a, b) + ",\(c),k\n"  // C's and Swift's shortest spellings
        }
        let table = try readCSV(text)
        #expect(table.rowCount == 1000)
        let mismatches = zip(table.features, values).filter { $0.0.bitPattern != $0.1.bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    static let trickySpellings = [
        "0.1", "-0", "-0.0", "0e999", "007", "1e22", "1e23", "123e25", "9007199254740992", "9007199254740993",
        "18446744073709551615", "18446744073709551616", "1234567890123456789", "12345678901234567890",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2e-324", "1e-400",
        "1.7976931348623157e308", "0.000000000000000000000000000001", "3.14159265358979323846264338327950288",
        "+.5e-2", "5.", "-1.e3", "1E+0", "100000000000000000000000000000e-30", "0.30000000000000004",
        "8.98846567431158e307", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "999999999999999999999",
        // Leading zeros, fractions only, exactly 19 or 20 significant digits, the ±27 exponent edges.
        "0.0", "00.00100", ".000123", "0000000000000000000000001", "1234567890123456789.0", "0.1234567890123456789",
        "12345678901234567890e-5", "9999999999999999999", "-0.0000", "1e-27", "123456789012345678e-27",
        "1.5e27", "98765432109876543.21e-28", "-4.000000000000000001e28",
    ]

    @Test func spellingsParseLikeSwift() throws {
        let text = "x,label\n" + Self.trickySpellings.map { "\($0),k\n" }.joined()
        let table = try readCSV(text)
        for (spelling, value) in zip(Self.trickySpellings, table.features) {
            #expect(value.bitPattern == Double(spelling)!.bitPattern, "\(spelling)")
        }
    }

    /// Short decimals as spreadsheets and `%.4f` write them (`-12.3456`, `.5`, `7.`, `-0.0`), which the row
    /// parser's fast path reads up to 15 digits, parse bit for bit like Swift's Double(String), at the
    /// 15/16-digit boundary where the fast path hands over too.
    @Test func shortDecimalsParseLikeSwift() throws {
        var rng = SeededGenerator(seed: 3)
        var spellings = ["-0.0", ".5", "-.5", "7.", "-7", "000.000", "0.1", "-999999999999999", "999999999999999.9",
                         "123456789012345.6", "123456789012345.", "-123456789012345.67891", "0.000000000000001",
                         "-1.000000000000001", "1234567890123456789.5", "-0.12345678901234567890123"]
        while spellings.count < 20_000 {
            let integerDigits = Int.random(in: 0...9, using: &rng), fractionDigits = Int.random(in: 0...9, using: &rng)
            guard integerDigits + fractionDigits > 0 else { continue }
            let digits = { (n: Int) in String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
            let sign = Bool.random(using: &rng) ? "-" : ""
            let point = fractionDigits > 0 || Bool.random(using: &rng) ? "." : ""
            spellings.append(sign + digits(integerDigits) + point + digits(fractionDigits))
        }
        try expectReadLikeSwift(spellings)
    }

    /// A "." or "-" delimiter (refused for new runs, but a checkpoint of an earlier version may hold one) is no
    /// decimal point or sign, and "/" and ":", the bytes on either side of the digits, end a number: the fields
    /// between them read as numbers, whole and cut by the buffer (rows longer than the 32 bytes the
    /// eight-bytes-at-a-time path looks ahead).
    @Test func delimitersBesideDigitsSeparateNumbers() throws {
        for delimiter in [".", "-", "/", ":"] {
            let values = (0..<40).map { ($0 * 7919) % 1000 }
            let header = "label\(delimiter)" + (0..<40).map { "f\($0)" }.joined(separator: delimiter) + "\n"
            let row = "k\(delimiter)" + values.map(String.init).joined(separator: delimiter) + "\n"
            let options = CSVOptions(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
            for chunkSize in [1 << 20, 7] {
                let table = try readCSV(header + row + row, options: options, chunkSize: chunkSize)
                #expect(table.features == (values + values).map(Double.init), "\(delimiter), chunks of \(chunkSize)")
            }
        }
    }

    /// With a byte of a number as the delimiter (a checkpoint of an earlier version may hold one), a field is
    /// cut at the delimiter before it is read: "1e+5" read with "+" is the fields "1e" and "5", never 100000.
    @Test func aDelimiterThatIsAByteOfANumberCutsTheFieldFirst() throws {
        for (delimiter, text) in [("+", "a+k\n1e+5+x\n2+y\n"), ("-", "a-k\n1e-5-x\n2-y\n"), ("-", "a-k\n-5-x\n2-y\n"),
                                  (".", "a.k\n.5.x\n2.y\n"), ("e", "aek\n1e5ex\n2ey\n"), ("7", "a7k\n1727x\n27y\n")] {
            let options = CSVOptions(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
            let error = #expect(throws: DataError.self, "\(text.debugDescription)") { try readCSV(text, options: options) }
            #expect(error.map { "\($0)" }?.hasPrefix("data.csv:2:") == true, "\(String(describing: error))")
        }
        // "1.5712.2573" is 1.5, 12.25 and label 3; "2.0703.57x" is 2.0, 3.5 and label x.
        let table = try readCSV("a7b7k\n1.5712.2573\n2.0703.57x\n", options: CSVOptions(delimiter: UInt8(ascii: "7")))
        #expect(table.features == [1.5, 12.25, 2.0, 3.5])
    }

    /// Random doubles spelled shortest-round-trip (Swift's description, like Python's repr and pandas' to_csv:
    /// "94.17154046806644", "-0.0031415926535897933", "1.2e-05") read back to the very same bits: 15 to 17
    /// significant digits, the fraction's digits eight at a time.
    @Test func roundTripSpellingsReadBackExactly() throws {
        var rng = SeededGenerator(seed: 13)
        var spellings: [String] = []
        while spellings.count < 20_000 {
            let scale = pow(10, Double(Int.random(in: -6...8, using: &rng)))
            spellings.append("\(rng.nextNormal() * scale)")
        }
        try expectReadLikeSwift(spellings)
    }

    /// Numbers with an exponent as numpy's savetxt ("1.193243255224788468e+00") and pandas ("1e-05") write
    /// them, 1 to 19 digits, read on the fast path: bit for bit like Double(String), whole and cut by the buffer.
    @Test func exponentSpellingsParseLikeSwift() throws {
        var rng = SeededGenerator(seed: 11)
        var spellings = ["1e-05", "-2.5E+10", "1.e5", ".5e1", "0e0", "-0.0e+00", "9.999999999999999999e307", "1.0e-320", "7e22", "123456789012345678e-40"]
        while spellings.count < 20_000 {
            let count = Int.random(in: 1...19, using: &rng), integerDigits = Int.random(in: 0...count, using: &rng)
            let digits = String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let mantissa = digits.prefix(integerDigits) + (integerDigits < count || Bool.random(using: &rng) ? "." : "") + digits.dropFirst(integerDigits)
            let exponent = Int.random(in: -30...30, using: &rng)
            let e = ["e", "E"].randomElement(using: &rng)!, sign = exponent < 0 ? "-" : (Bool.random(using: &rng) ? "+" : "")
            let magnitude = abs(exponent) < 10 && Bool.random(using: &rng) ? "0\(abs(exponent))" : "\(abs(exponent))"
            spellings.append((Bool.random(using: &rng) ? "-" : "") + mantissa + e + sign + magnitude)
        }
        try expectReadLikeSwift(spellings)
    }

    /// 16- to 19-digit numbers (the 17-digit floats pandas writes), which the x87 extended-precision
    /// path reads, parse bit for bit like Swift's correctly rounded Double(String). Half are spelled
    /// within a few units of the 19th digit of a point halfway between two Doubles, where rounding
    /// twice (to Float80, then to Double) could go wrong and the parser must notice and defer to strtod.
    @Test func longMantissasAndNearHalfwayPointsParseExactly() throws {
        var rng = SeededGenerator(seed: 7)
        var spellings: [String] = []
        while spellings.count < 20_000 {
            let exponent = Int.random(in: -27...27, using: &rng) - 18
            if spellings.count % 2 == 0 {
                let digits = Int.random(in: 16...19, using: &rng)
                var mantissa = UInt64.random(in: 1...9, using: &rng)
                for _ in 1..<digits { mantissa = mantissa * 10 + UInt64.random(in: 0...9, using: &rng) }
                spellings.append("\(Bool.random(using: &rng) ? "-" : "")\(mantissa)e\(exponent + 19 - digits)")
            } else {
                // The halfway point above a random Double, exact in Float80, to 19 significant digits ± a few units.
                let d = Double.random(in: 1..<10, using: &rng) * pow(10, Double(exponent + 18))
                guard d.isNormal else { continue }
                let halfway = Float80(d) + Float80(d.ulp) / 2
                let scale = Float80.pow10(18 - Int(floor(log10(Double(halfway)))))
                let nearest = (halfway * scale).rounded()
                guard nearest < 1e19 else { continue }
                let mantissa = UInt64(nearest) &+ UInt64(bitPattern: Int64.random(in: -3...3, using: &rng))
                spellings.append("\(mantissa)e\(-Int(floor(log10(Double(scale)) + 0.5)))")
            }
        }
        try expectReadLikeSwift(spellings, inChunks: false)
    }

    /// Each spelling, as a one-feature column, reads bit for bit as Swift's correctly rounded Double(String):
    /// whole, and (`inChunks`) handed over 7 bytes at a time (numbers cut by the buffer's end).
    private func expectReadLikeSwift(_ spellings: [String], inChunks: Bool = true) throws {
        let text = "x,label\n" + spellings.map { "\($0),k\n" }.joined()
        for table in [try readCSV(text)] + (inChunks ? [try readCSV(text, chunkSize: 7)] : []) {
            let wrong = zip(spellings, table.features).filter { $0.1.bitPattern != Double($0.0)!.bitPattern }
            #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        }
    }
}

private extension Float80 {
    static func pow10(_ k: Int) -> Float80 {
        var p: Float80 = 1
        for _ in 0..<abs(k) { p *= 10 }
        return k < 0 ? 1 / p : p
    }
}
