import Testing
@testable import TinyNet

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

@Suite struct ToyDataTests {
    @Test(arguments: ToyDataset.allCases)
    func sameSeedGivesIdenticalData(_ dataset: ToyDataset) {
        let a = dataset.generate(samples: 200, noise: 0.1, seed: 7)
        let b = dataset.generate(samples: 200, noise: 0.1, seed: 7)
        #expect(a == b)
    }

    @Test(arguments: ToyDataset.allCases)
    func differentSeedGivesDifferentData(_ dataset: ToyDataset) {
        let a = dataset.generate(samples: 200, noise: 0.1, seed: 7)
        let b = dataset.generate(samples: 200, noise: 0.1, seed: 8)
        #expect(a.features != b.features)
    }

    @Test(arguments: ToyDataset.allCases, [0, 1, 2, 3, 100, 301, 1000])
    func shapeAndLabelRange(_ dataset: ToyDataset, samples: Int) {
        let d = dataset.generate(samples: samples, noise: 0.2, seed: 1)
        #expect(d.labels.count == samples)
        #expect(d.features.count == samples * 2)
        #expect(d.featureCount == 2)
        #expect(d.classCount == (dataset == .spiral ? 3 : 2))
        #expect(d.classCount == dataset.classCount)
        #expect(d.labels.allSatisfy { (0..<d.classCount).contains($0) })
        #expect(d.features.allSatisfy { $0.isFinite })
    }

    @Test func negativeSampleCountGivesEmptyData() {
        let d = ToyDataset.moons.generate(samples: -5, noise: 0.1, seed: 0)
        #expect(d.labels.isEmpty && d.features.isEmpty)
    }

    @Test(arguments: [ToyDataset.spiral, .circles, .moons], [300, 301, 302])
    func classesAreBalancedExactly(_ dataset: ToyDataset, samples: Int) {
        let d = dataset.generate(samples: samples, noise: 0.1, seed: 3)
        let counts = (0..<d.classCount).map { c in d.labels.filter { $0 == c }.count }
        #expect(counts.reduce(0, +) == samples)
        #expect(counts.max()! - counts.min()! <= 1)
    }

    @Test func xorClassesAreRoughlyBalanced() {
        let d = ToyDataset.xor.generate(samples: 4000, noise: 0, seed: 5)
        let ones = d.labels.filter { $0 == 1 }.count
        #expect(abs(ones - 2000) < 200)
    }

    @Test func xorLabelsFollowQuadrantsWithoutNoise() {
        let d = ToyDataset.xor.generate(samples: 500, noise: 0, seed: 9)
        for i in 0..<d.sampleCount {
            let x = d.features[2 * i], y = d.features[2 * i + 1]
            #expect(abs(x) <= 1 && abs(y) <= 1)
            #expect(d.labels[i] == (x * y < 0 ? 1 : 0))
        }
    }

    @Test func spiralWithoutNoiseLiesOnTheSpiral() {
        let n = 100
        let d = ToyDataset.spiral.generate(samples: 3 * n, noise: 0, seed: 11)
        for j in 0..<3 {
            for i in 0..<n {
                let row = j * n + i
                let x = d.features[2 * row], y = d.features[2 * row + 1]
                let r = Double(i) / Double(n - 1)
                let t = 4 * Double(j) + 4 * Double(i) / Double(n - 1)
                #expect(d.labels[row] == j)
                #expect(abs((x * x + y * y).squareRoot() - r) < 1e-12)
                #expect(abs(x - r * sin(t)) < 1e-12 && abs(y - r * cos(t)) < 1e-12)
            }
        }
    }

    @Test func spiralNoiseMovesTheAngleNotTheRadius() {
        let d = ToyDataset.spiral.generate(samples: 90, noise: 0.5, seed: 2)
        let clean = ToyDataset.spiral.generate(samples: 90, noise: 0, seed: 2)
        #expect(d.features != clean.features)
        for i in 0..<90 {
            let r = (d.features[2 * i] * d.features[2 * i] + d.features[2 * i + 1] * d.features[2 * i + 1]).squareRoot()
            let r0 = (clean.features[2 * i] * clean.features[2 * i]
                + clean.features[2 * i + 1] * clean.features[2 * i + 1]).squareRoot()
            #expect(abs(r - r0) < 1e-12)
        }
    }

    @Test func circlesWithoutNoiseHaveRadiusOneAndHalf() {
        let d = ToyDataset.circles.generate(samples: 201, noise: 0, seed: 4)
        for i in 0..<d.sampleCount {
            let r = (d.features[2 * i] * d.features[2 * i] + d.features[2 * i + 1] * d.features[2 * i + 1]).squareRoot()
            #expect(abs(r - (d.labels[i] == 0 ? 1 : 0.5)) < 1e-12)
        }
    }

    @Test func moonsWithoutNoiseLieOnTheirHalfCircles() {
        let d = ToyDataset.moons.generate(samples: 200, noise: 0, seed: 4)
        for i in 0..<d.sampleCount {
            let x = d.features[2 * i], y = d.features[2 * i + 1]
            if d.labels[i] == 0 {
                #expect(abs(x * x + y * y - 1) < 1e-12 && y >= -1e-12)
            } else {
                #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12)
            }
        }
    }

    @Test func moonsAndCirclesAreShuffled() {
        for dataset in [ToyDataset.circles, .moons] {
            let d = dataset.generate(samples: 100, noise: 0.05, seed: 6)
            #expect(d.labels != [Int](repeating: 0, count: 50) + [Int](repeating: 1, count: 50))
        }
    }

    @Test func linspaceMatchesNumpy() {
        #expect(ToyDataset.linspace(0, 1, 5) == [0, 0.25, 0.5, 0.75, 1])
        #expect(ToyDataset.linspace(0, 1, 4, endpoint: false) == [0, 0.25, 0.5, 0.75])
        #expect(ToyDataset.linspace(2, 3, 1) == [2])
        #expect(ToyDataset.linspace(2, 3, 0).isEmpty)
    }
}
