import Foundation
import TestScratch
import Testing
import TinyNet

@testable import TinyNetIO

/// A generated CSV whose quoted labels hold delimiters, doubled quotes and line breaks, so that with small
/// chunks many fields straddle a chunk boundary; with the features and labels it must read to.
private struct GeneratedCSV {
    var text = "x,\"y, quoted\",label,z\n"
    var features: [Double] = []
    var labels: [String] = []
    var rowLines: [Int] = []

    init(rows: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let labelSpellings: [(String, String)] = [
            ("plain", "plain"), ("\"with, comma\"", "with, comma"), ("\"say \"\"hi\"\"\"", "say \"hi\""),
            ("\"two\nlines\"", "two\nlines"), ("\"crlf\r\ninside\"", "crlf\r\ninside"), ("\"\"\"\"", "\""),
        ]
        var line = 2
        for row in 0..<rows {
            let x = Double(Int.random(in: -5000...5000, using: &rng)) / 100
            let y = Double.random(in: -1...1, using: &rng)
            let z = Double(row)
            let (spelled, label) = labelSpellings[Int.random(in: 0..<labelSpellings.count, using: &rng)]
            let ending = row % 4 == 3 ? "\r\n" : "\n"
            text += "\(x),\"\(y)\",\(spelled),\(Int(z))\(ending)"
            features += [x, y, z]
            labels.append(label)
            rowLines.append(line)
            line += 1 + label.filter { $0 == "\n" || $0 == "\r\n" }.count
        }
    }

    var bytes: [UInt8] { Array(text.utf8) }
}

/// Where two arrays first differ (nil when equal), to keep failure messages short.
private func firstDifference<T: Equatable>(_ got: [T], _ expected: [T]) -> String? {
    if got.count != expected.count { return "\(got.count) elements, expected \(expected.count)" }
    guard let index = got.indices.first(where: { got[$0] != expected[$0] }) else { return nil }
    return "element \(index) is \(got[index]), expected \(expected[index])"
}

@Suite struct ChunkBoundaryTests {
    @Test(arguments: [1, 2, 3, 7, 64, 4096, 1 << 20])
    func multiChunkFileReadsTheSame(chunkSize: Int) throws {
        let csv = GeneratedCSV(rows: 300, seed: 7)
        let table = try CSVReader.read(
            bytes: csv.bytes, name: "gen.csv", label: .auto, featureColumns: nil, options: CSVOptions(),
            chunkSize: chunkSize)
        #expect(table.rowCount == 300)
        #expect(firstDifference(table.features, csv.features) == nil)
        #expect(firstDifference(table.labels, csv.labels) == nil)
        #expect(firstDifference(table.rowLines, csv.rowLines) == nil)
        #expect(table.featureNames == ["x", "y, quoted", "z"])
    }

