import Foundation
import TestScratch
import Testing

@testable import TinyNet
@testable import TinyNetIO

/// Three Gaussian blobs in four dimensions (the fourth a noisy mix), `rows` rows with label `c0`…`c2`,
/// written as CSV; features are offset and scaled so that standardization matters.
private func writeBlobs(rows: Int, seed: UInt64, to path: String) throws {
    var rng = SeededGenerator(seed: seed)
    let centers: [[Double]] = [[0, 0, 0], [3, 0, 1.5], [0, 3, -1.5]]
    var text = "a,b,c,d,label\n"
    for _ in 0..<rows {
        let k = rng.nextIndex(below: 3)
        let x = centers[k].map { $0 + rng.nextNormal() }
        let d = x[0] - x[1] + 0.5 * rng.nextNormal()
        text += "\(100 + 10 * x[0]),\(x[1]),\(-50 + x[2] / 10),\(d),c\(k)\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// A fresh directory for one test's files.
private func scratchDirectory() throws -> String {
    try Scratch.directory().path
}

/// A small network trained for a few epochs on `data` (validated on `valData`), written to `out`.
private func blobConfig(data: String, valData: String?, out: String, seed: Int = 3) -> TrainConfig {
    var config = TrainConfig()
    config.data = data
    config.valData = valData
    config.layers = ["linear:16", "relu", "linear"]
    (config.epochs, config.batchSize, config.lr, config.momentum) = (6, 32, 0.05, 0.9)
    config.seed = seed
    config.out = out
    return config
}

/// Means and stds equal to `tolerance` relative (the streamed and in-memory statistics differ only by rounding).
private func closeTo(_ a: Standardizer, _ b: Standardizer, tolerance: Double = 1e-12) -> Bool {
    zip(a.mean + a.std, b.mean + b.std).allSatisfy { abs($0 - $1) <= tolerance * max(abs($0), abs($1), 1e-300) }
        && a.mean.count == b.mean.count
}

@Suite struct StreamingTests {
    /// A file that changes between passes (appended to, truncated) is refused, not trained on with the
    /// first pass's statistics: at the start of a pass and at its end.
    @Test func aFileThatChangesBetweenPassesIsRefused() throws {
        let dir = try scratchDirectory()
        let data = dir + "/blobs.csv"
        try writeBlobs(rows: 300, seed: 1, to: data)
        let plan = try StreamPlan(config: blobConfig(data: data, valData: nil, out: dir + "/m.safetensors"), maxErrors: 1, chunkRows: 64)
        let pass: ChunkSource<Float> = try plan.trainingFileChunks()
        var rows = 0
        while let chunk = try pass() { rows += chunk.count }
        #expect(rows == 300, "an unchanged file reads whole")

        let appending = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try appending.seekToEnd()
        try appending.write(contentsOf: Data("100,0,-50,0,c0\n".utf8))
        try appending.close()
        #expect(throws: DataError.self) { let _: ChunkSource<Float> = try plan.trainingFileChunks() }

        // Changed during a pass: the pass's end notices.
        let again = try StreamPlan(config: blobConfig(data: data, valData: nil, out: dir + "/m.safetensors"), maxErrors: 1, chunkRows: 64)
        let during: ChunkSource<Float> = try again.trainingFileChunks()
        _ = try during()
        #expect(truncate(data, 2000) == 0)
        do {
            while try during() != nil {}
            Issue.record("a truncated file read to its end without an error")
        } catch {
            #expect("\(error)".contains("changed while train --stream was reading it"), "\(error)")
        }
    }

    @Test func runningStatisticsAreAccurateForLargeOffsets() {
        var rng = SeededGenerator(seed: 11)
        var values: [Double] = []
        for i in 0..<(537 * 3) {
            let offset = 1e6 * Double(i % 3)
            values.append(offset + rng.nextNormal() * Double(1 + i % 3))
        }
        var running = RunningStatistics(columns: 3)
        for start in stride(from: 0, to: values.count, by: 3 * 50) {  // in blocks of 50 rows
            running.add(Array(values[start..<min(start + 150, values.count)]))
        }
        #expect(running.count == 537)
        for c in 0..<3 {
            // A two-pass reference on values shifted by the first one (x − shift is exact here).
            let column = stride(from: c, to: values.count, by: 3).map { values[$0] }
            let shifted = column.map { $0 - column[0] }
            let shiftedMean = shifted.reduce(0, +) / Double(column.count)
            let std = (shifted.map { ($0 - shiftedMean) * ($0 - shiftedMean) }.reduce(0, +) / Double(column.count)).squareRoot()
            let mean = column[0] + shiftedMean
            #expect(abs(running.mean[c] - mean) <= 1e-15 * abs(mean) + 1e-14, "column \(c): \(running.mean[c]) \(mean)")
            // Within 1e-10: the inputs' own rounding (ulp(2e6) ≈ 2e-10) allows no better; the one-pass
            // formula Σx² − n·mean² would be off by about 1e-5 here.
            #expect(abs(running.standardDeviation[c] - std) <= 1e-10 * std, "column \(c): \(running.standardDeviation[c]) \(std)")
            #expect(running.minimum[c] == column.min() && running.maximum[c] == column.max())
        }
        #expect(closeTo(running.standardizer, Standardizer.fit(values, features: 3), tolerance: 1e-9))
    }

    @Test func csvStreamReadsTheRowsTheReaderReads() throws {
        var rng = SeededGenerator(seed: 4)
        var text = "\u{FEFF}x,\"y \"\"q\"\"\",label\r\n"
        for row in 0..<700 {
            let label = ["a", "\"b, quoted\"", "\"line\nbreak\""][rng.nextIndex(below: 3)]
            text += "\(rng.nextNormal()),\(row % 7 == 0 ? "\"\(row)\"" : "\(row)"),\(label)\(row % 3 == 0 ? "\r\n" : "\n")"
        }
        let bytes = Array(text.utf8)
        let whole = try CSVReader.read(bytes: bytes, name: "s.csv", label: .auto)
        let stream = try CSVStream(bytes: bytes, name: "s.csv", label: .auto, chunkRows: 64, chunkSize: 97)
        var features: [Double] = [], labels: [String] = [], lines: [Int] = [], firstRows: [Int] = []
        while let chunk = try stream.nextChunk() {
            #expect(chunk.table.rowCount <= 64)
            firstRows.append(chunk.firstRow)
            (features, labels, lines) = (features + chunk.table.features, labels + chunk.table.labels, lines + chunk.table.rowLines)
        }
        #expect(features.map(\.bitPattern) == whole.features.map(\.bitPattern))
        #expect(labels == whole.labels && lines == whole.rowLines)
        #expect(firstRows == Array(stride(from: 0, to: 700, by: 64)))
        #expect(stream.featureNames == ["x", "y \"q\""])
        #expect(try stream.nextChunk() == nil, "nil after the last chunk")
    }

    @Test(arguments: [
        ("a,label\n1,x\n2,y\nz,x\n4,y\n", 1, "s.csv:4:1 (a): found \"z\", expected a number"),
        ("a,b,label\n1,2,x\n1,x\n,2,y\n1,2,z\n5,nan,x\n", 3,
         "s.csv:3:3 (label): found 2 fields, expected 3\ns.csv:4:1 (a): empty field, expected a number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)\ns.csv:6:2 (b): found nan, expected a finite number; a missing value: drop or fill such rows first (e.g. pandas' dropna or fillna)"),
        ("a,label\n", 1, "s.csv:2:1: expected a data row after the header (line 1), found the end of the file"),
    ])
    func csvStreamFailsLikeTheReader(text: String, maxErrors: Int, expected: String) throws {
        let options = CSVOptions(maxErrors: maxErrors)
        let stream = try CSVStream(bytes: Array(text.utf8), name: "s.csv", label: .auto, options: options, chunkRows: 1)
        var message = ""
        do { while try stream.nextChunk() != nil {} } catch let error as DataError { message = error.description }
        #expect(message == expected)
        do {
            _ = try CSVReader.read(bytes: Array(text.utf8), name: "s.csv", label: .auto, options: options)
            Issue.record("the reader accepted it")
        } catch let error as DataError {
            #expect(error.description == message, "the stream and the reader agree")
        }
    }

    @Test func shuffleBufferMovesEveryRowOnceInASeededOrder() {
        func order(seed: UInt64, capacity: Int) -> [Int] {
            let rows = Dataset<Double>(features: Matrix(rows: 500, cols: 1, values: (0..<500).map(Double.init)),
                                       targets: Matrix(rows: 500, cols: 1), classIndices: Array(0..<500))
            let buffer = ShuffleBuffer<Double>(capacity: capacity, features: 1, targets: 1)
            let batch = MiniBatch<Double>(capacity: 600, features: 1, targets: 1)
            var rng = SeededGenerator(seed: seed)
            for r in 0..<500 { _ = buffer.add(rows, row: r, using: &rng, into: batch) }
            buffer.drain(using: &rng, into: batch) {}
            #expect(batch.classIndices.prefix(batch.count).map { Double($0) } == batch.inputs.values, "rows move whole")
            return batch.inputs.values.map { Int($0) }
        }
        let small = order(seed: 1, capacity: 50)
        #expect(small.sorted() == Array(0..<500), "every row exactly once")
        #expect(small != Array(0..<500))
        #expect(order(seed: 1, capacity: 50) == small, "same seed, same order")
        #expect(order(seed: 2, capacity: 50) != small)
        // A row can only leave after the buffer has seen it: row i leaves at position ≥ i − capacity.
        #expect(small.enumerated().allSatisfy { position, row in position >= row - 50 })
        #expect(order(seed: 1, capacity: 1) == Array(0..<500), "a one-row buffer keeps the file order")
    }

    @Test func streamingReachesTheInMemoryAccuracyBand() throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 3000, seed: 1, to: dir + "/train.csv")
        try writeBlobs(rows: 600, seed: 2, to: dir + "/val.csv")
        let inMemory = try TrainingRun(config: blobConfig(data: dir + "/train.csv", valData: dir + "/val.csv", out: dir + "/m.safetensors")).run()
        var streaming = StreamingRun(config: blobConfig(data: dir + "/train.csv", valData: dir + "/val.csv", out: dir + "/s.safetensors"))
        (streaming.shuffleBufferRows, streaming.chunkRows) = (256, 100)
        let streamed = try streaming.run()
        let (memoryAccuracy, streamAccuracy) = (inMemory.validation?.accuracy ?? 0, streamed.validation?.accuracy ?? 0)
        #expect(memoryAccuracy > 0.85 && streamAccuracy > 0.85, "\(memoryAccuracy) \(streamAccuracy)")
        #expect(abs(memoryAccuracy - streamAccuracy) < 0.03, "\(memoryAccuracy) \(streamAccuracy)")
        #expect(streamed.trainRows == 3000 && streamed.validationRows == 600 && streamed.epochs.count == 6)
        // The first pass's statistics are the in-memory ones (to rounding); the checkpoints read alike.
        let (m, s) = (try Checkpoint.load(path: dir + "/m.safetensors"), try Checkpoint.load(path: dir + "/s.safetensors"))
        #expect(closeTo(s.preprocessing, m.preprocessing) && s.classes == ["c0", "c1", "c2"] && s.featureNames == m.featureNames)
        let evaluation = try ModelRun(checkpointPath: dir + "/s.safetensors").evaluate(dataPath: dir + "/val.csv")
        #expect(evaluation.evaluation.accuracy == streamAccuracy, "streamed validation = eval on the same file")
    }

    @Test func sameSeedGivesIdenticalCheckpointBytes() throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 1500, seed: 5, to: dir + "/train.csv")
        let out = dir + "/m.safetensors"
        func checkpointBytes(seed: Int, shuffleBuffer: Int = 100) throws -> Data {
            var config = blobConfig(data: dir + "/train.csv", valData: nil, out: out, seed: seed)
            (config.epochs, config.valSplit) = (2, 0.2)
            var run = StreamingRun(config: config)
            (run.shuffleBufferRows, run.chunkRows) = (shuffleBuffer, 64)
            let outcome = try run.run()
            #expect(outcome.trainRows + outcome.validationRows == 1500)
            #expect(abs(Double(outcome.validationRows) / 1500 - 0.2) < 0.05, "\(outcome.validationRows)")
            return try Data(contentsOf: URL(fileURLWithPath: out))
        }
        let first = try checkpointBytes(seed: 7)
        let firstWeights = try Checkpoint.load(path: out).tensors["0.weight"]
        #expect(try checkpointBytes(seed: 7) == first, "same seed, same bytes")
        // The same seed (the same initial weights) with another buffer size: another order, other weights.
        _ = try checkpointBytes(seed: 7, shuffleBuffer: 50)
        let reshuffledWeights = try Checkpoint.load(path: out).tensors["0.weight"]
        #expect(firstWeights != nil && reshuffledWeights != firstWeights)
    }

    @Test func heldOutRowsAreSeededAndNearTheFraction() {
        let held = (0..<20_000).filter { isHeldOut(row: $0, fraction: 0.1, seed: 3) }
        #expect(abs(Double(held.count) / 20_000 - 0.1) < 0.01)
        #expect(held == (0..<20_000).filter { isHeldOut(row: $0, fraction: 0.1, seed: 3) })
        #expect(held != (0..<20_000).filter { isHeldOut(row: $0, fraction: 0.1, seed: 4) })
    }

    @Test func aBadRowAnywhereFailsBeforeTraining() throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 2000, seed: 6, to: dir + "/train.csv")
        try (String(contentsOfFile: dir + "/train.csv", encoding: .utf8) + "1,2,oops,4,c1\n")
            .write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        var run = StreamingRun(config: blobConfig(data: dir + "/train.csv", valData: nil, out: dir + "/m.safetensors"))
        run.chunkRows = 50
        var epochs = 0
        run.onEvent = { if case .epoch = $0 { epochs += 1 } }
        #expect { try run.run() } throws: { error in
            (error as? DataError)?.description == dir + "/train.csv:2002:3 (c): found \"oops\", expected a number"
        }
        #expect(epochs == 0 && !FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
    }

    @Test func regressionStreamsWithTheInMemoryTargetScaling() throws {
        let dir = try scratchDirectory()
        var rng = SeededGenerator(seed: 9)
        var text = "x1,x2,y\n"
        for _ in 0..<1200 {
            let (a, b) = (rng.nextNormal(), rng.nextNormal())
            text += "\(a),\(b),\(1000 + 50 * a - 20 * b + rng.nextNormal())\n"
        }
        try text.write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
        var config = blobConfig(data: dir + "/r.csv", valData: nil, out: dir + "/r.safetensors")
        (config.task, config.standardizeTarget, config.layers, config.valSplit) = (.regression, true, ["linear"], 0.25)
        (config.lr, config.epochs) = (0.05, 5)
        var run = StreamingRun(config: config)
        run.shuffleBufferRows = 200
        let outcome = try run.run()
        #expect((outcome.validation?.r2 ?? 0) > 0.99, "\(String(describing: outcome.validation))")
        let checkpoint = try Checkpoint.load(path: dir + "/r.safetensors")
        #expect(abs((checkpoint.targetMean ?? 0) - 1000) < 5 && abs((checkpoint.targetStd ?? 0) - 53.9) < 3)
    }
    /// A streamed run interrupted part-way through an epoch writes what the epochs completed trained (it
    /// cannot resume mid-epoch): the same weights, momentum and generator as a run asked for that many epochs.
    @Test func anInterruptedEpochIsUndone() throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 1000, seed: 5, to: dir + "/train.csv")
        func streamed(epochs: Int, stopAtBatch: Int?, out: String) throws -> TrainingOutcome {
            var config = blobConfig(data: dir + "/train.csv", valData: nil, out: dir + "/" + out)
            config.epochs = epochs
            var run = StreamingRun(config: config)
            (run.shuffleBufferRows, run.chunkRows) = (200, 64)
            var batches = 0
            run.onEvent = { if case .batch = $0 { batches += 1 } }
            run.shouldStop = { stopAtBatch.map { batches >= $0 } ?? false }
            return try run.run()
        }
        let batchesPerEpoch = (1000 + 31) / 32
        let interrupted = try streamed(epochs: 5, stopAtBatch: 2 * batchesPerEpoch + 10, out: "cut.safetensors")
        let whole = try streamed(epochs: 2, stopAtBatch: nil, out: "two.safetensors")
        #expect(interrupted.interrupted && interrupted.epochsDone == 2 && whole.epochsDone == 2)
        let (cut, two) = (try Checkpoint.load(path: dir + "/cut.safetensors"), try Checkpoint.load(path: dir + "/two.safetensors"))
        #expect(cut.tensors.count == two.tensors.count && !cut.tensors.isEmpty)
        for (name, tensor) in two.tensors {
            #expect(cut.tensors[name]?.values == tensor.values, "\(name) differs from the 2-epoch run's")
        }
        #expect(cut.generatorState == two.generatorState)
    }
    /// A value beyond f32 after preprocessing fails before the first step, naming its line, whether its row
    /// trains or is held out by val_split (it used to fail in the pass that met it, an epoch or more in).
    @Test(arguments: [false, true])
    func aValueBeyondTheDtypeFailsBeforeTraining(inHeldOutRow: Bool) throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 2000, seed: 2, to: dir + "/train.csv")
        var lines = try String(contentsOfFile: dir + "/train.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let row = (1500..<2000).first { isHeldOut(row: $0, fraction: 0.2, seed: 3) == inHeldOutRow }!
        lines[row + 1] = "1e39," + lines[row + 1].split(separator: ",", maxSplits: 1)[1]
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        var config = blobConfig(data: dir + "/train.csv", valData: nil, out: dir + "/m.safetensors")
        (config.valSplit, config.standardize) = (0.2, false)
        var run = StreamingRun(config: config)
        run.chunkRows = 50
        var batches = 0
        run.onEvent = { if case .batch = $0 { batches += 1 } }
        #expect { try run.run() } throws: { error in
            (error as? DataError)?.description.hasPrefix(dir + "/train.csv:\(row + 2):1 (a): feature \"a\" is 1e+39, beyond the ±3.4028235e+38 that f32 holds") == true
        }
        #expect(batches == 0 && !FileManager.default.fileExists(atPath: dir + "/m.safetensors"))
    }
    /// A file sorted by class trains on one class at a time through a small shuffle buffer: warned of, with
    /// the run's length; the same rows in random order are not.
    @Test func aFileSortedByClassIsWarnedOf() throws {
        let dir = try scratchDirectory()
        try writeBlobs(rows: 900, seed: 4, to: dir + "/random.csv")
        let lines = try String(contentsOfFile: dir + "/random.csv", encoding: .utf8).split(separator: "\n")
        let sorted = [lines[0]] + lines.dropFirst().sorted { $0.split(separator: ",").last! < $1.split(separator: ",").last! }
        try (sorted.joined(separator: "\n") + "\n").write(toFile: dir + "/sorted.csv", atomically: true, encoding: .utf8)
        func warnings(_ file: String) throws -> [String] {
            var config = blobConfig(data: dir + "/" + file, valData: nil, out: dir + "/m.safetensors")
            config.epochs = 1
            var run = StreamingRun(config: config)
            run.shuffleBufferRows = 100
            var said: [String] = []
            run.onEvent = { if case .warning(let text) = $0 { said.append(text) } }
            _ = try run.run()
            return said
        }
        let counts = ["c0", "c1", "c2"].map { c in lines.filter { $0.hasSuffix("," + c) }.count }
        let sortedWarnings = try warnings("sorted.csv").filter { $0.contains("long runs of one class") }
        #expect(sortedWarnings.count == 1 && sortedWarnings[0].contains("(\(counts.max()!) rows of")
                && sortedWarnings[0].hasSuffix("raise --shuffle-buffer to \(2 * counts.max()!) or more"), "\(sortedWarnings)")
        #expect(try warnings("random.csv").allSatisfy { !$0.contains("long runs of one class") })
        // One long run in few rows: twice the run would exceed the file, and a buffer of all its rows is enough.
        let c0 = sorted.dropFirst().filter { $0.hasSuffix(",c0") }, c1 = sorted.dropFirst().filter { $0.hasSuffix(",c1") }.prefix(20)
        try (([lines[0]] + c0 + c1).joined(separator: "\n") + "\n").write(toFile: dir + "/mostly.csv", atomically: true, encoding: .utf8)
        let mostly = try warnings("mostly.csv").filter { $0.contains("long runs of one class") }
        #expect(mostly.count == 1 && mostly[0].hasSuffix("raise --shuffle-buffer to \(c0.count + 20) (the training rows: a full shuffle)"), "\(mostly)")
    }
}
