import Foundation
import TestScratch
import Testing
import TinyNet
@testable import TinyNetIO

/// The safetensors container: round trips, byte-stable output, atomic writes,
/// validation of corrupted files, a seeded fuzz pass, and a cross-check with the
/// reference Python implementation when it is installed.
@Suite struct SafetensorsTests {
    // MARK: Fixtures

    /// Tensors of both dtypes and of rank 0, 1 and 2, including empty ones.
    static func sample() -> SafetensorsFile {
        SafetensorsFile(
            tensors: [
                "0.weight": SafeTensor(shape: [2, 3], floats: [1, -2.5, 3.25, 0, 1e-30, -7]),
                "0.bias": SafeTensor(shape: [2], floats: [0.5, -0.125]),
                "preprocess.mean": SafeTensor(shape: [3], doubles: [1.0 / 3.0, -2e300, 0x1p-1040]),
                "scalar": SafeTensor(shape: [], doubles: [42]),
                "empty": SafeTensor(shape: [0], floats: []),
                "empty2d": SafeTensor(shape: [2, 0], doubles: []),
            ],
            metadata: ["format": "pt", "tinynet": "1", "layers": "[\"linear:2\"]",
                       "odd \"key\"\\": "line\nbreak\t\u{1}é🙂"])
    }

    /// A file built by hand: header length (default: the header's), header text, data.
    static func raw(_ header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        return withUnsafeBytes(of: (length ?? UInt64(h.count)).littleEndian, Array.init) + h + data
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        try Scratch.directory().path
    }

