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
    /// Hears of every coordinate checked (from the thread that called `run`).
    public var onProgress: (GradientCheckProgress) -> Void = { _ in }

    public init(config: TrainConfig) { self.config = config }

    public func run() throws -> GradientCheckReport {
        var config = config
        config.dtype = .f64  // the check runs in Float64: the data need only fit that
        let specs = try config.validatedForTraining()
        let prepared = try PreparedRun(config: config)
        let batch = prepared.firstRows(samples, config: config)
        var rng = SeededGenerator(seed: UInt64(config.seed))
        let network = Sequential<Double>(specs: try prepared.resolve(specs, config: config), inputs: batch.features.cols, initialization: config.initialization, using: &rng)
        // Two forward passes per coordinate on a few rows: small products, which spinning idle threads would slow.
        BLASThreads.prepare(for: network, batchSize: batch.count)
        let checks = gradientCheck(network, loss: prepared.lossFunction(config, as: Double.self), x: batch.features, target: batch.targets,
                                   step: step, coordinates: coordinates, seed: UInt64(config.seed), onProgress: onProgress)
        var report = GradientCheckReport(parameters: checks, tolerance: tolerance, step: step)
        report.rows = batch.count
        return report
    }
}

/// The per-parameter checks of a gradient check and its verdict.
///
/// A tensor whose every coordinate moves a ReLU input lying exactly at 0 is not checkable (no step can
/// check it) and is left out of the verdict, named; one none of whose coordinates was compared for
/// another reason (each moved a ReLU input across its kink: a smaller step would check it) fails the check, as does a
/// check that compared nothing at all.
public struct GradientCheckReport: Sendable {
    public var parameters: [ParameterCheck]
    public var tolerance: Double
    /// The central difference's step h.
    public var step: Double
    /// The training rows the check ran on (`samples`, or all of them when there are fewer); nil when unknown.
    public var rows: Int?

    /// The parameters with a coordinate compared.
    public var compared: [ParameterCheck] { parameters.filter { $0.comparedCoordinates > 0 } }
    /// Compared parameters whose analytic gradient is exactly 0 and numeric one rounding noise: a central
    /// difference cannot confirm the 0, so they fail (unless their relative error passes), with that reason.
    public var zeroWithinRoundingParameters: [String] { failedParameters.filter(\.isZeroWithinRounding).map(\.name) }
    /// The largest relative error over the parameters with a coordinate compared (NaN when one is NaN;
    /// nil when none was compared).
    public var maxRelativeError: Double? {
        let errors = compared.map(\.relativeError)
        return errors.contains { $0.isNaN } ? .nan : errors.max()
    }
    /// Coordinates compared: those sampled, less those left out for crossing a ReLU kink.
    public var comparedCoordinates: Int { parameters.reduce(0) { $0 + $1.comparedCoordinates } }
    /// Parameters none of whose coordinates was compared, some for moving a ReLU input across its kink (a
    /// smaller step would check them): they fail the check.
    public var uncheckedParameters: [String] {
        parameters.filter { $0.comparedCoordinates == 0 && !$0.isNotCheckable }.map(\.name)
    }
    /// Parameters whose every coordinate moves a ReLU input lying exactly at 0: no step can check them.
    public var notCheckableParameters: [String] { parameters.filter(\.isNotCheckable).map(\.name) }
    /// Compared parameters at or above the tolerance (NaN included).
    public var failedParameters: [ParameterCheck] { compared.filter { !($0.relativeError < tolerance) } }
    /// Some coordinate compared, every compared relative error below the tolerance, no parameter left
    /// unchecked that a smaller step would check, and some gradient not exactly 0.
    public var passed: Bool { comparedCoordinates > 0 && failedParameters.isEmpty && uncheckedParameters.isEmpty && !provedNothing }
    /// Every compared gradient, analytic and numeric, is 0: exactly, but for the rounding of its sums (‖a‖ + ‖n‖
    /// below 1e-12), or as rounding noise against an analytic 0 (the loss is 0, or at a stationary point, at these
    /// rows): a wrong backward pass that also gave 0 would score the same.
    public var provedNothing: Bool { !compared.isEmpty && compared.allSatisfy { $0.isVanishing || $0.isZeroWithinRounding } }
    /// The failed parameters but those whose gradient is 0 (vanishing, or 0 within rounding): the ones whose
    /// differences a step or a fix can change.
    public var failedByDifference: [ParameterCheck] { failedParameters.filter { !$0.isZeroWithinRounding && !$0.isVanishing } }
    /// The check failed on relative error, and every failing difference (of a gradient not 0 within rounding) is at
    /// the loss's rounding level: the step is too small for a loss this large, not the gradient wrong.
    public var failedOnlyByRounding: Bool {
        !failedByDifference.isEmpty && failedByDifference.allSatisfy(\.differsOnlyByRounding)
    }
    /// When the check failed only by rounding, a larger step at which rounding alone would pass with a margin:
    /// rounding error falls as 1/h, so the smallest step of 1, 2 or 5 times a power of ten with
    /// worst·h/h' ≤ tolerance/2. The smallest, because the difference's own error grows as h²: nil above 1e-3,
    /// where the tolerance is finer than rounding lets this loss resolve.
    public var largerStep: Double? {
        guard failedOnlyByRounding, let worst = failedByDifference.map(\.relativeError).max() else { return nil }
        let needed = 2 * step * worst / tolerance
        let steps = (-9 ... -4).flatMap { e in [1.0, 2, 5].map { $0 * Foundation.pow(10, Double(e)) } } + [1e-3]
        return steps.first { $0 >= needed }
    }
}
