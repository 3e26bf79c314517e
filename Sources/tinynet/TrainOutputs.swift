import Foundation
import TinyNet
import TinyNetIO

/// What `train` does with its events besides training: the progress display
/// on stderr, the metrics log (`--log`) and the curves picture (`--plot`).
///
/// A log that cannot be written stops the run like an interrupt (`failed`
/// turns true; poll it from `shouldStop`), and `finish` then throws the error.
final class TrainOutputs {
    let display: ProgressDisplay
    private let log: MetricsLog?
    private let plotPath: String?
    /// The charts' title: `tinynet: <config name>` (the config file's name, else the data file's).
    let title: String
    private var failure: Error?

    /// Opens the log (checking an existing one's columns before any training) and sets up the display.
    init(
        config: TrainConfig, configPath: String?, quiet: Bool, gradStats: Bool, overfitBatch: Int?,
        logPath: String?, plotPath: String?
    ) throws {
        display = ProgressDisplay(
            mode: .detect(quiet: quiet), epochs: config.epochs, batchSize: overfitBatch ?? config.batchSize)
        let validation = overfitBatch == nil && (config.valData != nil || config.valSplit != nil)
        log = try logPath.map {
            try MetricsLog(path: $0, task: config.task, validation: validation, gradientStatistics: gradStats)
        }
        self.plotPath = plotPath
        title = "tinynet: " + Self.runName(configPath: configPath, dataPath: config.data)
    }

    /// True once the log could not be written: the run should stop.
    var failed: Bool { failure != nil }

    /// Shows the event and appends each epoch to the log.
    func handle(_ event: TrainingEvent) {
        display.handle(event)
        guard case .epoch(let summary) = event, let log, failure == nil else { return }
        do { try log.append(summary) } catch { failure = error }
    }

    /// Erases the live progress line, if any (also on the error path, before the message).
    func close() { display.finish() }

    /// After the run: throws a log failure, else writes the plot of the epochs this run trained.
    func finish(_ outcome: TrainingOutcome) throws {
        close()
        if let failure { throw failure }
        guard let plotPath else { return }
        let svg = TrainingCharts.curves(title: title, history: MetricsHistory(summaries: outcome.epochs))
        try TrainingCharts.write(svg, to: plotPath)
    }

    /// `configs/iris.toml` → `iris`; without a config, the data file's name (`iris.csv`).
    static func runName(configPath: String?, dataPath: String?) -> String {
        if let configPath { return URL(fileURLWithPath: configPath).deletingPathExtension().lastPathComponent }
        return dataPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "training"
    }
}
