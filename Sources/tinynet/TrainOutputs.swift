import Foundation
import TinyNet
import TinyNetIO

/// What `train` does with its events besides training: the progress display
/// on stderr, the metrics log (`--log`) and the curves picture (`--plot`).
///
/// The log's and the plot's paths are checked before training. A log that
/// fails while training (a full disk) is reported at once and dropped; the
/// training goes on to its checkpoint, and `finish` then throws the error.
final class TrainOutputs {
    let display: ProgressDisplay
    let log: MetricsLog?
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
        // Checked now, so that a bad path fails before the training, not after an epoch or at the end.
        try logPath.map { if !FileManager.default.fileExists(atPath: $0) { try checkWritableFilePath($0) } }
        try plotPath.map(checkWritableFilePath)
        log = try logPath.map {
            try MetricsLog(path: $0, task: config.task, validation: validation, gradientStatistics: gradStats)
        }
        self.plotPath = plotPath
        title = "tinynet: " + Self.runName(configPath: configPath, dataPath: config.data)
    }

    /// Shows the event and appends each epoch to the log.
    func handle(_ event: TrainingEvent) {
        display.handle(event)
        guard case .epoch(let summary) = event, let log, failure == nil else { return }
        do { try log.append(summary) } catch {
            failure = error
            display.finish()
            printError("error: \(error); training goes on without the log")
        }
    }

    /// Erases the live progress line, if any (also on the error path, before the message).
    func close() { display.finish() }

    /// After the run: writes the plot of the epochs this run trained; returns the log's failure, if any,
    /// for the caller to report after the summary.
    func finish(_ outcome: TrainingOutcome) throws -> Error? {
        close()
        if let plotPath, !outcome.epochs.isEmpty {  // interrupted before an epoch ended: a plot of nothing would replace the file
            let svg = TrainingCharts.curves(title: title, history: MetricsHistory(summaries: outcome.epochs))
            try TrainingCharts.write(svg, to: plotPath)
        }
        return failure
    }

    /// `configs/iris.toml` → `iris`; without a config, the data file's name (`iris.csv`).
    static func runName(configPath: String?, dataPath: String?) -> String {
        if let configPath { return URL(fileURLWithPath: configPath).deletingPathExtension().lastPathComponent }
        return dataPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "training"
    }
}
