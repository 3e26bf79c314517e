/// A trainable tensor with its gradient and its optimizer state.
///
/// `grad` accumulates (`+=`) across backward calls, so gradients add up where a
/// value is used twice. In training it is zeroed in one place, the optimizer step;
/// the instruments that run a backward pass outside a step (gradcheck, the
/// divergence report) zero it first with `Sequential.zeroGradients`.
public final class Parameter<T: Scalar> {
    /// The PyTorch state-dict name, e.g. "0.weight"; set by `Sequential`.
    public internal(set) var name: String
    /// The tensor's shape as stored in a checkpoint ([out, in] or [out]).
    public let shape: [Int]
    public let value: Matrix<T>
    public let grad: Matrix<T>
    /// The SGD momentum buffer v.
    public let velocity: Matrix<T>

    public init(name: String, shape: [Int], value: Matrix<T>) {
        precondition(shape.reduce(1, *) == value.count, "parameter shape does not match its values")
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = Matrix(rows: value.rows, cols: value.cols)
        self.velocity = Matrix(rows: value.rows, cols: value.cols)
    }

    public var count: Int { value.count }
}

/// A module of a network: `forward` caches exactly what `backward` needs, and
/// `backward` returns the gradient with respect to the layer's input while
/// accumulating the gradients of its parameters.
///
/// The matrices a layer returns are views of buffers it owns: they stay valid
/// until the layer's next `forward` (or `backward`).
public protocol Layer<Element>: AnyObject {
    associatedtype Element: Scalar

    /// The module as written in a config: "linear:64", "relu", …
    var spec: LayerSpec { get }
    /// The trainable parameters, weight before bias; empty for activations.
    var parameters: [Parameter<Element>] { get }

    /// x (B, in) → y (B, out)
    func forward(_ x: Matrix<Element>, training: Bool) -> Matrix<Element>
    /// dy (B, out) → dx (B, in); parameter gradients += their share.
    func backward(_ dy: Matrix<Element>) -> Matrix<Element>
}
