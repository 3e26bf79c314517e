import Foundation
import Testing

/// Values near the largest Double (1.8e308): standardization takes them to ordinary numbers, so training
/// works; not standardized, the advice names their true scale; and a value that preprocessing still takes
/// beyond the dtype gets advice that fits the run.
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

    /// A regression model of targets near ±1.8e308 can predict a value beyond a Double once the target's
    /// standardization is undone: predict stops there naming the row, rather than print inf.
    @Test func aPredictionBeyondADoubleIsAnError() throws {
        let dir = try CLI.temporaryDirectory()
        try Self.write("a,y\n1,1.7e308\n2,1.7e308\n3,1e308\n4,7\n5,-1.7e308\n", "r.csv", in: dir)
        let train = try CLI.run(["train", "--data", "r.csv", "--task", "regression", "--layers", "linear", "--epochs", "300", "--lr", "0.1",
                                 "--out", "r.safetensors", "--quiet"], in: dir)
        try #require(train.status == 0, "\(train.stderr)")
        let predict = try CLI.run(["predict", "--model", "r.safetensors", "--data", "r.csv"], in: dir)
        #expect(predict.status == 1 && !predict.stdout.contains("inf"), "\(predict.stdout)")
        #expect(predict.stderr.contains("r.csv:2: the prediction for this row is beyond what a Double holds"), "\(predict.stderr)")
    }

    /// Standardized, a value can still lie beyond the dtype: a validation value far from the training values
    /// (1e30 and 1e300 against values 1e-10 apart), or any value times a huge input_scale. The message says
    /// so, rather than "standardize the features (the default)", and suggests only what helps: f64 when the
    /// value fits it, a smaller input_scale when it is above 1.
    @Test(arguments: [[], ["--stream"]])
    func aStandardizedValueBeyondTheDtypeIsExplained(_ stream: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<60).map { i in "\(Double(i) * 1e-10),\(Double(i)),\(i % 2)" }
        try Self.write("a,y,label\n" + rows.joined(separator: "\n") + "\n", "train.csv", in: dir)
        func train(_ flags: [String]) throws -> String {
            let r = try CLI.run(["train", "--data", "train.csv", "--layers", "linear", "--out", "m.safetensors"] + flags + stream, in: dir)
            #expect(r.status == 1 && !r.stderr.contains("standardize the"), "\(r.stderr)")
            return r.stderr
        }
        let far = "standardized, it lies that many standard deviations (times input_scale) from the training rows' mean"
        try Self.write("a,y,label\n1e-10,1,0\n1e30,2,1\n", "val.csv", in: dir)
        let f32 = try train(["--val-data", "val.csv"])
        #expect(f32.hasPrefix("error: val.csv:3:1 (a): feature \"a\" is 5.77") && f32.contains("beyond the ±3.4028235e+38 that f32 holds"), "\(f32)")
        #expect(f32.hasSuffix(": \(far); use --dtype f64\n"), "\(f32)")
        try Self.write("a,y,label\n1e-10,1,0\n1e300,2,1\n", "val.csv", in: dir)
        let f64 = try train(["--val-data", "val.csv", "--dtype", "f64"])
        #expect(f64.hasSuffix("feature \"a\" is inf after preprocessing (standardization, input_scale), beyond the ±1.7976931348623157e+308 that f64 holds: \(far)\n"), "\(f64)")
        let scaled = try train(["--input-scale", "1e39"])
        #expect(scaled.hasSuffix(": \(far); lower input_scale, or use --dtype f64\n"), "\(scaled)")
        // A regression target: standardized, its only remedy is f64.
        try Self.write("a,y,label\n1,1e300,0\n", "val.csv", in: dir)
        let target = try train(["--val-data", "val.csv", "--task", "regression", "--label", "y"])
        #expect(target.contains("target \"y\" is 5.77") && target.contains("after preprocessing (standardization), beyond"), "\(target)")
        #expect(target.hasSuffix(": standardized, it lies that many standard deviations from the training rows' mean; use --dtype f64\n"), "\(target)")
    }

    /// eval and predict cannot change the model's dtype or preprocessing: the same remedy says to retrain.
    @Test func aValueBeyondAModelsDtypeSaysToRetrain() throws {
        let dir = try CLI.temporaryDirectory()
        let rows = (0..<60).map { i in "\(Double(i) * 1e-10),\(Double(i)),\(i % 2)" }
        try Self.write("a,y,label\n" + rows.joined(separator: "\n") + "\n", "train.csv", in: dir)
        try Self.write("a,y,label\n1e-10,1,0\n1e30,2,1\n", "new.csv", in: dir)
        #expect(try CLI.run(["train", "--data", "train.csv", "--layers", "linear", "--epochs", "1", "--out", "m.safetensors"], in: dir).status == 0)
        for command in [["eval"], ["predict", "--out", "p.csv"]] {
            let r = try CLI.run(command + ["--model", "m.safetensors", "--data", "new.csv"], in: dir)
            #expect(r.status == 1 && r.stderr.contains("new.csv:3:1 (a)"), "\(r.stderr)")
            #expect(r.stderr.hasSuffix("from the training rows' mean; retrain the model to use --dtype f64\n"), "\(command): \(r.stderr)")
        }
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