    @Test func errorLinesAreRightAcrossChunks() {
        var csv = GeneratedCSV(rows: 50, seed: 3)
        csv.text += "1,2,bad,oops\n"
        let lastLine = csv.rowLines.last! + 1 + csv.labels.last!.filter { $0 == "\n" || $0 == "\r\n" }.count
        for chunkSize in [1, 7, 1 << 20] {
            #expect(throws: DataError.self) {
                try CSVReader.read(
                    bytes: csv.bytes, name: "gen.csv", label: .auto, featureColumns: nil, options: CSVOptions(),
                    chunkSize: chunkSize)
            }
            do {
                _ = try CSVReader.read(
                    bytes: csv.bytes, name: "gen.csv", label: .auto, featureColumns: nil, options: CSVOptions(),
                    chunkSize: chunkSize)
            } catch {
                #expect("\(error)" == "gen.csv:\(lastLine):4 (z): found \"oops\", expected a number")
            }
        }
    }

    /// Random small inputs, well-formed or not, must give the same table or the same errors at every chunk size,
    /// plain or gzipped, and never crash.
    @Test func randomInputsReadTheSameAtEveryChunkSize() throws {
        var rng = SeededGenerator(seed: 99)
        var tablesRead = 0
        for trial in 0..<600 {
            let bytes = trial % 3 == 0 ? randomBytes(using: &rng) : randomRows(using: &rng)
            let gzipped = try Gzip.compress(bytes)
            let outcomes = [
                outcome(bytes, chunkSize: 1), outcome(bytes, chunkSize: 3), outcome(bytes, chunkSize: 1 << 20),
                outcome(gzipped, chunkSize: 5),
            ]
            #expect(Set(outcomes).count == 1, "\(bytes): \(outcomes)")
            if outcomes[0].hasPrefix("[") { tablesRead += 1 }
        }
        #expect(tablesRead >= 40, "too few random inputs read as tables to test much")
    }

    /// Bytes from an alphabet of CSV's special characters.
    private func randomBytes(using rng: inout SeededGenerator) -> [UInt8] {
        let alphabet = Array("1,,\"\n\n\r .e-a\t7".utf8) + [0xEF, 0xBB, 0xBF]
        return (0..<Int.random(in: 0...48, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
    }

    /// A header "a,b" and rows made of tokens, mostly valid.
    private func randomRows(using rng: inout SeededGenerator) -> [UInt8] {
        let numbers = ["1", "-2.5", " 3 ", "7e1", "\"4\"", ".5", "1e", ""]
        let labels = ["x", "\"x,y\"", "\"a\nb\"", "\"\"\"\"", "\"\r\n\"", "", "\"open"]
        let endings = ["\n", "\n", "\r\n", "\r", "\n\n"]
        var text = Bool.random(using: &rng) ? "\u{FEFF}a,b" : "a,b"
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            text += endings.randomElement(using: &rng)! + numbers.randomElement(using: &rng)!
            text += "," + labels.randomElement(using: &rng)!
        }
        if Bool.random(using: &rng) { text += endings.randomElement(using: &rng)! }
        return Array(text.utf8)
    }

    private func outcome(_ bytes: [UInt8], chunkSize: Int) -> String {
        do {
            let table = try CSVReader.read(
                bytes: bytes, name: "f.csv", label: .auto, featureColumns: nil, options: CSVOptions(maxErrors: 3),
                chunkSize: chunkSize)
            return "\(table.header) \(table.features) \(table.labels) \(table.rowLines)"
        } catch {
            return "\(error)"
        }
    }

    @Test func fileBiggerThanOneChunkAndTheInitialMatrix() throws {
        let csv = GeneratedCSV(rows: 40_000, seed: 11)
        #expect(csv.bytes.count > 1 << 20)
        let table = try CSVReader.read(bytes: csv.bytes, name: "big.csv", label: .auto)
        #expect(table.rowCount == 40_000)
        #expect(firstDifference(table.features, csv.features) == nil)
        #expect(firstDifference(table.labels, csv.labels) == nil)
    }
}

@Suite struct GzipTests {
    @Test func compressDecompressRoundTrip() throws {
        let csv = GeneratedCSV(rows: 500, seed: 5)
        let packed = try Gzip.compress(csv.bytes)
        #expect(packed.starts(with: [0x1f, 0x8b]))
        #expect(packed.count < csv.bytes.count)
        #expect(try Gzip.decompress(packed) == csv.bytes)
        #expect(try Gzip.decompress(try Gzip.compress([])) == [])
    }

    @Test(arguments: [3, 7, 1 << 20])
    func gzippedCSVReadsLikeThePlainOne(chunkSize: Int) throws {
        let csv = GeneratedCSV(rows: 2000, seed: 9)
        let table = try CSVReader.read(
            bytes: try Gzip.compress(csv.bytes), name: "gen.csv.gz", label: .auto, featureColumns: nil,
            options: CSVOptions(), chunkSize: chunkSize)
        #expect(firstDifference(table.features, csv.features) == nil)
        #expect(firstDifference(table.labels, csv.labels) == nil)
        #expect(firstDifference(table.rowLines, csv.rowLines) == nil)
    }

