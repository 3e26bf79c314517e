import CBLAS

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The element types tinynet computes in: `Float` (the training default) and
/// `Double` (used by gradient checks). Each conformance routes matrix products
/// to the matching BLAS routine and provides the scalar math the layers need;
/// the elementwise kernels in `Kernels.swift` are written once, generically, and
/// specialized for both types in this module; Float overrides those that call
/// exp, log1p or tanh with vectorizable versions, Double its sigmoid and tanh
/// (`FastMath.swift`).
public protocol Scalar: BinaryFloatingPoint, Sendable, LosslessStringConvertible {
    /// C = alpha·op(A)·op(B) + beta·C on row-major buffers (cblas_sgemm / cblas_dgemm).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self

    // Elementwise kernels; default implementations in Kernels.swift.
    static func fillRows(_ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int, with row: UnsafePointer<Self>)
    static func reluForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)
    static func reluBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int)
    static func sigmoidForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)
    static func sigmoidBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int)
    static func tanhForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)
    static func tanhBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int)
    static func expShifted(_ x: UnsafePointer<Self>, by shift: Self, _ y: UnsafeMutablePointer<Self>, count: Int)
    static func bceTerms(
        _ z: UnsafePointer<Self>, _ t: UnsafePointer<Self>, loss: UnsafeMutablePointer<Self>, sigmoid: UnsafeMutablePointer<Self>, count: Int)
    static func sgdUpdate(
        weight: UnsafeMutablePointer<Self>, grad: UnsafeMutablePointer<Self>, velocity: UnsafeMutablePointer<Self>,
        count: Int, lr: Self, momentum: Self, weightDecay: Self, nesterov: Bool)
}

@inline(__always)
private func blasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: Scalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, blasTranspose(transposeA), blasTranspose(transposeB),
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
}

extension Double: Scalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, blasTranspose(transposeA), blasTranspose(transposeB),
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inline(__always) public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
}
