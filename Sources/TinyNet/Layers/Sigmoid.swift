/// y = σ(x) = 1 / (1 + e^(−x)). Its local gradient y(1 − y) is at most 0.25
/// and vanishes where the unit saturates.
public final class Sigmoid<T: Scalar>: Layer {
    /// y of the last forward pass (B, n): all backward needs.
    public private(set) var cachedOutput: Matrix<T>?
    private var output = ReusableBuffer<T>()    // (B, n)
    private var inputGrad = ReusableBuffer<T>() // (B, n)

    public init() {}

    public var spec: LayerSpec { .sigmoid }
    public var parameters: [Parameter<T>] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        let y = output.matrix(rows: x.rows, cols: x.cols)
        T.sigmoidForward(x.pointer, y.pointer, count: x.count)
        cachedOutput = y
        return y
    }

    /// dx = dy · y · (1 − y)
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        guard let y = cachedOutput else { preconditionFailure("Sigmoid.backward called before forward") }
        precondition(dy.rows == y.rows && dy.cols == y.cols, "Sigmoid.backward: dy has the wrong shape")
        let dx = inputGrad.matrix(rows: y.rows, cols: y.cols)
        T.sigmoidBackward(y.pointer, dy.pointer, dx.pointer, count: y.count)
        return dx
    }
}
