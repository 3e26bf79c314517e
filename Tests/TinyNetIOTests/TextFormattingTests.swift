import Testing
import TinyNetIO

@Suite struct TextFormattingTests {
    /// A count with its noun: singular for 1, the plural given for a noun that does not take an "s".
    @Test func countsTakeTheRightPlural() {
        #expect(counted(1, "row") == "1 row" && counted(0, "row") == "0 rows" && counted(2, "epoch") == "2 epochs")
        #expect(counted(2, "class", plural: "classes") == "2 classes" && counted(1, "class", plural: "classes") == "1 class")
    }
}
