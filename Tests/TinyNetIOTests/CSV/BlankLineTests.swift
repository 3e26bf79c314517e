import Testing

@testable import TinyNetIO

/// `blankLine` on the line at the start of `text`, as the CSV parsers call it.
private func blankLine(_ text: String, delimiter: Character = ",", atEOF: Bool) -> BlankLine {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        // A non-nil pointer for the empty buffer too: `end` is 0, so nothing is read.
        let p = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        return TinyNetIO.blankLine(p, 0, bytes.count, delimiter: delimiter.asciiValue!, atEOF: atEOF)
    }
}

@Suite struct BlankLineTests {
    @Test func aBlankLineEndsAfterItsLineEnding() {
        #expect(blankLine("\n1,2\n", atEOF: false) == .blank(next: 1))
        #expect(blankLine(" \t\n1,2\n", atEOF: false) == .blank(next: 3))
        #expect(blankLine("  \r\n1,2\n", atEOF: false) == .blank(next: 4))
        #expect(blankLine("\r1,2\n", atEOF: false) == .blank(next: 1))
    }

    @Test func aLineWithAnythingElseIsNotBlank() {
        #expect(blankLine("1,2\n", atEOF: false) == .notBlank)
        #expect(blankLine("  x\n", atEOF: true) == .notBlank)
        #expect(blankLine(",\n", atEOF: true) == .notBlank)
        #expect(blankLine("\t\n", delimiter: "\t", atEOF: true) == .notBlank)  // two empty fields
    }

    @Test func theEndOfTheBufferLeavesItUndecidedUnlessTheFileEndsThere() {
        #expect(blankLine("  ", atEOF: false) == .undecided)
        #expect(blankLine(" \r", atEOF: false) == .undecided)  // LF may follow
        #expect(blankLine("  ", atEOF: true) == .blank(next: 2))
        #expect(blankLine(" \r", atEOF: true) == .blank(next: 2))
    }
}
