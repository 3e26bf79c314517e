import Foundation
@testable import TinyNet

/// The repository's root (this file is Tests/TinyNetTests/TestSupport.swift), for its bundled data.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A seeded random matrix with entries in [−scale, scale).
func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64, scale: Double = 1) -> Matrix<Double> {
    var rng = SeededGenerator(seed: seed)
    return Matrix(rows: rows, cols: cols, values: (0..<(rows * cols)).map { _ in (2 * rng.nextUnit() - 1) * scale })
}

/// Central difference of a scalar function with respect to every element of m.
func numericGradient(of m: Matrix<Double>, h: Double = 1e-5, _ f: () -> Double) -> [Double] {
    (0..<m.count).map { i in
        let original = m.pointer[i]
        m.pointer[i] = original + h
        let plus = f()
        m.pointer[i] = original - h
        let minus = f()
        m.pointer[i] = original
        return (plus - minus) / (2 * h)
    }
}

/// A fixed random linear functional L(y) = Σ y ⊙ R, whose gradient is R:
/// it lets a test drive a layer's backward with an arbitrary upstream gradient.
struct Probe {
    let weights: Matrix<Double>
    init(rows: Int, cols: Int, seed: UInt64) { weights = randomMatrix(rows, cols, seed: seed) }
    func value(_ y: Matrix<Double>) -> Double { (0..<y.count).reduce(0) { $0 + y.pointer[$1] * weights.pointer[$1] } }
}

/// Naive triple-loop product of op(A)·op(B), the reference for BLAS.
func naiveProduct(_ a: Matrix<Double>, _ b: Matrix<Double>, transposeA: Bool = false, transposeB: Bool = false) -> [Double] {
    let m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
    var c = Array(repeating: 0.0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transposeA ? a[p, i] : a[i, p]
                let bv = transposeB ? b[j, p] : b[p, j]
                s += av * bv
            }
            c[i * n + j] = s
        }
    }
    return c
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
