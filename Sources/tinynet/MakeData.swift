import ArgumentParser
import Foundation
import TinyNet
import TinyNetIO

extension ToyDataset: ExpressibleByArgument {}

/// `tinynet make-data spiral|xor|circles|moons`: a toy dataset as CSV (`x1,x2,label`).
struct MakeData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-data",
        abstract: "Write a toy 2-D classification dataset as CSV (x1,x2,label).",
        discussion: """
            spiral: three interleaved arms (Stanford CS231n), 3 classes; xor: the four quadrants, 2 classes; \
            circles and moons: as scikit-learn's make_circles and make_moons, 2 classes. \
            The same seed gives the same file.
            """)

    @Argument(help: "The dataset.") var kind: ToyDataset
    @Option(parsing: .unconditional, help: "Number of rows (the spiral splits them as evenly as it can among its 3 classes).") var samples = 300
    @Option(parsing: .unconditional, help: "Standard deviation of the Gaussian noise: on the angle for spiral, on the coordinates, after the label is drawn, otherwise (default: 0.2 spiral, 0.1 xor and moons, 0.05 circles).")
    var noise: Double?
    @Option(parsing: .unconditional, help: "Random seed.") var seed = 0
    @Option(help: "Output CSV file (written atomically); default, or -: standard output.") var out: String?

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard samples <= 10_000_000 else { throw ValidationError("--samples must be at most 10000000") }
        // The toy sets lie within about ±1: noise far beyond that only buries them (and 1e308 would overflow).
        if let noise, !(noise >= 0 && noise <= 1e6) { throw ValidationError("--noise must be a number from 0 to 1e6") }
        guard seed >= 0 else { throw ValidationError("--seed must be an integer ≥ 0") }
    }

    func run() throws {
        try reportingErrors {
            let data = kind.generate(samples: samples, noise: noise ?? kind.defaultNoise, seed: UInt64(seed))
            if let out, out != "-" {
                try checkWritableFilePath(out)  // a directory or a missing one is named, not the temporary file
                try ToyDataWriter.write(data, to: out)
            } else {
                // Written at once with write(2), so that a failure (a full disk) says why.
                let (_, failure) = writeFully(STDOUT_FILENO, ToyDataWriter.csvBytes(data))
                if let failure { throw StandardOutputError(code: failure) }
            }
        }
    }
}
