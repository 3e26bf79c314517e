import Foundation
import TestScratch
import Testing
import TinyNet
import TinyNetIO

/// Writes `text` to a fresh temporary file and returns its path.
private func temporaryCSV(_ text: String, name: String = "d.csv") throws -> String {
    let path = try Scratch.path(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct DataSummaryTests {
    @Test func irisStatisticsAreThoseOfTheTableInMemory() throws {
        let summary = try DataSummary(path: bundledData("iris.csv"))
        let table = try CSVReader.read(path: bundledData("iris.csv"), label: .auto)
        #expect(summary.rows == 150 && summary.columns == 5 && summary.label == "label")
        #expect(summary.classCounts == ["0", "1", "2"].map { ClassCount(label: $0, count: 50) })
        #expect(summary.features.map(\.name) == table.featureNames)
        let f = table.featureNames.count
        for (c, feature) in summary.features.enumerated() {
            let column = (0..<table.rowCount).map { table.features[$0 * f + c] }
            let mean = column.reduce(0, +) / Double(column.count)
            let std = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
            #expect(abs(feature.mean - mean) < 1e-12 && abs(feature.std - std) < 1e-12, "\(feature.name)")
            #expect(feature.min == column.min() && feature.max == column.max())
        }
        #expect(abs(summary.features[0].mean - 5.843333333333334) < 1e-12)
        #expect(summary.constantFeatures.isEmpty && summary.warnings.isEmpty && summary.targetMean == nil)
    }

    @Test func constantFeaturesAreCountedAndNamed() throws {
        let path = try temporaryCSV("a,k,b,j,label\n1,7,2,0,x\n3,7,2,0,y\n5,7,2.5,0,x\n")
        let summary = try DataSummary(path: path)
        #expect(summary.constantFeatures == ["k", "j"])
        #expect(summary.features[1].std == 0 && summary.features[1].min == 7)
        // Constant but for rounding (0.1, 0.1·(1 + 2ε)): counted too, as train gives it std 1.
        let noisy = try DataSummary(path: temporaryCSV("a,n,label\n1,0.1,x\n3,0.10000000000000002,y\n5,0.1,x\n"))
        #expect(noisy.constantFeatures == ["n"] && noisy.features[1].std > 0, "\(noisy.features)")
    }

    @Test func regressionTargetMeanAndStd() throws {
        let path = try temporaryCSV("x,y\n1,10\n2,20\n3,30\n4,40\n")
        let summary = try DataSummary(path: path, task: .regression)
        #expect(summary.targetMean == 25 && summary.targetStd == 125.0.squareRoot())
        #expect(summary.classCounts.isEmpty && summary.label == "y")
        let text = try temporaryCSV("x,y\n1,10\n2,ten\n")
        #expect { try DataSummary(path: text, task: .regression) } throws: { error in
            (error as? DataError)?.description == "\(text):3:2 (y): found \"ten\", expected a finite number as the regression target"
        }
    }

    @Test func labelByIndexOrNameWithoutHeaderOrWithTabs() throws {
        let byIndex = try DataSummary(path: try temporaryCSV("s,a,b\nx,1,2\ny,3,4\n"), label: .index(0))
        #expect(byIndex.label == "s" && byIndex.features.map(\.name) == ["a", "b"])
        let noHeader = try DataSummary(path: try temporaryCSV("1,2,x\n3,4,y\n5,6,y\n"), options: CSVOptions(hasHeader: false))
        #expect(noHeader.rows == 3 && noHeader.label == "c2" && noHeader.classCounts.map(\.count) == [1, 2])
        let tabs = try DataSummary(path: try temporaryCSV("a\tlabel\n1\tx\n3\ty\n"), options: CSVOptions(delimiter: 9))
        #expect(tabs.features.map(\.mean) == [2])
        #expect(throws: DataError.self) { try DataSummary(path: try temporaryCSV("a,b\n1,2\n"), label: .name("nope")) }
    }

    @Test func classesAreSortedAsTrainingSortsThem() throws {
        let summary = try DataSummary(path: try temporaryCSV("a,label\n1,10\n2,2\n3,10\n4,1\n"))
        #expect(summary.classCounts.map(\.label) == ["1", "2", "10"] && summary.classCounts.map(\.count) == [1, 1, 2])
    }

    @Test func spellingsOfOneNumberAreCountedAsOneClass() throws {
        let summary = try DataSummary(path: try temporaryCSV("a,label\n1,1.0\n2,2\n3,1\n4,2.0\n5,1\n"))
        #expect(summary.classCounts == [ClassCount(label: "1", count: 3), ClassCount(label: "2", count: 2)])
    }

    @Test func maxErrorsListsSeveralProblems() throws {
        let path = try temporaryCSV("a,b,label\n1,2,x\nq,2,y\n3,4\n5,,x\n7,8,y\n")
        #expect { try DataSummary(path: path, options: CSVOptions(maxErrors: 3)) } throws: { error in
            (error as? DataError)?.problems.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["3:1", "4:3", "5:2"]
        }
        #expect { try DataSummary(path: path) } throws: { error in (error as? DataError)?.problems.count == 1 }
    }

    /// Bad regression targets are problems like bad features: --max-errors lists them all, in line order
    /// (the first bad target used to end the listing), and a target is a number as a feature is (no hex).
    @Test func badRegressionTargetsAreListedWithTheOtherProblems() throws {
        let path = try temporaryCSV("a,b,y\n1,2,5\n1,2,abc\n1,q,4\n1,2,0x10\n1,2,nan\n1,2,7\n")
        #expect { try DataSummary(path: path, task: .regression, options: CSVOptions(maxErrors: 10)) } throws: { error in
            (error as? DataError)?.problems.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["3:3", "4:2", "5:3", "6:3"]
        }
        let read = { (options: CSVOptions) in try CSVReader.read(path: path, label: .auto, options: options) }
        var regression = CSVOptions(maxErrors: 10)
        regression.numericLabel = true
        #expect { try read(regression) } throws: { error in (error as? DataError)?.problems.count == 4 }
        #expect(throws: DataError.self) { try read(CSVOptions(maxErrors: 10)) }  // the feature on line 4 only
        #expect(try DataSummary(path: try temporaryCSV("a,y\n1, 1.5e1 \n2,+5\n"), task: .regression).targetMean == 10)
        // A bad target in a row that also has bad features is listed with them, in column order.
        let both = try temporaryCSV("a,b,y\nq,x,inf\n1,x,inf\n1,2,3\n")
        #expect { try DataSummary(path: both, task: .regression, options: CSVOptions(maxErrors: 20)) } throws: { error in
            (error as? DataError)?.problems.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["2:1", "2:2", "2:3", "3:2", "3:3"]
        }
    }

    @Test func gzippedFileSummarizesLikeThePlainOne() throws {
        let gz = try DataSummary(path: bundledData("digits.csv.gz"))
        #expect(gz.rows == 1797 && gz.classCounts.count == 10 && gz.features.count == 64)
        #expect(gz.constantFeatures.contains("pixel_0_0"))
    }

    @Test func oneClassIsWarnedAboutAndNoFeaturesRefusedAsTrainRefusesThem() throws {
        let oneClass = try DataSummary(path: try temporaryCSV("a,label\n1,x\n2,x\n"))
        #expect(oneClass.warnings.contains { $0.contains("classification needs at least 2") })
        #expect { try DataSummary(path: try temporaryCSV("label\nx\ny\n")) } throws: { "\($0)".contains("no feature columns") }
        #expect { try DataSummary(path: try temporaryCSV("a;b;label\n1;2;x\n")) } throws: { "\($0)".contains("--delimiter ';'") }
    }

    @Test func aRegressionTargetReadAsClassesIsWarnedAbout() throws {
        let diabetes = try DataSummary(path: bundledData("diabetes.csv"))
        #expect(diabetes.warnings == ["the label column \"label\" has 214 distinct values in 442 rows (2.1 rows per class): if it is a quantity, use --task regression"])
        #expect(try DataSummary(path: bundledData("digits.csv.gz")).warnings.isEmpty)
        #expect(try DataSummary(path: bundledData("iris.csv")).warnings.isEmpty)
        // Few values, but fewer than two rows each (linnerud's Weight: 16 values in 20 rows); two a class is no quantity.
        let weights = (0..<20).map { "\($0),\(150 + ($0 < 8 ? $0 / 2 : $0))" }
        #expect(try DataSummary(path: try temporaryCSV((["a,label"] + weights).joined(separator: "\n") + "\n")).warnings
                == ["the label column \"label\" has 16 distinct values in 20 rows (1.2 rows per class): if it is a quantity, use --task regression"])
        let pairs = (0..<20).map { "\($0),\(150 + $0 / 2)" }
        #expect(try DataSummary(path: try temporaryCSV((["a,label"] + pairs).joined(separator: "\n") + "\n")).warnings.isEmpty)
        // Words are classes, however few their rows (5 rows of 3 iris species).
        let words = ["1,setosa", "2,versicolor", "3,virginica", "4,setosa", "5,virginica"]
        #expect(try DataSummary(path: try temporaryCSV((["a,label"] + words).joined(separator: "\n") + "\n")).warnings.isEmpty)
    }
}
