/// Elementwise kernels over contiguous buffers, written once and specialized for
/// Float and Double through `Scalar`'s witness tables. Each loop touches
/// memory in order with no branches the compiler cannot turn into selects, so
/// it vectorizes; where exp, log1p or tanh are libm calls (scalar), Float (and
/// Double, for sigmoid and tanh) replaces the kernel with one built on
/// vectorizable math (FastMath.swift).
extension Scalar {
    /// y[r, c] = row[c] for every row: the bias, before a GEMM with beta = 1 adds x·Wᵀ.
    public static func fillRows(_ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int, with row: UnsafePointer<Self>) {
        for r in 0..<rows {
            (y + r * cols).update(from: row, count: cols)
        }
    }

    /// y = max(0, x)
    public static func reluForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { y[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// dx = dy · [x > 0]. Both loads happen unconditionally so the choice is a
    /// select the compiler vectorizes, not a branch that mispredicts on random signs.
    public static func reluBackward(_ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count {
            let g = dy[i]
            dx[i] = x[i] > 0 ? g : 0
        }
    }

    /// y = σ(x) = 1 / (1 + e^(−x)), in the form that never overflows:
    /// x ≥ 0: 1 / (1 + e^(−x));  x < 0: e^x / (1 + e^x).
    public static func sigmoidForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count {
            let e = exp(-Swift.abs(x[i]))  // in (0, 1]
            y[i] = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
    }

    /// dx = dy · y · (1 − y)
    public static func sigmoidBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { dx[i] = dy[i] * y[i] * (1 - y[i]) }
    }

    /// y = tanh(x)
    public static func tanhForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { y[i] = tanh(x[i]) }
    }

    /// dx = dy · (1 − y²)
    public static func tanhBackward(_ y: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    }

    /// y = e^(x − shift): softmax's numerators, with the row's max as the shift so that no term overflows.
    public static func expShifted(_ x: UnsafePointer<Self>, by shift: Self, _ y: UnsafeMutablePointer<Self>, count: Int) {
        for i in 0..<count { y[i] = exp(x[i] - shift) }
    }

    /// p = e^(z − m) with m = max z over one row: softmax's numerators (none above 1, so none overflows),
    /// and their sum Σ p, which divides them into probabilities.
    public static func softmaxNumerators(_ z: UnsafePointer<Self>, _ p: UnsafeMutablePointer<Self>, count: Int) -> (max: Self, sum: Self) {
        var m = z[0]
        for j in 1..<count where z[j] > m { m = z[j] }
        if count >= 16 {  // wide rows: one vectorized pass for e^(z − m), then the sum
            expShifted(z, by: m, p, count: count)
            return (m, sum(p, count: count))
        }
        var s: Self = 0  // a few classes: one fused scalar pass costs less than two
        for j in 0..<count { p[j] = exp(z[j] - m); s += p[j] }
        return (m, s)
    }

    /// Sigmoid BCE on logits z with targets t, per element, in the form that never takes e of a large
    /// positive number: loss = max(z, 0) − z·t + log(1 + e^(−|z|)),  sigmoid = σ(z).
    public static func bceTerms(
        _ z: UnsafePointer<Self>, _ t: UnsafePointer<Self>, loss: UnsafeMutablePointer<Self>, sigmoid: UnsafeMutablePointer<Self>, count: Int
    ) {
        for i in 0..<count {
            let x = z[i]
            let e = exp(-Swift.abs(x))  // in (0, 1]
            loss[i] = Swift.max(x, 0) - x * t[i] + log1p(e)
            sigmoid[i] = x >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
    }

    /// Σ x[i] over four running sums (independent additions, which the compiler can pack into one vector).
    public static func sum(_ x: UnsafePointer<Self>, count: Int) -> Self {
        var (s0, s1, s2, s3): (Self, Self, Self, Self) = (0, 0, 0, 0)
        var i = 0
        while i + 4 <= count {
            s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
            i += 4
        }
        while i < count { s0 += x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// One torch.optim.SGD step for one tensor, and the gradient zeroed in the same pass:
    ///   g = ∇ + wd·w;  v = μ·v + g;  w −= lr·v   (Nesterov: w −= lr·(g + μ·v))
    public static func sgdUpdate(
        weight: UnsafeMutablePointer<Self>, grad: UnsafeMutablePointer<Self>, velocity: UnsafeMutablePointer<Self>,
        count: Int, lr: Self, momentum: Self, weightDecay: Self, nesterov: Bool
    ) {
        if nesterov {
            for i in 0..<count {
                let g = grad[i] + weightDecay * weight[i]
                let v = momentum * velocity[i] + g
                velocity[i] = v
                weight[i] -= lr * (g + momentum * v)
                grad[i] = 0
            }
        } else {
            for i in 0..<count {
                let g = grad[i] + weightDecay * weight[i]
                let v = momentum * velocity[i] + g
                velocity[i] = v
                weight[i] -= lr * v
                grad[i] = 0
            }
        }
    }
}