    @Test func gzipIsDetectedByContentNotName() throws {
        let csv = GeneratedCSV(rows: 100, seed: 1)
        let path = try Scratch.path("d.csv")
        try Data(try Gzip.compress(csv.bytes)).write(to: URL(fileURLWithPath: path))
        let table = try CSVReader.read(path: path, label: .auto)
        #expect(firstDifference(table.features, csv.features) == nil)
        #expect(firstDifference(table.labels, csv.labels) == nil)
    }

    @Test func concatenatedMembersReadAsOneFile() throws {
        let head = Array("a,label\n1,x\n2,".utf8)
        let tail = Array("y\n3,z\n".utf8)
        let packed = try Gzip.compress(head) + Gzip.compress(tail)
        #expect(try Gzip.decompress(packed) == head + tail)
        let table = try CSVReader.read(bytes: packed, name: "two.csv.gz", label: .auto)
        #expect(table.features == [1, 2, 3])
        #expect(table.labels == ["x", "y", "z"])
    }

    /// Zero bytes after the last member (tape-block padding) end the file, as for gzip -d and Python's
    /// gzip; other bytes there are not a gzip member and are refused.
    @Test(arguments: [1, 5, 1 << 20])
    func zeroPaddingAfterTheLastMemberIsIgnored(chunkSize: Int) throws {
        let packed = try Gzip.compress(Array("a,label\n1,x\n2,y\n".utf8))
        let padded = packed + Array(repeating: 0, count: 1000)
        let table = try CSVReader.read(bytes: padded, name: "pad.csv.gz", label: .auto, featureColumns: nil, options: CSVOptions(), chunkSize: chunkSize)
        #expect(table.features == [1, 2] && table.labels == ["x", "y"])
        let error = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: padded + Array("junk".utf8), name: "junk.csv.gz", label: .auto)
        }
        #expect(error?.description.contains("trailing bytes after the gzip data that are not gzip") == true, "\(String(describing: error))")
        let almostMagic = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: packed + [0x1f, 0x00, 0x00], name: "junk.csv.gz", label: .auto)
        }
        #expect(almostMagic?.description.contains("trailing bytes after the gzip data") == true, "\(String(describing: almostMagic))")
    }

    @Test(arguments: [0.5, 0.9, 0.999])
    func truncatedGzipFailsClearly(fraction: Double) throws {
        let csv = GeneratedCSV(rows: 3000, seed: 2)
        let packed = try Gzip.compress(csv.bytes)
        let cut = Array(packed.prefix(Int(Double(packed.count) * fraction)))
        let error = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: cut, name: "cut.csv.gz", label: .auto)
        }
        #expect(error?.description == "cut.csv.gz: gzip data is truncated (the file ends inside the compressed stream)")
    }

    @Test func missingTrailerIsTruncation() throws {
        let packed = try Gzip.compress(Array("a,label\n1,x\n".utf8))
        let error = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: Array(packed.dropLast(4)), name: "cut.csv.gz", label: .auto)
        }
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func corruptGzipFailsWithZlibsReason() throws {
        let csv = GeneratedCSV(rows: 3000, seed: 4)
        var packed = try Gzip.compress(csv.bytes)
        for k in stride(from: packed.count / 2, to: packed.count / 2 + 64, by: 1) { packed[k] ^= 0x5A }
        let error = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: packed, name: "bad.csv.gz", label: .auto)
        }
        #expect(error?.description.hasPrefix("bad.csv.gz: corrupt gzip data: ") == true)
        // The checksum catches damage that still inflates.
        var flipped = try Gzip.compress(Array("a,label\n1,x\n".utf8))
        flipped[flipped.count - 6] ^= 1
        let checksum = #expect(throws: DataError.self) {
            try CSVReader.read(bytes: flipped, name: "crc.csv.gz", label: .auto)
        }
        #expect(checksum?.description == "crc.csv.gz: corrupt gzip data: incorrect data check")
    }
}
