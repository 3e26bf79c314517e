import Testing

@testable import TinyNetIO

@Suite struct ClassEncodingTests {
    @Test func numericLabelsSortByValue() {
        #expect(ClassEncoding(labels: ["10", "2", "-1", "2", "10"]).classes == ["-1", "2", "10"])
    }

    @Test func textLabelsSortAsTextAndMatchExactly() {
        let encoding = ClassEncoding(labels: ["b", "a", "10", "2", "a"])
        #expect(encoding.classes == ["10", "2", "a", "b"])
        #expect(encoding.index(of: "a") == 2 && encoding.index(of: "A") == nil && encoding.index(of: "2.0") == nil)
    }

    @Test func spellingsOfOneNumberAreOneClassNamedByTheShortest() {
        let encoding = ClassEncoding(labels: ["1.0", "2", "1", " 1", "2.00", "0.5", "-0", "0"])
        #expect(encoding.classes == ["0", "0.5", "1", "2"])
        #expect(encoding.index(of: "1.0") == 2 && encoding.index(of: " 1") == 2 && encoding.index(of: "1") == 2)
        #expect(encoding.index(of: "2.00") == 3 && encoding.index(of: "-0.0") == 0 && encoding.index(of: "3") == nil)
        #expect(encoding.index(of: "one") == nil)
    }

    /// numpy's savetxt writes every number with an exponent: the class is named by its value, and the
    /// file's spelling still finds it.
    @Test func labelsWithAnExponentAreNamedByTheirValue() {
        let encoding = ClassEncoding(labels: ["5.000000000000000000e+00", "0.000000000000000000e+00", "2.5E-1", "1.0e0", "1.0"])
        #expect(encoding.classes == ["0", "0.25", "1.0", "5"])
        #expect(encoding.index(of: "5.000000000000000000e+00") == 3 && encoding.index(of: "2.500000000000000000e-01") == 1)
        #expect(ClassEncoding(labels: ["1e20", "3"]).classes == ["3", "1e+20"])
    }

    /// Numbers but for a missing-value marker or an infinity: that label is refused (pandas reads it as
    /// missing, scikit-learn refuses it); among text labels "NA" may be a class, and only warned of.
    @Test func aMissingMarkerAmongNumericLabelsIsFound() {
        #expect(missingLabelsAmongNumbers(["0", "1", "NA"]) == ["NA"])
        #expect(missingLabelsAmongNumbers(["0", "1.5", "null", " NaN "]) == ["null", " NaN "])
        #expect(missingLabelsAmongNumbers(["0", "1", "inf"]) == ["inf"] && missingLabelsAmongNumbers(["2", "-Infinity"]) == ["-Infinity"])
        #expect(missingLabelsAmongNumbers(["0", "1", "NA", "cat"]).isEmpty)  // text labels
        #expect(missingLabelsAmongNumbers(["NA", "nan"]).isEmpty && missingLabelsAmongNumbers(["0", "1"]).isEmpty)
        #expect(classSpellingWarnings(["NA", "cat"], labelName: "y") == [
            "the label column \"y\" has a class \"NA\", which pandas reads as a missing value: if its rows have no label, remove them"])
        #expect(classSpellingWarnings(["cat", "dog"], labelName: "y").isEmpty)
    }

    /// "cat", "Cat" and a quoted " cat" are three classes (as scikit-learn keeps them), said once.
    @Test func classesDifferingOnlyInCaseAreWarnedOf() {
        let warnings = classSpellingWarnings([" cat", "Cat", "cat", "dog"], labelName: "y")
        #expect(warnings.count == 1 && warnings[0].contains("classes \" cat\" and \"Cat\", which differ only in case or spaces"), "\(warnings)")
        #expect(classSpellingWarnings(["1", "2", "a", "b"], labelName: "y").isEmpty)
    }

    @Test func storedClassesMatchOtherSpellingsOfTheirValue() {
        let fromCheckpoint = ClassEncoding(classes: ["0", "1"])
        #expect(fromCheckpoint.index(of: "1.0") == 1 && fromCheckpoint.index(of: "0.000") == 0)
        #expect(ClassEncoding(classes: ["no", "yes"]).index(of: "1") == nil)
    }

    @Test func nonFiniteLabelsAreText() {
        #expect(ClassEncoding(labels: ["inf", "2", "nan"]).classes == ["2", "inf", "nan"])
    }

    /// Integer codes beyond 2^53 are one double apart from their neighbours or less: compared exactly,
    /// they stay distinct classes (pandas reads them as int64), sorted by value, negatives too.
    @Test func integersBeyondDoublePrecisionStayDistinct() {
        let big = ClassEncoding(labels: ["9007199254740993", "9007199254740992", "9007199254740993.0", "12", "-9007199254740993", "-9007199254740992"])
        #expect(big.classes == ["-9007199254740993", "-9007199254740992", "12", "9007199254740992", "9007199254740993"])
        #expect(big.index(of: "9007199254740993.000") == 4 && big.index(of: "09007199254740992") == 3)
        #expect(ClassEncoding(labels: ["1.2e1", "12", "12.5"]).classes == ["12", "12.5"])
    }

    /// A label is a number when it reads as a feature would (decimal): "0x10" is text, not 16, as pandas reads it.
    @Test func hexadecimalLabelsAreText() {
        let encoding = ClassEncoding(labels: ["0x10", "16", "2"])
        #expect(encoding.classes == ["0x10", "16", "2"])
        #expect(ClassEncoding(labels: ["16", "2", "1.6e1"]).classes == ["2", "16"])
    }

    /// Text compares up to Unicode canonical equivalence (as README says): NFC and NFD spellings of one word,
    /// which print alike, are one class, and either finds it.
    @Test func canonicallyEquivalentLabelsAreOneClass() {
        let encoding = ClassEncoding(labels: ["caf\u{E9}", "cafe\u{301}", "tea"])
        #expect(encoding.count == 2)
        #expect(encoding.index(of: "caf\u{E9}") == encoding.index(of: "cafe\u{301}"))
    }
}