    static func contents(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    // MARK: Round trip and format

    @Test func roundTripPreservesTensorsAndMetadata() throws {
        let file = Self.sample()
        let decoded = try SafetensorsFile.decode(file.encoded(), name: "mem")
        #expect(decoded == file)
        #expect(decoded.metadata["odd \"key\"\\"] == "line\nbreak\t\u{1}é🙂")
        #expect(decoded.tensors["scalar"]?.shape == [])
        #expect(decoded.tensors["empty"]?.values == .f32([]))
        #expect(decoded.tensors["preprocess.mean"]?.values == .f64([1.0 / 3.0, -2e300, 0x1p-1040]))
        #expect(decoded.tensors["0.weight"]?.doubles == [1, -2.5, 3.25, 0, Double(Float(1e-30)), -7])
        #expect(decoded.tensors["scalar"]?.floats == [42])
    }

    @Test func roundTripKeepsSpecialValuesBitExact() throws {
        let floats: [Float] = [.nan, -.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let doubles: [Double] = [.nan, .signalingNaN, -0.0, .leastNonzeroMagnitude, .infinity]
        let file = SafetensorsFile(tensors: ["f": SafeTensor(shape: [7], floats: floats),
                                             "d": SafeTensor(shape: [5], doubles: doubles)])
        let decoded = try SafetensorsFile.decode(file.encoded(), name: "mem")
        #expect(decoded.tensors["f"]?.floats.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(decoded.tensors["d"]?.doubles.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    @Test func emptyFileRoundTrips() throws {
        let bytes = SafetensorsFile().encoded()
        #expect(bytes == Self.raw("{}      "))
        #expect(try SafetensorsFile.decode(bytes, name: "mem") == SafetensorsFile())
    }

    @Test func headerIsExactCompactJSON() {
        let file = SafetensorsFile(
            tensors: ["b": SafeTensor(shape: [1], doubles: [2]), "a": SafeTensor(shape: [2], floats: [1, 2])],
            metadata: ["z": "1", "q\"": "x\\y"])
        let bytes = file.encoded()
        let header = String(decoding: bytes[8...].prefix(Int(bytes[0])), as: UTF8.self)
        #expect(header == #"{"__metadata__":{"q\"":"x\\y","z":"1"},"# +
            #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"# +
            #""b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"# + "      ")
        #expect(Array(bytes.suffix(16)) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x40])
    }

    @Test func encodingIsDeterministicAndIndependentOfInsertionOrder() {
        let names = (0..<40).map { "layer.\($0).weight" }
        var forward = [String: SafeTensor](minimumCapacity: 1)
        var backward = [String: SafeTensor](minimumCapacity: 500)
        for (i, name) in names.enumerated() { forward[name] = SafeTensor(shape: [1], floats: [Float(i)]) }
        for (i, name) in names.enumerated().reversed() { backward[name] = SafeTensor(shape: [1], floats: [Float(i)]) }
        var metaA: [String: String] = [:], metaB: [String: String] = [:]
        for i in 0..<20 { metaA["k\(i)"] = "\(i)" }
        for i in (0..<20).reversed() { metaB["k\(i)"] = "\(i)" }
        let a = SafetensorsFile(tensors: forward, metadata: metaA).encoded()
        let b = SafetensorsFile(tensors: backward, metadata: metaB).encoded()
        #expect(a == b)
        #expect(a == SafetensorsFile(tensors: forward, metadata: metaA).encoded())
        #expect(Self.sample().encoded() == Self.sample().encoded())
    }

    @Test(arguments: 1...17) func headerIsPaddedWithSpacesToAMultipleOf8(nameLength: Int) {
        let file = SafetensorsFile(tensors: [String(repeating: "w", count: nameLength): SafeTensor(shape: [1], floats: [1])])
        let bytes = file.encoded()
        let length = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(length % 8 == 0)
        let header = Array(bytes[8..<8 + length])
        let close = header.lastIndex(of: UInt8(ascii: "}"))!
        #expect(header[(close + 1)...].allSatisfy { $0 == UInt8(ascii: " ") })
        #expect(header.count - close - 1 < 8)
        #expect(bytes.count == 8 + length + 4)
    }

    @Test func errorDescriptionNamesTheFile() {
        let error = CheckpointError(file: "model.safetensors", message: "tensor '0.weight' has dtype BF16")
        #expect(error.description == "model.safetensors: tensor '0.weight' has dtype BF16")
    }
}

// MARK: - Atomic writes and loading from disk

extension SafetensorsTests {
    @Test func writeThenLoadLeavesNoTemporaryFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/model.safetensors"
        try Self.sample().write(toFile: path)
        let replacement = SafetensorsFile(tensors: ["x": SafeTensor(shape: [1], floats: [9])])
        try replacement.write(toFile: path)
        #expect(try SafetensorsFile.load(path: path) == replacement)
        #expect(try Self.contents(dir) == ["model.safetensors"])
    }

    /// A file is read only when its bytes and its decoded tensors (twice its size) fit in what is left.
    @Test func aFileTwiceTheSizeOfWhatIsLeftIsRefusedBeforeItIsRead() throws {
        let left = MemoryBound(bytes: 1e9, source: "left under the address-space limit (ulimit -v)", besideProcess: true)
        try SafetensorsFile.checkFitsInMemory(bytes: 400_000_000, available: left, path: "m.safetensors")
        try SafetensorsFile.checkFitsInMemory(bytes: 600_000_000, available: nil, path: "m.safetensors")
        #expect(throws: CheckpointError(file: "m.safetensors", message: "holds 0.6 GB of tensors, and reading them takes about 1.2 GB "
            + "of memory, more than the 1.0 GB left under the address-space limit (ulimit -v)")) {
            try SafetensorsFile.checkFitsInMemory(bytes: 600_000_000, available: left, path: "m.safetensors")
        }
    }

    /// A damaged header that claims a terabyte of tensors in a file of a few bytes is a truncated file, not an
    /// allocation of the terabyte (the reader reserved what the header claimed, and crashed).
    @Test func aHeaderClaimingATerabyteInASmallFileIsTruncated() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var header = Array(#"{"0.weight":{"dtype":"F32","shape":[274877906944],"data_offsets":[0,1099511627776]}}"#.utf8)
        header += Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + [1, 2, 3, 4]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/m.safetensors"))
        #expect {
            try SafetensorsFile.load(path: dir + "/m.safetensors")
        } throws: { ($0 as? CheckpointError)?.message.contains("truncated") == true }
    }

    @Test func failedWriteLeavesExistingFileUntouched() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/model.safetensors"
        try Self.sample().write(toFile: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Injected: Error {}
        #expect(throws: Injected.self) {
            try AtomicFile.write([1, 2, 3], toPath: path, beforeRename: { throw Injected() })
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Self.contents(dir) == ["model.safetensors"])
    }

    @Test func writeOntoADirectoryFailsAndCleansUp() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ckpt"
        try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
        let error = #expect(throws: CheckpointError.self) { try Self.sample().write(toFile: path) }
        #expect(error?.file == path)
        #expect(try Self.contents(dir) == ["ckpt"])
        #expect(try Self.contents(path) == ["inner"])
    }

    @Test(.enabled(if: geteuid() != 0, "root ignores directory permissions, so the directory cannot be made unwritable"))
    func writeIntoUnwritableDirectoryLeavesFileUntouched() throws {
        let dir = try Self.temporaryDirectory()
        defer { chmod(dir, 0o755); try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/model.safetensors"
        try Self.sample().write(toFile: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        chmod(dir, 0o555)
        let error = #expect(throws: CheckpointError.self) { try SafetensorsFile().write(toFile: path) }
        #expect(error?.message.contains("cannot create the temporary file") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Self.contents(dir) == ["model.safetensors"])
    }

    @Test func writeIntoMissingDirectoryNamesTheFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/model.safetensors"
        let error = #expect(throws: CheckpointError.self) { try SafetensorsFile().write(toFile: path) }
        #expect(error?.description.hasPrefix(path + ": cannot create the temporary file") == true)
    }

    @Test func loadReportsMissingFilesAndDirectories() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = #expect(throws: CheckpointError.self) { try SafetensorsFile.load(path: dir + "/nope") }
        #expect(missing?.message.contains("cannot open") == true)
        let directory = #expect(throws: CheckpointError.self) { try SafetensorsFile.load(path: dir) }
        #expect(directory?.message.contains("is a directory") == true)
    }

    @Test func splitPathHandlesRelativeAndRootPaths() {
        #expect(AtomicFile.splitPath("model.safetensors") == (".", "model.safetensors"))
        #expect(AtomicFile.splitPath("/m") == ("/", "m"))
        #expect(AtomicFile.splitPath("a/b/c") == ("a/b", "c"))
    }
}

