import Foundation

/// A named training-throughput case: float32, softmax cross-entropy, SGD with
/// momentum 0.9, seeded synthetic data in memory, shuffled every epoch.
public struct BenchmarkCase: Sendable, Equatable {
    public var name: String
    public var widths: [Int]           // input, hidden…, classes
    public var activation: LayerSpec   // between Linear layers
    public var samples: Int
    public var batchSize: Int

    public static let all: [BenchmarkCase] = [
        BenchmarkCase(name: "tiny", widths: [2, 16, 16, 3], activation: .relu, samples: 3_000, batchSize: 32),
        BenchmarkCase(name: "mnist", widths: [784, 256, 128, 10], activation: .relu, samples: 60_000, batchSize: 128),
        BenchmarkCase(name: "wide", widths: [784, 1024, 1024, 10], activation: .relu, samples: 20_000, batchSize: 256),
        BenchmarkCase(name: "sigmoid", widths: [784, 256, 10], activation: .sigmoid, samples: 60_000, batchSize: 64),
    ]

    public var layers: [LayerSpec] {
        var specs: [LayerSpec] = []
        for (i, w) in widths.dropFirst().enumerated() {
            specs.append(.linear(w))
            if i < widths.count - 2 { specs.append(activation) }
        }
        return specs
    }

    /// FLOPs of one epoch: 2·m·n·k for every GEMM run — forward x·Wᵀ, dW = dYᵀ·X, db = 1ᵀ·dY,
    /// and dX = dY·W for every Linear but the first.
    public var flopsPerEpoch: Double {
        var perSample = 0.0
        for i in 0..<(widths.count - 1) {
            let mac = 2.0 * Double(widths[i]) * Double(widths[i + 1])
            perSample += mac * (i == 0 ? 2 : 3) + 2.0 * Double(widths[i + 1])  // the last term: db
        }
        return perSample * Double(samples)
    }
}

/// What a case measured.
public struct BenchmarkResult: Sendable {
    public var name: String
    public var samplesPerSecond: Double  // median epoch
    public var minSamplesPerSecond: Double
    public var maxSamplesPerSecond: Double
    public var gflops: Double
    public var peakFraction: Double
}

public enum Benchmark {
    /// The best sgemm rate on 1024×1024 matrices with the current thread count, in GFLOP/s.
    public static func sgemmPeak(size n: Int = 1024, repeats: Int = 10) -> Double {
        var rng = SeededGenerator(seed: 1)
        let a = Matrix<Float>(rows: n, cols: n, values: (0..<(n * n)).map { _ in Float(rng.nextUnit()) })
        let c = Matrix<Float>(rows: n, cols: n)
        var best = 0.0
        gemm(a, a, into: c)  // warm-up
        for _ in 0..<repeats {
            let t = seconds { gemm(a, a, into: c) }
            best = max(best, 2 * Double(n * n * n) / t / 1e9)
        }
        return best
    }

    /// Trains `benchmarkCase` for one warm-up epoch and `epochs` timed ones.
    public static func run(_ benchmarkCase: BenchmarkCase, epochs: Int = 5, peakGflops: Double) throws -> BenchmarkResult {
        var rng = SeededGenerator(seed: 42)
        let (inputs, classes) = (benchmarkCase.widths.first!, benchmarkCase.widths.last!)
        let data = syntheticData(samples: benchmarkCase.samples, inputs: inputs, classes: classes, using: &rng)
        let network = Sequential<Float>(specs: benchmarkCase.layers, inputs: inputs, using: &rng)
        var options = TrainingOptions()
        (options.batchSize, options.momentum, options.epochs) = (benchmarkCase.batchSize, 0.9, 1)
        let trainer = Trainer(network: network, loss: SoftmaxCrossEntropy<Float>(), options: options)
        try trainer.fit(data)  // warm-up: buffers sized, caches hot
        var rates: [Double] = []
        for _ in 0..<max(epochs, 1) {
            trainer.options.epochs += 1
            let t = try seconds { try trainer.fit(data) }
            rates.append(Double(benchmarkCase.samples) / t)
        }
        rates.sort()
        let middle = rates.count / 2  // rates are sorted; an even count averages the two middle ones
        let median = rates.count % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2
        let gflops = benchmarkCase.flopsPerEpoch / (Double(benchmarkCase.samples) / median) / 1e9
        return BenchmarkResult(
            name: benchmarkCase.name, samplesPerSecond: median, minSamplesPerSecond: rates.first!,
            maxSamplesPerSecond: rates.last!, gflops: gflops, peakFraction: peakGflops > 0 ? gflops / peakGflops : 0)
    }

    /// Standard normal features; labels = argmax of a fixed random linear map, so the data is learnable.
    static func syntheticData(samples: Int, inputs: Int, classes: Int, using rng: inout SeededGenerator) -> Dataset<Float> {
        let x = Matrix<Float>(rows: samples, cols: inputs, values: (0..<(samples * inputs)).map { _ in Float(rng.nextNormal()) })
        let map = Matrix<Float>(rows: classes, cols: inputs, values: (0..<(classes * inputs)).map { _ in Float(rng.nextNormal()) })
        let scores = matmul(x, map, transposeB: true)
        let labels = (0..<samples).map { predictedClass(scores, row: $0) }
        let t = Matrix<Float>(rows: samples, cols: 1, values: labels.map { Float($0) })
        return Dataset(features: x, targets: t, classIndices: labels)
    }

    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
