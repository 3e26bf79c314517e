#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Throws unless a file can be written at `path` the way `AtomicFile.write` writes it: `path` is
/// not a directory and its directory exists and is writable. Checked before a long job (training),
/// so that it does not fail only at the end.
public func checkWritableFilePath(_ path: String) throws {
    guard !path.isEmpty else { throw CheckpointError(file: "\"\"", message: "an empty path, expected a file name to write") }
    var info = stat()
    if stat(path, &info) == 0 {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw CheckpointError(file: path, message: "is a directory, expected a file name to write")
        case S_IFREG: try AtomicFile.checkNotReadOnly(path)
        default:  // a device or FIFO is written in place
            guard access(path, W_OK) == 0 else { throw CheckpointError(file: path, message: "cannot write here: not writable") }
            return
        }
    }
    let directory = AtomicFile.splitPath(try AtomicFile.writeTarget(path)).directory
    guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
        throw CheckpointError(file: path, message: "cannot write here: the directory \(directory) does not exist")
    }
    guard access(directory, W_OK) == 0 else {
        throw CheckpointError(file: path, message: "cannot write here: the directory \(directory) is not writable")
    }
}

/// A command-line file argument: the flag that named it and its path.
public typealias FileArgument = (flag: String, path: String)

/// Refuses a command line that would write over a file it reads (`train --out data.csv`, `predict
/// --out model.safetensors`) or write two outputs to one file: the user would lose the input. Files
/// are compared by identity (device and inode), so `./data.csv` and a symlink to it count too.
/// `-` is refused as an output here: these outputs go to files (predict and make-data, which take `-`
/// for standard output, do not call this with it), and a file named "-" would surprise.
public func checkOutputsSpareInputs(outputs: [FileArgument], inputs: [FileArgument]) throws {
    if let dash = outputs.first(where: { $0.path == "-" }) {
        throw ConfigError(file: nil, message: "\(dash.flag) -: this output is written to a file, not to standard output; name a file (/dev/stdout for standard output, ./- for a file named -)")
    }
    for (k, output) in outputs.enumerated() {
        let id = fileIdentity(output.path)
        if let id, let input = inputs.first(where: { fileIdentity($0.path) == id }) {
            throw ConfigError(file: nil, message: "\(output.flag) \(output.path) is the file \(input.flag) reads; writing it would replace it: choose another name")
        }
        let place = writeLocation(output.path)
        if let other = outputs[..<k].first(where: { $0.path == output.path || (place != nil && writeLocation($0.path) == place) }) {
            throw ConfigError(file: nil, message: "\(output.flag) and \(other.flag) both name \(output.path); choose two names")
        }
    }
}

/// Whether a regular file is at `path` (through links) that is not the checkpoint at `resumedFrom` (by
/// identity): a file from before the run, which an interrupted run must not replace. A device or FIFO
/// (`/dev/null`, a reader) holds nothing to keep: it is written to.
func holdsEarlierFile(_ path: String, resumedFrom: String?) -> Bool {
    isRegularFile(path) && resumedFrom.flatMap(fileIdentity) != fileIdentity(path)
}

/// Whether writing `a` and writing `b` land in one file (`m.svg`, `./m.svg`, a link to it), existing or not.
func writeToSameFile(_ a: String, _ b: String) -> Bool {
    a == b || writeLocation(a).map { $0 == writeLocation(b) } ?? false
}

/// The path of the file an input argument names: "-" is standard input (as ByteSource reads it).
func inputPath(_ argument: String) -> String { argument == "-" ? "/dev/stdin" : argument }

/// Whether a regular file is at `path` (through links).
func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

/// An existing file's device and inode.
func fileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    return stat(path, &info) == 0 ? [UInt64(info.st_dev), UInt64(info.st_ino)] : nil
}

/// Where writing `path` lands: the file's identity when it exists, else its directory's identity and
/// its name, so that `m.csv` and `./runs/../m.csv` match before either exists. Nil when unknown.
private func writeLocation(_ path: String) -> String? {
    guard let target = try? AtomicFile.writeTarget(path) else { return nil }
    if let id = fileIdentity(target) { return "\(id[0]):\(id[1])" }
    let (directory, name) = AtomicFile.splitPath(target)
    return fileIdentity(directory).map { "\($0[0]):\($0[1])/\(name)" }
}