// MARK: - Corrupted files

extension SafetensorsTests {
    struct Corruption: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: String
        var testDescription: String { name }
    }

    static let entry = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#

    static let corruptions: [Corruption] = {
        let valid = sample().encoded()
        let eight = [UInt8](repeating: 0, count: 8)
        func c(_ name: String, _ bytes: [UInt8], _ expected: String) -> Corruption {
            Corruption(name: name, bytes: bytes, expected: expected)
        }
        return [
            c("shorter than 8 bytes", [1, 0, 0], "file is 3 bytes, too short"),
            c("truncated data", Array(valid.dropLast(4)), "extend beyond the data section"),
            c("header length beyond the file", raw("{}", length: 1000), "header length 1000 extends beyond the end of the file (10 bytes)"),
            c("header length over 100MB", raw("{}", length: 200_000_000), "header length 200000000 exceeds the limit of 100000000 bytes"),
            c("header length 2^64-1", raw("{}", length: .max), "exceeds the limit"),
            c("a CSV file", Array("sepal_length,sepal_width\n5.1,3.5\n".utf8),
              "not a safetensors checkpoint: it starts with text (\"sepal_le\" …), as a CSV file does"),
            c("a gzip file", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], "not a safetensors checkpoint: it starts as a gzip file does"),
            // gzip -n: no time stamp, so the first eight bytes read as a header length of 560 927, within a larger file
            c("a gzip file without a time stamp", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0] + [UInt8](repeating: 7, count: 600_000),
              "not a safetensors checkpoint: it starts as a gzip file does"),
            c("a torch.save file (zip)", Array("PK\u{3}\u{4}".utf8) + [0, 0, 8, 0] + [UInt8](repeating: 1, count: 64),
              "not a safetensors checkpoint: it is a zip archive, as PyTorch's torch.save writes (.pt, .pth)"),
            c("a CSV file with a byte-order mark", [0xEF, 0xBB, 0xBF] + Array("caf\u{E9},b\n1,2\n".utf8),
              "it starts with text (\"caf\u{E9}\" …), as a CSV file does"),
            c("eight bytes of text", Array("a,b\n1,2\n".utf8), "it starts with text (\"a,b\\n1,2\\n\"), as a CSV file does"),
            c("non-JSON header", raw("{not json}"), "header is not valid JSON: expected a string key at byte 1"),
            c("empty header", raw(""), "header is not valid JSON: unexpected end of JSON"),
            c("invalid UTF-8", raw("{}", length: 3) + [0xFF], "header is not valid UTF-8"),
            c("JSON array", raw("[1,2]"), "header is an array, expected a JSON object"),
            c("text after the JSON", raw("{} {}"), "unexpected text after the JSON value"),
            c("deep nesting", raw(String(repeating: "[", count: 100_000)), "nesting deeper than 64 levels"),
            c("metadata not an object", raw(#"{"__metadata__":[]}"#), "__metadata__ is an array, expected an object of strings"),
            c("metadata value not a string", raw(#"{"__metadata__":{"epochs":3}}"#), "__metadata__ 'epochs' is the number 3, expected a string"),
            c("duplicate tensor", raw(#"{"w":\#(entry),"w":\#(entry)}"#, data: eight), "header has the key 'w' twice"),
            c("entry not an object", raw(#"{"w":5}"#), "tensor 'w' is the number 5, expected an object"),
            c("missing dtype", raw(#"{"w":{"shape":[],"data_offsets":[0,4]}}"#, data: eight), "tensor 'w' has no dtype"),
            c("unknown entry key", raw(#"{"w":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":1}}"#), "tensor 'w' has the unknown key 'x'"),
            c("overlapping spans", raw(#"{"a":\#(entry),"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "tensors 'a' [0, 8] and 'b' [4, 8] overlap"),
            c("gap between spans", raw(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: eight + [0, 0, 0, 0]), "gap in the data section: bytes 4..<8 before tensor 'b'"),
            c("span not starting at 0", raw(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "bytes 0..<4 before tensor 'w'"),
            c("trailing bytes", raw(#"{"w":\#(entry)}"#, data: eight + [1, 2, 3]), "3 trailing bytes after the last tensor"),
            c("dtype BF16", raw(#"{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "tensor 'w' has dtype BF16; tinynet reads F32 and F64"),
            c("dtype I64", raw(#"{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has dtype I64"),
            c("dtype not a string", raw(#"{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}"#), "tensor 'w' dtype is the number 4, expected a string"),
            c("shape × size ≠ span", raw(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has shape [3] of F32, 12 bytes, but data_offsets [0, 8] span 8 bytes"),
            c("negative shape", raw(#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#), "tensor 'w' shape contains the negative dimension -1"),
            c("fractional shape", raw(#"{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, data: eight), "shape contains the number 2.0, expected non-negative integers"),
            c("huge shape number", raw(#"{"w":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}"#), "shape contains the number 99999999999999999999"),
            c("shape product overflow", raw(#"{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#), "has more elements than can be addressed"),
            c("bytes overflow", raw(#"{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]}}"#), "has more elements than can be addressed"),
            c("shape not an array", raw(#"{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}"#), "shape is a string, expected an array"),
            c("offsets out of order", raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: eight), "data_offsets [8, 0] are out of order"),
            c("negative offset", raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#), "data_offsets [-8, 0] contain a negative offset"),
            c("non-integer offset", raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8e0]}}"#), "data_offsets must be two integers, found [the number 0, the number 8e0]"),
            c("three offsets", raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}"#), "expected an array of two integers"),
            c("lone surrogate", raw(#"{"\ud800":1}"#), "lone surrogate"),
            c("control character in a key", raw("{\"a\u{1}\":1}"), "control character in string"),
            c("unit separator in a key", raw("{\"a\u{1F}\":1}"), "control character in string"),
            c("high surrogate before a non-surrogate", raw(#"{"\ud800\ue000":1}"#), "lone surrogate"),
            c("duplicate metadata key", raw(#"{"__metadata__":{"k":"a","k":"b"}}"#), "__metadata__ has the key 'k' twice"),
            c("dtype twice", raw(#"{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has the key 'dtype' twice"),
            c("shape twice", raw(#"{"w":{"dtype":"F32","shape":[2],"shape":[2],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has the key 'shape' twice"),
            c("data_offsets twice", raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has the key 'data_offsets' twice"),
            c("span longer than the shape", raw(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#, data: eight), "tensor 'w' has shape [1] of F32, 4 bytes, but data_offsets [0, 8] span 8 bytes"),
            c("spans overlapping by one byte", raw(#"{"a":\#(entry),"b":{"dtype":"F32","shape":[1],"data_offsets":[7,11]}}"#, data: eight + [0, 0, 0]), "tensors 'a' [0, 8] and 'b' [7, 11] overlap"),
        ]
    }()

    @Test(arguments: corruptions)
    func corruptedFileIsRejectedWithAClearMessage(_ case_: Corruption) {
        let error = #expect(throws: CheckpointError.self) {
            _ = try SafetensorsFile.decode(case_.bytes, name: "bad.safetensors")
        }
        #expect(error?.file == "bad.safetensors")
        #expect(error?.message.contains(case_.expected) == true, "message: \(error?.message ?? "none")")
    }

    @Test func validHandWrittenHeadersAreAccepted() throws {
        // Whitespace, escapes, offsets out of key order, zero-size tensors between others.
        let header = #" { "b" : {"shape":[1],"data_offsets":[4,8],"dtype":"F32"}, "\u00e9\n" :"# +
            #" {"dtype":"F32","shape":[0],"data_offsets":[4,4]}, "a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"# +
            #" "__metadata__": {"k": "v\/\"\ud83d\ude42"} }  "#
        let data: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]
        let file = try SafetensorsFile.decode(Self.raw(header, data: data), name: "ok")
        #expect(file.tensors["a"] == SafeTensor(shape: [], floats: [1]))
        #expect(file.tensors["b"] == SafeTensor(shape: [1], floats: [2]))
        #expect(file.tensors["é\n"] == SafeTensor(shape: [0], floats: []))
        #expect(file.metadata == ["k": "v/\"🙂"])
    }

    /// \u escapes may use upper-case hex digits (JSON allows both cases): "\u00C9" is É, as "\u00c9" is.
    @Test func unicodeEscapesReadUpperAndLowerCaseHex() throws {
        let header = #"{"\u00C9\u00e9":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":"\uD83D\uDE42\u00FF"}}"#
        let file = try SafetensorsFile.decode(Self.raw(header, data: [0, 0, 0x80, 0x3F]), name: "ok")
        #expect(file.tensors["Éé"] == SafeTensor(shape: [1], floats: [1]))
        #expect(file.metadata == ["k": "🙂ÿ"])
    }

    /// load(path:) reads a file whose header lists its tensors in another order than their data (as another
    /// writer may): it reads up to the end of the furthest tensor, not of the one listed last.
    @Test func loadReadsAFileWhoseHeaderListsTensorsOutOfDataOrder() throws {
        let dir = try Self.temporaryDirectory()
        let path = dir + "/other.safetensors"
        let header = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        try Data(Self.raw(header, data: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])).write(to: URL(fileURLWithPath: path))
        let file = try SafetensorsFile.load(path: path)
        #expect(file.tensors == ["a": SafeTensor(shape: [1], floats: [1]), "b": SafeTensor(shape: [1], floats: [2])])
    }

    @Test func unalignedDataIsReadCorrectly() throws {
        // A header length that is not a multiple of 8 puts the data at an odd offset.
        let header = #"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        #expect((8 + header.utf8.count) % 8 != 0)
        let data = withUnsafeBytes(of: (1.0 / 3.0).bitPattern.littleEndian, Array.init)
        let file = try SafetensorsFile.decode(Self.raw(header, data: data), name: "odd")
        #expect(file.tensors["d"]?.doubles == [1.0 / 3.0])
    }

    @Test func fuzzedFilesDecodeOrThrowCheckpointError() {
        let valid = Self.sample().encoded()
        let headerEnd = 8 + Int(valid[0]) + Int(valid[1]) << 8
        var rng = SeededGenerator(seed: 2024)
        var accepted = 0, rejected = 0
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0...rng.nextIndex(below: 4) {
                // Mostly hit the header, where the structure lives.
                let i = rng.nextIndex(below: 2) == 0 ? rng.nextIndex(below: headerEnd) : rng.nextIndex(below: bytes.count)
                bytes[i] = rng.nextIndex(below: 2) == 0 ? bytes[i] ^ UInt8(1 << rng.nextIndex(below: 8)) : UInt8(rng.nextIndex(below: 256))
            }
            if rng.nextIndex(below: 4) == 0 { bytes.removeLast(rng.nextIndex(below: bytes.count + 1)) }
            do {
                let file = try SafetensorsFile.decode(bytes, name: "fuzz")
                let again = try SafetensorsFile.decode(file.encoded(), name: "fuzz")
                #expect(again.encoded() == file.encoded())
                accepted += 1
            } catch is CheckpointError {
                rejected += 1
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
        #expect(accepted + rejected == 2000)
        #expect(accepted > 0 && rejected > 0, "accepted \(accepted), rejected \(rejected)")
    }
}

// MARK: - JSON reader

extension SafetensorsTests {
    @Test func jsonReaderKeepsNumbersAsText() throws {
        let value = try JSONParser.parse(Array(#"[0, -0, 12, 1.5, -2e-3, 9223372036854775807, 9223372036854775808]"#.utf8))
        guard case .array(let items) = value else { Issue.record("not an array"); return }
        #expect(items.map(\.intValue) == [0, 0, 12, nil, nil, .max, nil])
    }

    @Test(arguments: ["01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "\"\\x\"", "\"\\u12\"", "[1,]", "{\"a\"1}", "{,}", "\"abc"])
    func jsonReaderRejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}

// MARK: - Cross-check with the reference implementation (Python `safetensors`)

extension SafetensorsTests {
    /// Runs `python3 -c script args…`; returns stdout, or nil when python fails.
    static func python(_ script: String, _ args: [String] = []) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    static let pythonHasSafetensors: Bool = python("import numpy, safetensors.numpy") != nil

    static let reference = Testing.ConditionTrait.enabled(
        if: pythonHasSafetensors, "python3 with the safetensors and numpy packages is not importable")

    @Test(reference) func referenceLoaderReadsOurFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ours.safetensors"
        let file = Self.sample()
        try file.write(toFile: path)
        let script = """
            import json, sys
            from safetensors import safe_open
            from safetensors.numpy import load_file
            t = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="np") as f: meta = f.metadata()
            print(json.dumps({"tensors": {k: {"dtype": str(v.dtype), "shape": list(v.shape),
                "values": [x.hex() for x in v.astype("float64").ravel().tolist()]} for k, v in t.items()}, "metadata": meta}))
            """
        let output = try #require(Self.python(script, [path]))
        let json = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(json["metadata"] as? [String: String] == file.metadata)
        let tensors = try #require(json["tensors"] as? [String: [String: Any]])
        #expect(Set(tensors.keys) == Set(file.tensors.keys))
        for (name, tensor) in file.tensors {
            let seen = try #require(tensors[name])
            let dtype = tensor.values == .f32(tensor.floats) ? "float32" : "float64"
            #expect(seen["dtype"] as? String == dtype, "\(name)")
            #expect(seen["shape"] as? [Int] == tensor.shape, "\(name)")
            // Hex floats: Foundation's JSON number parsing is not correctly rounded on Linux.
            #expect((seen["values"] as? [String])?.map { Double($0) } == tensor.doubles, "\(name)")
        }
    }

    @Test(reference) func weReadReferenceFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/theirs.safetensors"
        let script = """
            import sys, numpy as np
            from safetensors.numpy import save_file
            save_file({"0.weight": (np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(3)),
                       "0.bias": np.array([-1.5, 2.25], dtype=np.float64),
                       "scalar": np.array(7, dtype=np.float32), "empty": np.zeros((0,), dtype=np.float64)},
                      sys.argv[1], metadata={"format": "pt", "note": "caf\\u00e9 \\"q\\""})
            """
        _ = try #require(Self.python(script, [path]))
        let file = try SafetensorsFile.load(path: path)
        #expect(file.metadata == ["format": "pt", "note": "café \"q\""])
        #expect(file.tensors["0.weight"] == SafeTensor(shape: [2, 3], floats: (0..<6).map { Float($0) / 3 }))
        #expect(file.tensors["0.bias"] == SafeTensor(shape: [2], doubles: [-1.5, 2.25]))
        #expect(file.tensors["scalar"] == SafeTensor(shape: [], floats: [7]))
        #expect(file.tensors["empty"] == SafeTensor(shape: [0], doubles: []))
    }

    @Test(reference) func singleDtypeFilesAreByteIdenticalToTheReferenceWriter() throws {
        let file = SafetensorsFile(
            tensors: ["b": SafeTensor(shape: [3], floats: [0, 1, 2]), "a": SafeTensor(shape: [2, 0], floats: []),
                      "s": SafeTensor(shape: [], floats: [1.5])],
            metadata: ["format": "pt"])
        let script = """
            import sys, numpy as np
            from safetensors.numpy import save
            sys.stdout.write(save({"b": np.arange(3, dtype=np.float32), "a": np.zeros((2, 0), dtype=np.float32),
                                   "s": np.array(1.5, dtype=np.float32)}, metadata={"format": "pt"}).hex())
            """
        let hex = try #require(Self.python(script))
        #expect(file.encoded().map { String(format: "%02x", $0) }.joined() == hex)
    }
}
