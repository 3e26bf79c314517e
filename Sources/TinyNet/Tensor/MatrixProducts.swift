/// C = alpha·op(A)·op(B) + beta·C through BLAS, where op(X) is X or Xᵀ.
/// C must already have the result's shape; with beta = 1 the product is
/// added to what C holds (how gradients accumulate and how a bias is fused).
@_specialize(where T == Float)
@_specialize(where T == Double)
public func gemm<T: Scalar>(
    _ a: Matrix<T>, _ b: Matrix<T>, transposeA: Bool = false, transposeB: Bool = false,
    into c: Matrix<T>, alpha: T = 1, beta: T = 0
) {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let kb = transposeB ? b.cols : b.rows
    let n = transposeB ? b.rows : b.cols
    precondition(k == kb, "gemm: inner dimensions differ (\(k) vs \(kb))")
    precondition(c.rows == m && c.cols == n, "gemm: result is (\(c.rows), \(c.cols)), expected (\(m), \(n))")
    if m == 0 || n == 0 { return }
    if k == 0 {  // an empty product: C = beta·C
        for i in 0..<c.count { c.pointer[i] = beta == 0 ? 0 : beta * c.pointer[i] }
        return
    }
    T.gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
        alpha: alpha, a: a.pointer, lda: Swift.max(a.cols, 1),
        b: b.pointer, ldb: Swift.max(b.cols, 1),
        beta: beta, c: c.pointer, ldc: Swift.max(c.cols, 1))
}

/// A new matrix holding op(A)·op(B).
public func matmul<T: Scalar>(
    _ a: Matrix<T>, _ b: Matrix<T>, transposeA: Bool = false, transposeB: Bool = false
) -> Matrix<T> {
    let c = Matrix<T>(rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols)
    gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: c)
    return c
}
