/// y = max(0, x). The gate: the gradient passes where the input was positive
/// and stops where it was not.
public final class ReLU<T: Scalar>: Layer {
    private var input: Matrix<T>?              // (B, n), cached by forward
    private var output = ReusableBuffer<T>()   // (B, n)
    /// y of the last forward pass (for instruments such as dead-unit counts).
    public private(set) var lastOutput: Matrix<T>?
    private var inputGrad = ReusableBuffer<T>() // (B, n)
    /// x of the last forward pass (for instruments: gradcheck watches it for inputs near the kink at 0).
    public var lastInput: Matrix<T>? { input }

    public init() {}

    public var spec: LayerSpec { .relu }
    public var parameters: [Parameter<T>] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: Matrix<T>, training: Bool) -> Matrix<T> {
        input = x
        let y = output.matrix(rows: x.rows, cols: x.cols)
        T.reluForward(x.pointer, y.pointer, count: x.count)
        lastOutput = y
        return y
    }

    /// dx = dy · [x > 0]
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(_ dy: Matrix<T>) -> Matrix<T> {
        guard let x = input else { preconditionFailure("ReLU.backward called before forward") }
        precondition(dy.rows == x.rows && dy.cols == x.cols, "ReLU.backward: dy has the wrong shape")
        let dx = inputGrad.matrix(rows: x.rows, cols: x.cols)
        T.reluBackward(x.pointer, dy.pointer, dx.pointer, count: x.count)
        return dx
    }
}
