/// Float activations with an exp the compiler can vectorize: libm's expf is
/// a call per element, which a sigmoid layer would otherwise spend most of
/// its time in. Double keeps libm (gradient checks run in Double).
extension Float {
    /// e^x to within 2 ulp (Cephes expf): x = n·ln2 + r with |r| ≤ ln2/2,
    /// e^r by a degree-6 polynomial, 2^n assembled in the exponent bits.
    /// Only arithmetic and bit casts, so a loop of it vectorizes (SSE2 and up).
    @inline(__always)
    static func vectorizableExp(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -87.3), 88.7)  // NaN passes through, and stays NaN
        // n = round(x / ln2) with the 1.5·2^23 trick (no rounding instruction needed): t = x/ln2 + 1.5·2^23
        // holds n in its low mantissa bits, so the integer n is a subtraction of bit patterns, which (unlike
        // Int32(n)) cannot trap on NaN.
        let magic: Float = 12_582_912
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        let r2 = r * r
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 0.166_666_655
        p = p * r + 0.500_000_01
        let er = p * r2 + r + 1
        let nInt = Int32(bitPattern: t.bitPattern) &- Int32(bitPattern: magic.bitPattern)
        let scale = Float(bitPattern: UInt32(bitPattern: (nInt &+ 127) &<< 23))
        return er * scale
    }

    /// log(1 + u) for u in [0, 1] to within a few ulp (Cephes logf on 1 + u = 2^k·(1 + x)): k = 0 and x = u
    /// exactly for u < √2 − 1, else k = 1 and x = (u − 1)/2; then log(1 + x) = x − x²/2 + x³·P(x) and
    /// k·ln 2 added in two parts. Arithmetic and selects only, so a loop of it vectorizes.
    @inline(__always)
    static func vectorizableLog1pOfUnit(_ u: Float) -> Float {
        let big = u > 0.414_213_56
        let x = big ? (u - 1) * 0.5 : u
        let k: Float = big ? 1 : 0
        let z = x * x
        var p: Float = 7.037_683_629_2e-2
        p = p * x - 1.151_461_031_0e-1
        p = p * x + 1.167_699_874_0e-1
        p = p * x - 1.242_014_084_6e-1
        p = p * x + 1.424_932_278_7e-1
        p = p * x - 1.666_805_766_5e-1
        p = p * x + 2.000_071_476_5e-1
        p = p * x - 2.499_999_399_3e-1
        p = p * x + 3.333_333_117_4e-1
        let y = p * x * z - 2.121_944_40e-4 * k - 0.5 * z
        return x + y + 0.693_359_375 * k
    }

    /// y = e^(x − shift) with the vectorizable exp.
    public static func expShifted(_ x: UnsafePointer<Float>, by shift: Float, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = vectorizableExp(x[i] - shift) }
    }

    /// The BCE terms of `Scalar.bceTerms` with the vectorizable exp and log1p.
    public static func bceTerms(
        _ z: UnsafePointer<Float>, _ t: UnsafePointer<Float>, loss: UnsafeMutablePointer<Float>, sigmoid: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        for i in 0..<count {
            let x = z[i]
            let e = vectorizableExp(-Swift.abs(x))  // in (0, 1]
            loss[i] = Swift.max(x, 0) - x * t[i] + vectorizableLog1pOfUnit(e)
            sigmoid[i] = x >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
    }

    /// y = σ(x) = 1 / (1 + e^(−x)); e^(−x) saturates to 0 or a large finite value, never NaN.
    public static func sigmoidForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = 1 / (1 + vectorizableExp(-x[i])) }
    }

    /// y = tanh(x) = 1 − 2 / (e^(2x) + 1); for |x| < 0.0625 the odd series x − x³/3 + 2x⁵/15
    /// avoids the cancellation of the first form near 0.
    public static func tanhForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let v = x[i], v2 = v * v
            let series = v * (1 + v2 * (-1.0 / 3 + v2 * (2.0 / 15)))
            let viaExp = 1 - 2 / (vectorizableExp(2 * v) + 1)
            y[i] = Swift.abs(v) < 0.0625 ? series : viaExp
        }
    }
}
