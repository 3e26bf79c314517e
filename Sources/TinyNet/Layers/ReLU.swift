/// y = max(0, x). The gate: the gradient passes where the input was positive
/// and stops where it was not.
public final class ReLU<T: Scalar>: Layer {
    /// x of the last forward pass (B, n): all backward needs. Instruments read it too: a unit is active
    /// where x > 0 (dead-unit counts), and gradcheck watches for inputs crossing the kink at 0.
    public private(set) var cachedInput: Matrix<T>?
    private var output = ReusableBuffer<T>()   // (B, n)
    private var inputGrad = ReusableBuffer<T>() // (B, n)

    public init() {}

    public var spec: LayerSpec { .relu }
    public var parameters: [Parameter<T>] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        cachedInput = x
        let y = output.matrix(rows: x.rows, cols: x.cols)
        T.reluForward(x.pointer, y.pointer, count: x.count)
        return y
    }

    /// dx = dy · [x > 0]
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        guard let x = cachedInput else { preconditionFailure("ReLU.backward called before forward") }
        precondition(dy.rows == x.rows && dy.cols == x.cols, "ReLU.backward: dy has the wrong shape")
        let dx = inputGrad.matrix(rows: x.rows, cols: x.cols)
        T.reluBackward(x.pointer, dy.pointer, dx.pointer, count: x.count)
        return dx
    }
}
