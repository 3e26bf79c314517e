/// Stochastic gradient descent exactly as `torch.optim.SGD` (dampening 0):
/// for every parameter, biases included,
///   g = ∇ + weightDecay·w,  v = momentum·v + g,  w −= lr·v
///   (Nesterov: w −= lr·(g + momentum·v))
/// so a run can be compared with PyTorch step for step. The step also zeroes
/// the gradients: the one place they are reset.
public final class SGD<T: Scalar> {
    public let parameters: [Parameter<T>]
    /// The learning rate of the next step (a schedule sets it per epoch).
    public var learningRate: Double
    public let momentum: Double
    public let weightDecay: Double
    public let nesterov: Bool

    public init(parameters: [Parameter<T>], learningRate: Double, momentum: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0 && momentum >= 0 && weightDecay >= 0, "SGD hyperparameters must be non-negative")
        precondition(!nesterov || momentum > 0, "Nesterov momentum requires a momentum > 0")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public func step() {
        for p in parameters {
            T.sgdUpdate(
                weight: p.value.pointer, grad: p.grad.pointer, velocity: p.velocity.pointer, count: p.count,
                lr: T(learningRate), momentum: T(momentum), weightDecay: T(weightDecay), nesterov: nesterov)
        }
    }
}
