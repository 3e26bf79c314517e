/// A copy of every parameter's value and momentum buffer, taken with `save` and put back with `restore`.
/// `StreamTrainer` saves one at the start of each epoch, so that an interrupted epoch (which a streamed run
/// cannot resume mid-way) leaves the network exactly as the last completed epoch left it. The copies are
/// allocated once, when the snapshot is made.
final class ParameterSnapshot<T: Scalar> {
    private let parameters: [Parameter<T>]
    private let values: [Matrix<T>]
    private let velocities: [Matrix<T>]

    init(of parameters: [Parameter<T>]) {
        self.parameters = parameters
        values = parameters.map { Matrix(rows: $0.value.rows, cols: $0.value.cols) }
        velocities = parameters.map { Matrix(rows: $0.velocity.rows, cols: $0.velocity.cols) }
    }

    func save() {
        for (p, (value, velocity)) in zip(parameters, zip(values, velocities)) {
            value.pointer.update(from: p.value.pointer, count: p.count)
            velocity.pointer.update(from: p.velocity.pointer, count: p.count)
        }
    }

    func restore() {
        for (p, (value, velocity)) in zip(parameters, zip(values, velocities)) {
            p.value.pointer.update(from: value.pointer, count: p.count)
            p.velocity.pointer.update(from: velocity.pointer, count: p.count)
        }
    }
}
