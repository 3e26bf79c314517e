import Testing

@testable import TinyNetIO

@Suite struct RunEventsTests {
    /// The loss before the first step is measured on up to 4096 rows, fewer when their outputs would pass
    /// 2^22 values (a label of 16 000 classes: 262 rows, 4 MB of logits instead of 260 MB).
    @Test func initialLossRowsShrinkForWideOutputs() {
        #expect(initialLossRowCount(available: 60_000, outputWidth: 10) == 4096)
        #expect(initialLossRowCount(available: 150, outputWidth: 3) == 150)
        #expect(initialLossRowCount(available: 16_000, outputWidth: 16_000) == 262)
        #expect(initialLossRowCount(available: 100, outputWidth: 10_000_000) == 1)
    }

    @Test func unnamedFeaturesAreNamedByPosition() {
        #expect(unnamedFeaturesWarning(["a", "b"]) == nil)
        #expect(unnamedFeaturesWarning(["Unnamed", "Unnamed: x"]) == nil)
        #expect(unnamedFeaturesWarning(["", "a"])?.hasPrefix("feature 1 of 2 has no column name (\"\")") == true)
        #expect(unnamedFeaturesWarning(["a", "Unnamed: 0", " "])?.hasPrefix("2 features have no column name (the first is feature 2 of 3, \"Unnamed: 0\")") == true)
    }

    @Test func aHeaderOfNumbersIsOneWithoutAName() {
        #expect(numericHeaderWarning(["5.1", " 3.5", "0", "1e3"])?.hasPrefix("every column name in the header is a number (\"5.1\", \" 3.5\", \"0\", …)") == true)
        #expect(numericHeaderWarning(["5.1", "label"]) == nil)
        #expect(numericHeaderWarning(["c0", "c1"]) == nil)
        #expect(numericHeaderWarning(["1", "nan"]) == nil)
    }

    @Test func ignoredColumnsShowAnEmptyNameQuoted() {
        #expect(ignoredColumnsWarning(["", "id"]) == "ignoring 2 column(s) the model does not use: \"\", id")
    }
}
