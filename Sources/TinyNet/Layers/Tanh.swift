/// y = tanh(x); local gradient 1 − y², at most 1, vanishing when saturated.
public final class Tanh<T: Scalar>: Layer {
    /// y of the last forward pass (B, n): all backward needs.
    public private(set) var cachedOutput: Matrix<T>?
    private var output = ReusableBuffer<T>()    // (B, n)
    private var inputGrad = ReusableBuffer<T>() // (B, n)

    public init() {}

    public var spec: LayerSpec { .tanh }
    public var parameters: [Parameter<T>] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        let y = output.matrix(rows: x.rows, cols: x.cols)
        T.tanhForward(x.pointer, y.pointer, count: x.count)
        cachedOutput = y
        return y
    }

    /// dx = dy · (1 − y²)
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        guard let y = cachedOutput else { preconditionFailure("Tanh.backward called before forward") }
        precondition(dy.rows == y.rows && dy.cols == y.cols, "Tanh.backward: dy has the wrong shape")
        let dx = inputGrad.matrix(rows: y.rows, cols: y.cols)
        T.tanhBackward(y.pointer, dy.pointer, dx.pointer, count: y.count)
        return dx
    }
}
