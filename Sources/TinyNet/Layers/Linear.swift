/// A fully connected layer, y = x·Wᵀ + b, with W stored [out, in] like PyTorch.
public final class Linear<T: Scalar>: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Parameter<T>  // (out, in)
    public let bias: Parameter<T>    // (1, out), stored as [out]
    /// When false (the first layer of a network, where nothing consumes it),
    /// `backward` skips dX = dY·W and returns an empty (B, 0) matrix.
    public var inputGradientNeeded = true

    private var cachedInput: Matrix<T>?        // x of the last forward pass (B, in): backward needs it for dW
    private var output = ReusableBuffer<T>()   // (B, out)
    /// y of the last forward pass (B, out), for the overflow check of eval and predict (`predictOutputs`).
    public private(set) var lastOutput: Matrix<T>?
    private var inputGrad = ReusableBuffer<T>() // (B, in)
    private var ones = ReusableBuffer<T>()      // (1, B) of 1s: db = 1ᵀ·dY as a product
    private var onesCount = 0

    public init(inFeatures: Int, outFeatures: Int, weight: Matrix<T>, bias: Matrix<T>) {
        precondition(weight.rows == outFeatures && weight.cols == inFeatures, "Linear weight must be (out, in)")
        precondition(bias.count == outFeatures, "Linear bias must have out elements")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = Parameter(name: "weight", shape: [outFeatures, inFeatures], value: weight)
        self.bias = Parameter(name: "bias", shape: [outFeatures], value: Matrix(rows: 1, cols: outFeatures, values: bias.values))
    }

    /// A layer with weights and biases drawn by `draw` (the biases zero except for PyTorch's).
    public convenience init(inFeatures: Int, outFeatures: Int, draw: WeightInit, using rng: inout SeededGenerator) {
        let w = draw.sample(rows: outFeatures, cols: inFeatures, as: T.self, using: &rng)
        let b = draw.sampleBias(count: outFeatures, fanIn: inFeatures, as: T.self, using: &rng)
        self.init(inFeatures: inFeatures, outFeatures: outFeatures, weight: w, bias: b)
    }

    public var spec: LayerSpec { .linear(outFeatures) }
    public var parameters: [Parameter<T>] { [weight, bias] }

    /// y = x·Wᵀ + b: the bias is written first and the GEMM adds to it (beta = 1).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        precondition(x.cols == inFeatures, "Linear expects \(inFeatures) input columns, got \(x.cols)")
        cachedInput = x
        let y = output.matrix(rows: x.rows, cols: outFeatures)
        T.fillRows(y.pointer, rows: x.rows, cols: outFeatures, with: bias.value.pointer)
        gemm(x, weight.value, transposeB: true, into: y, beta: 1)
        lastOutput = y
        return y
    }

    /// dW += dYᵀ·X  (out, in);  db += Σ_rows dY = 1ᵀ·dY  (out);  dX = dY·W  (B, in): three BLAS products
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        guard let x = cachedInput else { preconditionFailure("Linear.backward called before forward") }
        precondition(dy.rows == x.rows && dy.cols == outFeatures, "Linear.backward: dy has the wrong shape")
        gemm(dy, x, transposeA: true, into: weight.grad, beta: 1)
        // A (1, B)·(B, out) product with a row of 1s (OpenBLAS's sgemm sums each column down the rows in order, as a
        // loop would: float32 results are bit for bit a loop's; dgemm's kernel pairs the terms, a last-bit difference).
        gemm(onesRow(dy.rows), dy, into: bias.grad, beta: 1)
        guard inputGradientNeeded else { return inputGrad.matrix(rows: dy.rows, cols: 0) }
        let dx = inputGrad.matrix(rows: dy.rows, cols: inFeatures)
        gemm(dy, weight.value, into: dx)
        return dx
    }

    /// A (1, count) row of 1s, written only when the batch size changes.
    private func onesRow(_ count: Int) -> Matrix<T> {
        let row = ones.matrix(rows: 1, cols: count)
        if onesCount != count {
            row.fill(1)
            onesCount = count
        }
        return row
    }
}
