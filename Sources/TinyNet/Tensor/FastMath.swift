/// Activations with an exp the compiler can vectorize: libm's exp is a call
/// per element, which a sigmoid or tanh layer would otherwise spend most of
/// its time in. Float also uses them in the losses; Double's are within 2 ulp
/// of libm (Cephes), so gradient checks in Double are unaffected.
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

extension Double {
    /// e^x to within 2 ulp (Cephes exp): x = n·ln2 + r with |r| ≤ ln2/2, e^r = 1 + 2r·P(r²) / (Q(r²) − r·P(r²)),
    /// 2^n assembled in the exponent bits; 0 for x < −708 and infinity for x > 709 (libm's values there are
    /// at most 3e−308 and at least 8e307). Only arithmetic, bit casts and selects, so a loop of it vectorizes.
    @inline(__always)
    static func vectorizableExp(_ value: Double) -> Double {
        let x = Swift.min(Swift.max(value, -708), 709)  // NaN passes through, and stays NaN
        // n = round(x / ln2) with the 1.5·2^52 trick, as Float's: the integer n is a difference of bit patterns.
        let magic: Double = 6_755_399_441_055_744
        let t = x * 1.442_695_040_888_963_4 + magic
        let n = t - magic
        let r = x - n * 6.931_457_519_531_25e-1 - n * 1.428_606_820_309_417_232_12e-6
        let r2 = r * r
        let p = r * ((1.261_771_930_748_105_908_78e-4 * r2 + 3.029_944_077_074_419_613_00e-2) * r2 + 9.999_999_999_999_999_999_10e-1)
        let q = ((3.001_985_051_386_644_550_42e-6 * r2 + 2.524_483_403_496_841_041_92e-3) * r2 + 2.272_655_482_081_550_287_66e-1) * r2
            + 2.000_000_000_000_000_000_09
        let er = 1 + 2 * (p / (q - p))
        let nInt = Int64(bitPattern: t.bitPattern) &- Int64(bitPattern: magic.bitPattern)
        let scale = Double(bitPattern: UInt64(bitPattern: (nInt &+ 1023) &<< 52))
        let y = er * scale
        return value < -708 ? 0 : value > 709 ? .infinity : y
    }

    /// y = σ(x) in the form that never overflows: e = e^(−|x|), x ≥ 0: 1 / (1 + e); x < 0: e / (1 + e).
    public static func sigmoidForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count {
            let e = vectorizableExp(-Swift.abs(x[i]))
            y[i] = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
    }

    /// y = tanh(x) (Cephes tanh): for |x| ≤ 0.625, x + x·s·P(s)/Q(s) with s = x², which keeps full precision
    /// near 0; beyond, sign(x)·(1 − 2 / (e^(2|x|) + 1)).
    public static func tanhForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count {
            let v = x[i], a = Swift.abs(v), s = v * v
            let p = (-9.643_991_794_250_522_386_28e-1 * s - 9.928_772_310_019_185_865_64e1) * s - 1.614_687_684_417_084_479_52e3
            let q = ((s + 1.128_116_784_916_329_314_02e2) * s + 2.235_488_390_601_004_485_83e3) * s + 4.844_063_053_251_254_860_48e3
            let near0 = v + v * s * (p / q)
            let far = 1 - 2 / (vectorizableExp(2 * a) + 1)
            y[i] = a > 0.625 ? (v < 0 ? -far : far) : a == 0 ? v : near0  // tanh(−0) = −0
        }
    }
}
