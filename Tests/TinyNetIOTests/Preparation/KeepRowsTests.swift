import Testing
@testable import TinyNet
@testable import TinyNetIO

/// train rearranges the training rows of the file's matrix in place: the same rows, in the same order,
/// as copying them out would give.
@Suite struct KeepRowsTests {
    @Test(arguments: [1, 3])
    func keepRowsGivesWhatGatherRowsGives(width: Int) {
        var rng = SeededGenerator(seed: 11)
        let rows = 50
        let values = (0..<(rows * width)).map { Double($0) }
        var orders: [[Int]] = [[], Array(0..<rows), Array((0..<rows).reversed()), [7], [49, 0]]
        for keep in [10, 40, 50] {
            var all = Array(0..<rows)
            rng.shuffle(&all)
            orders.append(Array(all.prefix(keep)))  // a random subset in random order, as the stratified split makes
        }
        for order in orders {
            var inPlace = values
            keepRows(&inPlace, order, width: width)
            #expect(inPlace == gatherRows(values, order, width: width), "order \(order)")
        }
    }

    /// A split of a real file: the training rows as the run trains on them, equal to the copied ones.
    @Test func aValidationSplitKeepsTheTrainingRowsInTheirOrder() {
        let split = validationSplit(rows: 569, fraction: 0.2, strata: (0..<569).map { $0 % 2 }, seed: 0)
        let values = (0..<(569 * 30)).map { Double($0) * 0.5 }
        var inPlace = values
        keepRows(&inPlace, split.train, width: 30)
        #expect(inPlace == gatherRows(values, split.train, width: 30))
        #expect(inPlace.count == split.train.count * 30)
    }
}
