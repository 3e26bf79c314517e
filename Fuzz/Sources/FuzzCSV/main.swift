import CLibFuzzer
import Glibc
import TinyNetIO

/// libFuzzer entry: one input is the bytes of a would-be CSV (or gzipped CSV) file.
///
/// The reader runs as in-memory `train` (label found automatically), with named
/// feature columns and an optional label, and header-less with another delimiter
/// and several collected errors; the streaming reader runs as `eval`/`predict` and
/// `train --stream` read (chunks of 3 rows, input handed over 7 bytes at a time).
/// Every input must be read or refused with a `DataError`; a crash or a sanitizer
/// report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let name = "fuzz.csv"
    if let table = try? CSVReader.read(bytes: bytes, name: name, label: .auto) {
        precondition(table.features.count == table.rowCount * table.featureNames.count, "matrix size")
    }
    _ = try? CSVReader.read(bytes: bytes, name: name, label: .optionalName("label"), featureColumns: ["a", "b"])
    let options = CSVOptions(delimiter: UInt8(ascii: ";"), hasHeader: false, maxErrors: 5)
    _ = try? CSVReader.read(bytes: bytes, name: name, label: .index(0), options: options)
    if let stream = try? CSVStream(bytes: bytes, name: name, label: .optionalName("label"), featureColumns: ["a", "b"],
                                   options: CSVOptions(maxErrors: 5), chunkRows: 3, chunkSize: 7) {
        while let chunk = try? stream.nextChunk() {
            precondition(chunk.table.features.count == chunk.table.rowCount * 2 && chunk.table.rowCount <= 3, "chunk size")
        }
    }
    return 0
}

// SwiftPM links this file's top-level code as the program's `main`: hand over to libFuzzer.
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, fuzzCSV))
