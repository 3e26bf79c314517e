#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How the learning rate changes from epoch to epoch.
public enum LearningRateSchedule: Equatable, Sendable, CustomStringConvertible {
    /// The base rate throughout.
    case constant
    /// lr · gamma^⌊epoch / every⌋, like torch's StepLR(step_size: every, gamma).
    case step(every: Int, gamma: Double)
    /// lr · (1 + cos(π·epoch / epochs)) / 2, like torch's CosineAnnealingLR(T_max: epochs):
    /// from lr at the first epoch down towards 0 at the end of the last.
    case cosine

    /// Parses "constant", "step:EVERY:GAMMA" or "cosine".
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "constant" where parts.count == 1: self = .constant
        case "cosine" where parts.count == 1: self = .cosine
        case "step":
            guard parts.count == 3, let every = Int(parts[1]), every > 0, let gamma = Double(parts[2]), gamma > 0, gamma.isFinite else {
                throw SpecError("\(doubleQuoted(text)): expected step:EVERY:GAMMA with EVERY a positive integer and GAMMA a finite number > 0, e.g. step:10:0.5")
            }
            self = .step(every: every, gamma: gamma)
        default:
            let hint = nearest(to: parts[0], among: ["constant", "step", "cosine"]).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw SpecError("unknown schedule \(doubleQuoted(text))\(hint); expected constant, step:EVERY:GAMMA or cosine")
        }
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .step(let every, let gamma): return "step:\(every):\(gamma)"
        case .cosine: return "cosine"
        }
    }

    /// The rate for 0-based `epoch` of `epochs` in all.
    public func rate(base: Double, epoch: Int, epochs: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let every, let gamma):
            return base * pow(gamma, Double(epoch / every))
        case .cosine:
            return base * (1 + cos(Double.pi * Double(epoch) / Double(max(epochs, 1)))) / 2
        }
    }
}
