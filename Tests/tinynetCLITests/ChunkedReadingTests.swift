import Foundation
import Testing

/// eval and predict read their file a chunk of rows at a time (4 096 rows for iris's four
/// features): results over many chunks are those of the rows, and a bad row part-way through
/// leaves an existing --out file as it was.
@Suite struct ChunkedReadingTests {
    /// iris's 150 data rows `copies` times after its header, then `extra` lines.
    func repeatedIris(_ copies: Int, extra: String = "", in dir: URL) throws -> String {
        let lines = try String(contentsOfFile: CLI.data("iris.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let body = Array(repeating: lines.dropFirst().joined(separator: "\n"), count: copies).joined(separator: "\n")
        try (lines[0] + "\n" + body + "\n" + extra).write(to: dir.appendingPathComponent("many.csv"), atomically: true, encoding: .utf8)
        return "many.csv"
    }

    func trainIris(in dir: URL) throws {
        let r = try CLI.run(["train", "--data", CLI.data("iris.csv"), "--layers", "linear:8,relu,linear", "--epochs", "20",
                             "--lr", "0.05", "--momentum", "0.9", "--out", "m.safetensors", "--quiet"], in: dir)
        try #require(r.status == 0, "\(r.stderr)")
    }

    @Test func evalOverManyChunksCountsEveryRow() throws {
        let dir = try CLI.temporaryDirectory()
        try trainIris(in: dir)
        let once = try CLI.run(["eval", "--model", "m.safetensors", "--data", CLI.data("iris.csv"), "--json"], in: dir)
        let many = try CLI.run(["eval", "--model", "m.safetensors", "--data", try repeatedIris(60, in: dir), "--json"], in: dir)
        try #require(once.status == 0 && many.status == 0, "\(once.stderr)\(many.stderr)")
        #expect(many.json["samples"] as? Int == 9000)
        #expect(many.json["accuracy"] as? Double == once.json["accuracy"] as? Double)
        let confusionOnce = once.json["confusion"] as? [[Int]] ?? [], confusionMany = many.json["confusion"] as? [[Int]] ?? []
        #expect(confusionMany == confusionOnce.map { $0.map { $0 * 60 } })
        let lossOnce = once.json["loss"] as? Double ?? 0, lossMany = many.json["loss"] as? Double ?? 1
        #expect(abs(lossMany - lossOnce) <= 1e-6 * lossOnce)
    }

    @Test func predictOverManyChunksWritesEveryRowInOrder() throws {
        let dir = try CLI.temporaryDirectory()
        try trainIris(in: dir)
        let once = try CLI.run(["predict", "--model", "m.safetensors", "--data", CLI.data("iris.csv")], in: dir)
        let many = try CLI.run(["predict", "--model", "m.safetensors", "--data", try repeatedIris(30, in: dir), "--out", "p.csv"], in: dir)
        try #require(once.status == 0 && many.status == 0, "\(once.stderr)\(many.stderr)")
        let rowsOnce = once.stdout.split(separator: "\n"), written = try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8)
        let rowsMany = written.split(separator: "\n")
        #expect(rowsMany.count == 1 + 4500)
        #expect(rowsMany[0] == rowsOnce[0])
        #expect(Array(rowsMany.dropFirst()) == Array(repeating: Array(rowsOnce.dropFirst()), count: 30).flatMap { $0 })
    }

    @Test func aBadRowPartWayLeavesTheOutputFileAsItWas() throws {
        let dir = try CLI.temporaryDirectory()
        try trainIris(in: dir)
        try Data("earlier predictions".utf8).write(to: dir.appendingPathComponent("p.csv"))
        let data = try repeatedIris(40, extra: "5.1,oops,1.4,0.2,0\n", in: dir)
        let r = try CLI.run(["predict", "--model", "m.safetensors", "--data", data, "--out", "p.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("many.csv:6002:2"), "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8) == "earlier predictions")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporary files left: \(left)")
        let eval = try CLI.run(["eval", "--model", "m.safetensors", "--data", data], in: dir)
        #expect(eval.status == 1 && eval.stderr.contains("many.csv:6002:2"), "\(eval.stderr)")
    }
}
