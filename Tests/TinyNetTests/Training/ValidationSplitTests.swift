import Testing
@testable import TinyNet

/// `validationSplit`: seeded, and with class strata each class gives its own rounded fraction, as
/// scikit-learn's `train_test_split(stratify=y)` keeps the class proportions.
@Suite struct ValidationSplitTests {
    /// Classes of 90, 7 and 3 rows, interleaved: a fifth of each is held out (18, 1 and 1 rows), where an
    /// unstratified fifth of the 100 rows could hold out no row of the rare classes.
    @Test(arguments: [UInt64(0), 1, 2, 3, 4])
    func eachClassGivesItsFraction(seed: UInt64) {
        let strata = (0..<100).map { $0 % 10 == 3 && $0 < 30 ? 2 : $0 % 10 == 7 && $0 < 70 ? 1 : 0 }
        let (train, validation) = validationSplit(rows: 100, fraction: 0.2, strata: strata, seed: seed)
        func counts(_ rows: [Int]) -> [Int] { (0..<3).map { c in rows.filter { strata[$0] == c }.count } }
        #expect(counts(strata.indices.map { $0 }) == [90, 7, 3])
        #expect(counts(validation) == [18, 1, 1] && counts(train) == [72, 6, 2], "seed \(seed)")
        #expect(Set(train).isDisjoint(with: validation) && Set(train + validation) == Set(0..<100))
        #expect(train == train.sorted() && validation == validation.sorted())
    }

    /// The same seed holds out the same rows; another seed others.
    @Test func theSeedChoosesTheRows() {
        let strata = (0..<60).map { $0 % 3 }
        let a = validationSplit(rows: 60, fraction: 0.25, strata: strata, seed: 7).validation
        #expect(a == validationSplit(rows: 60, fraction: 0.25, strata: strata, seed: 7).validation)
        #expect(a != validationSplit(rows: 60, fraction: 0.25, strata: strata, seed: 8).validation)
    }
}
