#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Small two-dimensional classification problems for teaching: each one is
/// hopeless for a linear model and easy for a small MLP.
///
/// Every generator is seeded (same seed → identical samples) and returns
/// exactly the requested number of samples.
public enum ToyDataset: String, CaseIterable, Sendable {
    /// Three interleaved spiral arms (the CS231n construction); 3 classes.
    case spiral
    /// Points uniform in [-1, 1]²; label 1 where the coordinates' signs differ.
    case xor
    /// A large circle (label 0) around a small one (label 1), as scikit-learn's `make_circles`.
    case circles
    /// Two interleaving half circles, as scikit-learn's `make_moons`.
    case moons
}

/// A generated toy dataset: `samples` rows of two features and a class label.
public struct ToyData: Sendable, Equatable {
    /// Row-major features.  // (samples, 2)
    public var features: [Double]
    /// One class index per sample, in `0..<classCount`.  // (samples)
    public var labels: [Int]
    /// Number of classes (3 for `spiral`, 2 otherwise).
    public var classCount: Int
    /// Always 2: every toy dataset lives in the plane.
    public var featureCount: Int { 2 }

    /// Number of samples (rows).
    public var sampleCount: Int { labels.count }

    public init(features: [Double], labels: [Int], classCount: Int) {
        precondition(features.count == 2 * labels.count, "ToyData: features must be samples × 2")
        self.features = features
        self.labels = labels
        self.classCount = classCount
    }
}

extension ToyDataset {
    /// Number of classes this dataset generates.
    public var classCount: Int { self == .spiral ? 3 : 2 }

    /// Generates `samples` points (negative counts give an empty dataset).
    ///
    /// `noise` is the standard deviation of the Gaussian noise: added to the
    /// angle for `spiral` (CS231n uses 0.2), to both coordinates otherwise
    /// (scikit-learn's `noise`). `spiral` lists its classes in order, like
    /// CS231n; the others are shuffled, like scikit-learn's `shuffle=True`.
    public func generate(samples: Int, noise: Double, seed: UInt64) -> ToyData {
        var rng = SeededGenerator(seed: seed)
        let n = max(samples, 0)
        let sigma = noise.isFinite ? abs(noise) : 0
        var data: ToyData
        switch self {
        case .spiral: data = Self.spiral(n, sigma, &rng)
        case .xor: data = Self.xor(n, sigma, &rng)
        case .circles: data = Self.twoArcs(n, sigma, &rng, circles: true)
        case .moons: data = Self.twoArcs(n, sigma, &rng, circles: false)
        }
        if self == .circles || self == .moons { Self.shuffle(&data, &rng) }
        return data
    }

    /// `count` evenly spaced values from `a` to `b` (numpy's `linspace`).
    static func linspace(_ a: Double, _ b: Double, _ count: Int, endpoint: Bool = true) -> [Double] {
        guard count > 1 else { return count == 1 ? [a] : [] }
        let steps = Double(endpoint ? count - 1 : count)
        return (0..<count).map { a + (b - a) * Double($0) / steps }
    }

    /// CS231n: for class j, r = linspace(0, 1, N), t = linspace(4j, 4(j+1), N) + N(0, σ²),
    /// x = (r sin t, r cos t). The first `samples % 3` classes get one extra point.
    private static func spiral(_ n: Int, _ sigma: Double, _ rng: inout SeededGenerator) -> ToyData {
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * n)
        labels.reserveCapacity(n)
        for j in 0..<3 {
            let count = n / 3 + (j < n % 3 ? 1 : 0)
            let radii = linspace(0, 1, count)
            let angles = linspace(Double(4 * j), Double(4 * (j + 1)), count)
            for (r, t0) in zip(radii, angles) {
                let t = t0 + rng.nextNormal() * sigma
                features += [r * sin(t), r * cos(t)]
                labels.append(j)
            }
        }
        return ToyData(features: features, labels: labels, classCount: 3)
    }

    /// Uniform in [-1, 1]², labelled by quadrant (1 where x·y < 0), then noise added.
    private static func xor(_ n: Int, _ sigma: Double, _ rng: inout SeededGenerator) -> ToyData {
        var features: [Double] = []
        var labels: [Int] = []
        features.reserveCapacity(2 * n)
        labels.reserveCapacity(n)
        for _ in 0..<n {
            let x = 2 * rng.nextUnit() - 1
            let y = 2 * rng.nextUnit() - 1
            labels.append(x * y < 0 ? 1 : 0)
            features += [x + rng.nextNormal() * sigma, y + rng.nextNormal() * sigma]
        }
        return ToyData(features: features, labels: labels, classCount: 2)
    }

    /// scikit-learn's `make_circles` (factor 0.5) and `make_moons`: the first
    /// ⌊n/2⌋ points (label 0) on the outer arc, the rest (label 1) on the inner.
    private static func twoArcs(
        _ n: Int, _ sigma: Double, _ rng: inout SeededGenerator, circles: Bool
    ) -> ToyData {
        let outer = n / 2
        let inner = n - outer
        var features: [Double] = []
        features.reserveCapacity(2 * n)
        if circles {
            let factor = 0.5
            for t in linspace(0, 2 * Double.pi, outer, endpoint: false) { features += [cos(t), sin(t)] }
            for t in linspace(0, 2 * Double.pi, inner, endpoint: false) {
                features += [factor * cos(t), factor * sin(t)]
            }
        } else {
            for t in linspace(0, Double.pi, outer) { features += [cos(t), sin(t)] }
            for t in linspace(0, Double.pi, inner) { features += [1 - cos(t), 0.5 - sin(t)] }
        }
        for i in features.indices { features[i] += rng.nextNormal() * sigma }
        let labels = [Int](repeating: 0, count: outer) + [Int](repeating: 1, count: inner)
        return ToyData(features: features, labels: labels, classCount: 2)
    }

    /// Shuffles samples (feature rows and labels together), reproducibly.
    private static func shuffle(_ data: inout ToyData, _ rng: inout SeededGenerator) {
        var order = Array(0..<data.sampleCount)
        rng.shuffle(&order)
        data.labels = order.map { data.labels[$0] }
        data.features = order.flatMap { [data.features[2 * $0], data.features[2 * $0 + 1]] }
    }
}
