import Foundation
import Testing

/// Under a limit on processes and threads (`ulimit -u`, a container's pids limit) the gzip inflater's and
/// --stream's reading thread cannot start: the file is then read on the main thread, not waited for
/// forever. RLIMIT_NPROC binds only a user other than root, so the runs go as nobody (setpriv), with
/// prlimit setting the limit: where either tool is missing, or nobody cannot run the binary, the test is off.
@Suite struct ProcessLimitTests {
    static let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]

    /// Runs `arguments` of tinynet as nobody with at most `threads` processes and threads of that user.
    static func runAsNobody(threads: Int, _ arguments: [String]) throws -> CLIResult {
        try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/timeout"),
                           ["60", "setpriv"] + nobody + ["prlimit", "--nproc=\(threads)", CLI.binary.path] + arguments)
    }

    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { return false }
        return (try? runAsNobody(threads: 64, ["--version"]).status == 0) ?? false
            && (try? runAsNobody(threads: 64, ["data", CLI.data("digits.csv.gz")]).status == 0) ?? false
    }()

    /// Two threads: the main one and OpenBLAS's second; none left for the inflater or the prefetcher.
    @Test(.enabled(if: available, "needs root, setpriv and prlimit, and a binary and data nobody can read"))
    func gzipAndStreamingReadOnTheMainThreadWhenNoThreadCanStart() throws {
        let data = try Self.runAsNobody(threads: 2, ["data", CLI.data("digits.csv.gz")])
        #expect(data.status == 0 && data.stdout.contains("rows      1797"), "\(data.status): \(data.stderr)")
        let stream = try Self.runAsNobody(threads: 2, ["train", "--data", CLI.data("digits.csv.gz"), "--stream", "--layers", "linear",
                                                       "--epochs", "2", "--out", "/dev/null", "--quiet"])
        #expect(stream.status == 0 && stream.stdout.contains("trained 2 epochs on 1797 rows"), "\(stream.status): \(stream.stderr)")
    }
}
