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

    /// A header of numbers is warned of when the label's name is a number too or one of its own classes (a UCI
    /// file's first row, `5.1,3.5,1.4,0.2,Iris-setosa`), but not for pandas' column positions 0, 1, … or 1, 2, ….
    @Test func aHeaderOfNumbersIsOneReadAsData() {
        #expect(numericHeaderWarning(["5.1", " 3.5", "0", "1e3"], label: "1", classes: [])?
            .hasPrefix("the header reads as a row of data (\"5.1\", \" 3.5\", \"0\", …)") == true)
        #expect(numericHeaderWarning(["5.1", "3.5"], label: "Iris-setosa", classes: ["Iris-setosa", "Iris-virginica"]) != nil)
        #expect(numericHeaderWarning(["5.1", "3.5"], label: "species", classes: ["Iris-setosa"]) == nil)
        #expect(numericHeaderWarning(["5.1", "label"], label: "y", classes: []) == nil)
        #expect(numericHeaderWarning(["c0", "c1"], label: "c2", classes: []) == nil)
        #expect(numericHeaderWarning(["1", "nan"], label: "2", classes: []) == nil)
        #expect(numericHeaderWarning(["0", "1", "2"], label: "3", classes: []) == nil, "pandas' DataFrame(X).to_csv(index=False)")
        #expect(numericHeaderWarning(["1", "2"], label: "3", classes: []) == nil)
        #expect(numericHeaderWarning(["0", "1"], label: "x", classes: ["x", "y"]) == nil)
        #expect(numericHeaderWarning(["1", "2", "3"], label: "0", classes: []) == nil, "--label 0 on pandas' positions")
        #expect(numericHeaderWarning(["0", "2"], label: "5", classes: []) != nil)
    }

    @Test func ignoredColumnsShowAnEmptyNameQuoted() {
        #expect(ignoredColumnsWarning(["", "id"]) == "ignoring 2 column(s) the model does not use: \"\", id")
    }
}
