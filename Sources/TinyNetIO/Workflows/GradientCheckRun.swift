import Foundation
import TinyNet

/// `tinynet gradcheck`: analytic against central-difference gradients of
/// the config's network on its first few training rows, in Float64.
public struct GradientCheckRun {
    public var config: TrainConfig
    public var samples = 8
    public var step = 1e-5
    /// Check at most this many seeded random coordinates of each tensor (nil: all).
    public var coordinates: Int?
    /// The check passes when every parameter's relative error is below this.
    public var tolerance = 1e-6

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> GradientCheckReport {
        var config = config
        config.dtype = .f64  // the check runs in Float64: the data need only fit that
        let specs = try config.validatedForTraining()
        let prepared = try PreparedRun(config: config)
        let batch = prepared.firstRows(samples, config: config)
        var rng = SeededGenerator(seed: UInt64(config.seed))
        let network = Sequential<Double>(specs: try prepared.resolve(specs, config: config), inputs: batch.features.cols, using: &rng)
        let checks = gradientCheck(network, loss: prepared.lossFunction(config, as: Double.self), x: batch.features, target: batch.targets,
                                   step: step, coordinates: coordinates, seed: UInt64(config.seed))
        return GradientCheckReport(parameters: checks, tolerance: tolerance)
    }
}

/// The per-parameter checks of a gradient check and its verdict.
public struct GradientCheckReport: Sendable {
    public var parameters: [ParameterCheck]
    public var tolerance: Double

    /// The largest relative error over the parameters with a coordinate compared.
    public var maxRelativeError: Double { parameters.filter { Self.compared($0) > 0 }.map(\.relativeError).max() ?? 0 }
    /// Coordinates compared: those sampled, less those left out near a ReLU kink.
    public var comparedCoordinates: Int { parameters.reduce(0) { $0 + Self.compared($1) } }
    /// Parameters none of whose coordinates was compared (each within h of a ReLU kink): not checked at all.
    public var uncheckedParameters: [String] { parameters.filter { Self.compared($0) == 0 }.map(\.name) }
    /// Every relative error below the tolerance, and every parameter checked on at least one coordinate:
    /// a tensor checked on nothing does not pass.
    public var passed: Bool { maxRelativeError < tolerance && uncheckedParameters.isEmpty }

    static func compared(_ p: ParameterCheck) -> Int { p.checkedCoordinates - p.kinkCoordinates }
}
