import Testing
@testable import TinyNet

@Suite struct MatrixTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaiveLoop(transposeA: Bool, transposeB: Bool) {
        let a = randomMatrix(transposeA ? 7 : 5, transposeA ? 5 : 7, seed: 1)
        let b = randomMatrix(transposeB ? 3 : 7, transposeB ? 7 : 3, seed: 2)
        let c = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        #expect(c.rows == 5 && c.cols == 3)
        #expect(maxAbsDifference(c.values, naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)) < 1e-12)
    }

    /// √Σv² without overflow or underflow at the ends of Double's range (scale's gradients at k = 1e±170).
    @Test func normSurvivesExtremeMagnitudes() {
        #expect(Matrix<Double>(rows: 1, cols: 2, values: [3, 4]).norm() == 5)
        #expect(abs(Matrix<Double>(rows: 1, cols: 2, values: [3e200, -4e200]).norm() / 5e200 - 1) < 1e-15)
        #expect(abs(Matrix<Double>(rows: 1, cols: 2, values: [3e-200, 4e-200]).norm() / 5e-200 - 1) < 1e-15)
        #expect(Matrix<Double>(rows: 1, cols: 2, values: [0, 0]).norm() == 0)
        #expect(Matrix<Double>(rows: 1, cols: 2, values: [.nan, 1]).norm().isNaN)
        #expect(Matrix<Double>(rows: 1, cols: 2, values: [.infinity, 1]).norm() == .infinity)
    }

    @Test func gemmWithBetaOneAccumulates() {
        let a = randomMatrix(4, 6, seed: 3), b = randomMatrix(6, 2, seed: 4)
        let c = randomMatrix(4, 2, seed: 5)
        let before = c.values
        gemm(a, b, into: c, beta: 1)
        let expected = zip(before, naiveProduct(a, b)).map { $0 + $1 }
        #expect(maxAbsDifference(c.values, expected) < 1e-12)
    }

    @Test func floatGemmMatchesNaiveLoop() {
        let a = randomMatrix(9, 4, seed: 6), b = randomMatrix(4, 8, seed: 7)
        let c = matmul(a.converted(to: Float.self), b.converted(to: Float.self))
        #expect(maxAbsDifference(c.converted(to: Double.self).values, naiveProduct(a, b)) < 1e-5)
    }

    /// Linear's three products — y = x·Wᵀ + b, dW = dYᵀ·X, dX = dY·W — against the triple loop.
    @Test func linearProductsMatchNaiveLoops() {
        let x = randomMatrix(6, 4, seed: 8), w = randomMatrix(3, 4, seed: 9), b = randomMatrix(1, 3, seed: 10)
        let dy = randomMatrix(6, 3, seed: 11)
        let layer = Linear<Double>(inFeatures: 4, outFeatures: 3, weight: w.copy(), bias: b)
        layer.inputGradientNeeded = true
        let y = layer.forward(x, training: true).values
        let xwT = naiveProduct(x, w, transposeB: true)
        #expect(maxAbsDifference(y, (0..<18).map { xwT[$0] + b.values[$0 % 3] }) < 1e-12)
        let dx = layer.backward(dy).values
        #expect(maxAbsDifference(layer.weight.grad.values, naiveProduct(dy, x, transposeA: true)) < 1e-12)
        #expect(maxAbsDifference(dx, naiveProduct(dy, w)) < 1e-12)
        let db = (0..<3).map { c in (0..<6).reduce(0.0) { $0 + dy[$1, c] } }
        #expect(maxAbsDifference(layer.bias.grad.values, db) < 1e-12)
    }

    @Test func reusableBufferKeepsStorageForSmallerShapes() {
        var buffer = ReusableBuffer<Float>()
        let big = buffer.matrix(rows: 32, cols: 10)
        let small = buffer.matrix(rows: 7, cols: 10)
        #expect(big.storage === small.storage)
        let bigger = buffer.matrix(rows: 64, cols: 10)
        #expect(bigger.storage !== big.storage)
    }

    /// A network whose products are all small trains on one thread; one with a large product on every
    /// thread the command line allows (see BLASThreads for the measurements behind the line).
    @Test func smallNetworksTrainOnOneThreadLargeOnesOnAll() {
        let limit = 4
        #expect(BLASThreads.threads(forLargestProduct: 64 * 128 * 60, limit: limit) == 1, "a 60-128 layer at batch 64")
        #expect(BLASThreads.threads(forLargestProduct: 32 * 256 * 256, limit: limit) == 1, "a 256-256 layer at batch 32")
        #expect(BLASThreads.threads(forLargestProduct: 128 * 256 * 128, limit: limit) == limit, "a 256-128 layer at batch 128")
        #expect(BLASThreads.threads(forLargestProduct: 64 * 784 * 256, limit: limit) == limit, "MNIST's 784-256 layer at batch 64")
    }

    /// Under an address-space limit, the threads are as many as have room for OpenBLAS's buffer each and a
    /// glibc arena for each added one: 128 MB + a page, then 256 MB + a page more per thread.
    @Test func theThreadsAreAsManyAsTheAddressSpaceHolds() {
        let mb = 1 << 20
        #expect(BLASThreads.addressSpace(threads: 1) == 128 * mb + 4096)
        #expect(BLASThreads.addressSpace(threads: 3) == 3 * (128 * mb + 4096) + 2 * 128 * mb)
        for (room, threads) in [(100 * mb, 0), (129 * mb, 1), (384 * mb, 1), (385 * mb, 2), (10_000 * mb, 4)] {
            #expect(BLASThreads.affordableThreads(wanted: 4) { $0 <= room } == threads, "\(room / mb) MB")
        }
        #expect(BLASThreads.affordableThreads(wanted: 1) { _ in true } == 1)
    }
}
