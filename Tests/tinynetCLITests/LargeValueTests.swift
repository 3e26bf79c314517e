import Foundation
import Testing

/// Values near the largest Double (1.8e308): standardization takes them to ordinary numbers, so training
/// works; not standardized, the advice names their true scale.
@Suite struct LargeValueTests {
    static func write(_ text: String, _ name: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Their mean and std once overflowed (std ∞ fell back to 1, leaving the values as they were): train
    /// refused them as "beyond f32 … standardize the features (the default)", and in f64 diverged.
    /// −1.7e308 against a mean of 8.5e307 also overflows x − mean: it is standardized as x/std − mean/std.
    @Test(arguments: [[], ["--stream"], ["--dtype", "f64"], ["--stream", "--dtype", "f64"]])
    func standardizedTheyTrain(_ flags: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try Self.write("a,b,c,label\n1.7e308,1e200,-1.7e308,x\n1.7e308,-1e200,1.7e308,y\n1e308,1e200,1.7e308,x\n7,-1e200,1.7e308,y\n", "c.csv", in: dir)
        try Self.write("a,y\n1,1.7e308\n2,1.7e308\n3,1e308\n4,7\n5,-1.7e308\n", "r.csv", in: dir)
        let classes = try CLI.run(["train", "--data", "c.csv", "--layers", "linear", "--epochs", "3", "--out", "c.safetensors"] + flags, in: dir)
        #expect(classes.status == 0, "\(classes.stderr)")
        let regression = try CLI.run(
            ["train", "--data", "r.csv", "--task", "regression", "--layers", "linear", "--epochs", "3", "--out", "r.safetensors"] + flags, in: dir)
        #expect(regression.status == 0, "\(regression.stderr)")
        #expect(!regression.stderr.contains("warning"), "\(regression.stderr)")
    }

    /// Not standardized, features of 1e200 in f64 diverge; the advice names their root mean square, which
    /// once overflowed to inf (Σx²).
    @Test(arguments: [[], ["--stream"]])
    func theRootMeanSquareOfHugeFeaturesIsFinite(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        try Self.write("a,label\n1e200,x\n-1e200,y\n1e200,x\n-1e200,y\n", "g.csv", in: dir)
        let r = try CLI.run(["train", "--data", "g.csv", "--layers", "linear", "--no-standardize", "--dtype", "f64", "--out", "m.safetensors"] + stream, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the features are not standardized (a column's root mean square is 1e+200)"), "\(r.stderr)")
    }
}
