import Foundation
import TestScratch
import Testing
@testable import TinyNetIO

/// The line a terminal shows while a large file is read, and the reports it is drawn from.
@Suite struct ReadingMeterTests {
    let second: UInt64 = 1_000_000_000

    func progress(_ megabytes: Int, of total: Int? = 1000, file: String = "/data/big.csv") -> ReadProgress {
        ReadProgress(file: file, bytesRead: megabytes * 1_000_000, totalBytes: total.map { $0 * 1_000_000 })
    }

    @Test func aFileReadQuicklyShowsNothingALongReadALineWithTheTimeLeft() {
        var meter = ReadingMeter(columns: 100)
        #expect(meter.update(progress(1), now: 10 * second) == nil, "the first report starts the clock")
        #expect(meter.update(progress(200), now: 10 * second + second * 4 / 10) == nil, "nothing before half a second")
        let text = meter.update(progress(250), now: 11 * second) ?? ""
        // 250 MB in a second: 750 MB left take 3 s. The file is named without its directories.
        #expect(text.hasPrefix("\rreading big.csv [=======>......") && text.hasSuffix(" 250/1000 MB  0:01 ETA 0:03\u{1B}[K"), "\(text.debugDescription)")
        #expect(meter.update(progress(260), now: 11 * second + second / 20) == nil, "throttled")
        #expect(meter.showing && meter.clear() == "\r\u{1B}[K" && meter.clear() == "")
        // Another file (or the same one read again from its start) starts a new clock.
        #expect(meter.update(progress(1, file: "/data/val.csv"), now: 12 * second) == nil)
        #expect(meter.update(progress(300, file: "/data/val.csv"), now: 12 * second + second * 6 / 10) != nil, "the same file, further on")
        #expect(meter.update(progress(2, file: "/data/val.csv"), now: 12 * second + second) == nil, "read again from its start")
    }

    /// From a pipe (no size) or past the size a gzip trailer gives (modulo 4 GiB): what was read and the time.
    @Test func withoutAKnownSizeOnlyWhatWasReadAndTheTime() {
        var meter = ReadingMeter(columns: 100)
        _ = meter.update(progress(1, of: nil), now: 0)
        #expect(meter.update(progress(700, of: nil), now: 2 * second) == "\rreading big.csv 700 MB  0:02\u{1B}[K")
        var wrapped = ReadingMeter(columns: 100)
        _ = wrapped.update(progress(1, of: 300), now: 0)
        #expect(wrapped.update(progress(700, of: 300), now: 2 * second) == "\rreading big.csv 700 MB  0:02\u{1B}[K")
        var narrow = ReadingMeter(columns: 30)
        _ = narrow.update(progress(1), now: 0)
        let cut = narrow.update(progress(500), now: second) ?? ""
        #expect(cut.count - 4 < 30, "never wider than the terminal: \(cut.debugDescription)")
    }

    /// The reader reports as it goes, in decoded bytes of the file's (or the gzip trailer's) size, and the
    /// rows are those it reads without a listener.
    @Test(arguments: [false, true])
    func theReaderReportsItsProgressInDecodedBytes(gzipped: Bool) throws {
        let dir = try Scratch.directory().path
        var text = "a,b,label\n"
        for i in 0..<300_000 { text += "\(i % 97).25,\(i % 13),\(i % 3)\n" }  // about 3 MB: a report after each 1 MB read
        let path = dir + (gzipped ? "/rows.csv.gz" : "/rows.csv")
        if gzipped {
            try text.write(toFile: dir + "/plain.csv", atomically: true, encoding: .utf8)
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
            gzip.arguments = ["-c", "gzip -c '\(dir)/plain.csv' > '\(path)'"]
            try gzip.run()
            gzip.waitUntilExit()
        } else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        final class Reports: @unchecked Sendable {
            let lock = NSLock()
            var all: [ReadProgress] = []
        }
        let reports = Reports()
        var options = CSVOptions()
        options.onProgress = { p in reports.lock.withLock { reports.all.append(p) } }
        let table = try CSVReader.read(path: path, label: .auto, options: options)
        #expect(table.rowCount == 300_000)
        #expect(try CSVReader.read(path: path, label: .auto).features == table.features)
        let all = reports.lock.withLock { reports.all }
        #expect(all.count >= 2, "about once per megabyte: \(all.count)")
        #expect(all.allSatisfy { $0.file == path && $0.totalBytes == text.utf8.count })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.bytesRead < $1.bytesRead } && all.last!.bytesRead <= text.utf8.count)
    }
}
