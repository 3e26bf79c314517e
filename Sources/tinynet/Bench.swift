import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Training throughput against the machine's sgemm peak.")

    @Option(name: .customLong("case"), help: "Run only this case: \(BenchmarkCase.all.map(\.name).joined(separator: ", ")).")
    var caseName: String?
    @Option(parsing: .unconditional, help: "OpenBLAS threads when a case's largest product, batch × fan-in × fan-out, reaches 4M; a smaller case trains on one (default: all cores).")
    var threads: Int?
    @Option(parsing: .unconditional, help: "Timed epochs per case, after one warm-up epoch.")
    var epochs = 5
    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if let caseName, !BenchmarkCase.all.contains(where: { $0.name == caseName }) {
            throw ValidationError("unknown case '\(caseName)'; cases: \(BenchmarkCase.all.map(\.name).joined(separator: ", "))")
        }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if let threads { useBLASThreads(threads) } else { BLASThreads.setLimit(BLASThreads.cappedByBuffers(ProcessInfo.processInfo.activeProcessorCount)) }
        let peak = Benchmark.sgemmPeak()
        let cases = BenchmarkCase.all.filter { caseName == nil || $0.name == caseName }
        if !json { print("sgemm peak: \(String(format: "%.1f", peak)) GFLOP/s on \(counted(BLASThreads.limit, "thread"))") }
        var results: [BenchmarkResult] = []
        for c in cases {
            let r = try Benchmark.run(c, epochs: epochs, peakGflops: peak)
            results.append(r)
            if !json {
                print(rightPad(r.name, 8) + String(format: "%12.0f samples/s (min %.0f, max %.0f)  %7.1f GFLOP/s  %5.1f%% of peak",
                             r.samplesPerSecond, r.minSamplesPerSecond, r.maxSamplesPerSecond, r.gflops, 100 * r.peakFraction))
            }
        }
        if json {
            let cases = results.map { r -> [String: Any] in
                ["name": r.name, "samples_per_second": r.samplesPerSecond, "min_samples_per_second": r.minSamplesPerSecond,
                 "max_samples_per_second": r.maxSamplesPerSecond, "gflops": r.gflops, "peak_fraction": r.peakFraction]
            }
            printJSON(["sgemm_peak_gflops": peak, "threads": BLASThreads.limit, "cases": cases])
        }
    }
}
