import Foundation
import TestScratch
import Testing
@testable import TinyNet
@testable import TinyNetIO

/// The metrics log, the history read back from it and the training charts.
@Suite struct MetricsLogTests {
    func summary(_ epoch: Int, classification: Bool = true, validation: Bool = true, stats: Bool = false) -> EpochSummary {
        let eval = classification
            ? Evaluation(samples: 30, loss: 0.5 / Double(epoch), accuracy: 0.8, confusion: [[10, 5], [1, 14]])
            : Evaluation(samples: 30, loss: 0.7 / Double(epoch), mse: 0.7, mae: 0.6, r2: 0.3)
        let statistics = EpochStatistics(
            parameters: [ParameterStatistics(name: "0.weight", norm: 2, gradientNorm: 0.5, updateRatio: 1e-3)],
            activations: [ActivationStatistics(name: "1.relu", fraction: 0.25, kind: .dead)])
        return EpochSummary(
            epoch: epoch, epochs: 10, trainLoss: 1 / Double(epoch), trainAccuracy: classification ? 0.75 : nil,
            validation: validation ? eval : nil, learningRate: 0.05, seconds: 0.125, samples: 120,
            statistics: stats ? statistics : nil)
    }

    func temporaryFile(_ name: String) throws -> String {
        try Scratch.path(name)
    }

    @Test func aNewLogGetsTheHeaderThenOneRowPerEpoch() throws {
        let path = try temporaryFile("m.csv")
        let log = try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: false)
        try log.append(summary(1))
        try log.append(summary(2))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds
            1,1,0.75,0.5,0.8,0.05,0.125
            2,0.5,0.75,0.25,0.8,0.05,0.125

            """)
    }

    @Test func columnsFollowTheTaskValidationAndStatistics() {
        #expect(MetricsLog.columns(for: summary(1, classification: false)) == ["epoch", "train_loss", "val_loss", "val_r2", "lr", "seconds"])
        #expect(MetricsLog.columns(for: summary(1, classification: false, validation: false)) == ["epoch", "train_loss", "lr", "seconds"])
        #expect(MetricsLog.columns(for: summary(1, stats: true)).suffix(4)
                == ["0.weight_norm", "0.weight_grad_norm", "0.weight_update_ratio", "1.relu_dead"])
        #expect(MetricsLog.values(for: summary(1, stats: true)).suffix(4) == [2, 0.5, 1e-3, 0.25])
    }

    @Test func aRowCutShortStartsTheNextOnANewLine() throws {
        let path = try temporaryFile("m.csv")
        try "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds\n1,1,0.75".write(toFile: path, atomically: true, encoding: .utf8)
        let log = try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: false)
        try log.append(summary(2))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines[2].hasPrefix("2,0.5,"))
    }

    /// A log saved by Excel (a byte-order mark before the header) takes more rows, and the history reads them
    /// all; a log with a blank line after its header is refused before a row goes after the blank line, which
    /// `tinynet plot` (CSV rules: blank lines only at the end) would then refuse.
    @Test func aByteOrderMarkIsSkippedAndABlankLineRefused() throws {
        let header = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds\n"
        let path = try temporaryFile("m.csv")
        try ("\u{FEFF}" + header + "1,1,0.75,0.5,0.8,0.05,0.125\n").write(toFile: path, atomically: true, encoding: .utf8)
        try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: false).append(summary(2))
        #expect(try MetricsHistory.read(logPath: path).columns["epoch"] == [1, 2])
        for (contents, line) in [(header + "\n", 2), (header + "1,1,0.75,0.5,0.8,0.05,0.125\n\r\n", 3), (header + "1,1,0.75,0.5,0.8,0.05,0.125\n\n2,", 3)] {
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            #expect { try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: false) } throws: {
                "\($0)".contains("m.csv: line \(line) is blank: the rows appended would follow it, and tinynet plot refuses a blank line between rows")
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)
        }
    }

    @Test func anotherRunsLogIsRefusedNamingTheFile() throws {
        let path = try temporaryFile("m.csv")
        try MetricsLog(path: path, task: .regression, validation: true, gradientStatistics: false).append(summary(1, classification: false))
        let before = try String(contentsOfFile: path, encoding: .utf8)
        #expect(throws: MetricsLogError.self) {
            try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: false)
        }
        #expect(throws: MetricsLogError.self) {
            try MetricsLog(path: path, task: .regression, validation: true, gradientStatistics: true)
        }
        // Columns that could not be foreseen are checked at the first row.
        let log = try MetricsLog(path: path, task: .regression, validation: true, gradientStatistics: false)
        do {
            try log.append(summary(2, classification: false, stats: true))
            Issue.record("a row with other columns was appended")
        } catch let error as MetricsLogError {
            #expect(error.file == path && error.description.contains("differ"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    }

    @Test func theHistoryReadBackFromTheLogMatchesTheSummaries() throws {
        let path = try temporaryFile("m.csv")
        let summaries = (1...4).map { summary($0, stats: true) }  // six significant digits in the log
        let log = try MetricsLog(path: path, task: .classification, validation: true, gradientStatistics: true)
        for s in summaries { try log.append(s) }
        let read = try MetricsHistory.read(logPath: path)
        let direct = MetricsHistory(summaries: summaries)
        #expect(Set(read.columns.keys) == ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy"])
        for (name, values) in read.columns {
            #expect(zip(values, direct.columns[name]!).allSatisfy { abs($0 - $1) <= 1e-5 * abs($1) }, "\(name)")
        }
    }

    @Test func curvesBreakWhereASecondRunStartsAndRegressionGetsR2() {
        let history = MetricsHistory(columns: ["epoch": [1, 2, 3, 1, 2], "train_loss": [1, 0.5, 0.4, 0.9, 0.6], "val_r2": [0.1, 0.2, 0.3, 0.1, 0.2]])
        let svg = TrainingCharts.curves(title: "t", history: history)
        let trainPath = svg.components(separatedBy: "data-name=\"train loss\"")[1].components(separatedBy: "</g>")[0]
        #expect(trainPath.components(separatedBy: "M").count - 1 == 2, "two runs, two line pieces")
        #expect(svg.contains("data-name=\"validation R²\""))
        #expect(!svg.contains("accuracy"))
    }

    /// An epoch number that repeats also breaks the line: a run resumed from its epoch-2 checkpoint (the best,
    /// kept by --save-best) logs epochs 3 and 4 after 1, 2, 3 in the same file: two pieces, not a line from 3 to 3.
    @Test func curvesBreakWhereTheEpochNumberRepeats() {
        let history = MetricsHistory(columns: ["epoch": [1, 2, 3, 3, 4], "train_loss": [1, 0.5, 0.4, 0.45, 0.3]])
        let svg = TrainingCharts.curves(title: "t", history: history)
        let trainPath = svg.components(separatedBy: "data-name=\"train loss\"")[1].components(separatedBy: "</g>")[0]
        #expect(trainPath.components(separatedBy: "M").count - 1 == 2, "two runs, two line pieces: \(trainPath)")
        #expect(trainPath.components(separatedBy: "L").count - 1 == 3, "2 + 1 segments")
    }
}
