/// One SGD step on a batch, shared by `Trainer` and `StreamTrainer`:
/// forward, loss, backward, update. A non-finite loss stops before any
/// update with a `TrainingError` naming the parameter whose gradient blew up first.
struct TrainingStep<T: Scalar> {
    let network: Sequential<T>
    let loss: any Loss<T>
    let optimizer: SGD<T>
    /// The configured learning rate, for the advice of a divergence error.
    let baseLearningRate: Double

    /// Trains on (x, t); `beforeUpdate` runs between backward and the update
    /// (where gradients are complete). Returns the batch loss and the outputs,
    /// which stay valid until the next forward pass.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func run(
        _ x: Matrix<T>, _ t: Matrix<T>, epoch: Int, batch: Int, beforeUpdate: () -> Void = {}
    ) throws -> (loss: Double, output: Matrix<T>) {
        let output = network.forward(x, training: true)
        let (value, dOutput) = loss.lossAndGradient(output, t)
        guard value.isFinite else {
            throw TrainingError(epoch: epoch, batch: batch, parameter: firstNonFinite(after: dOutput), learningRate: baseLearningRate)
        }
        _ = network.backward(dOutput)
        beforeUpdate()
        optimizer.step()
        return (value, output)
    }

    /// The parameter whose gradient the backward pass of `dOutput` makes
    /// non-finite first (walking from the output back), else the first
    /// parameter whose value already is.
    private func firstNonFinite(after dOutput: Matrix<T>) -> String? {
        network.zeroGradients()
        _ = network.backward(dOutput)
        let backwardOrder = network.parameters.reversed()
        let blewUp = backwardOrder.first { p in (0..<p.count).contains { !p.grad.pointer[$0].isFinite } }
        return (blewUp ?? network.parameters.first { p in (0..<p.count).contains { !p.value.pointer[$0].isFinite } })?.name
    }
}
