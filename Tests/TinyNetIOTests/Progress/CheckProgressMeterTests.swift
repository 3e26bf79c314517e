import Testing
import TinyNet
@testable import TinyNetIO

/// gradcheck's progress: the live line, its pace, and the one note a long full check gets.
@Suite struct CheckProgressMeterTests {
    let second: UInt64 = 1_000_000_000

    func progress(_ done: Int, of total: Int = 1000, in parameter: String = "0.weight") -> GradientCheckProgress {
        GradientCheckProgress(parameter: parameter, done: done, total: total)
    }

    @Test func theLiveLineShowsTheTensorTheCountAndTheTimeLeftAtMostTenTimesASecond() {
        var meter = CheckProgressMeter(live: true, sampling: false, columns: 100)
        #expect(meter.update(progress(1), now: 10 * second) == nil, "the first coordinate starts the clock")
        #expect(meter.update(progress(2), now: 10 * second + second / 20) == nil, "throttled")
        // 100 coordinates a second since the first: 750 left take 7.5 s.
        let text = meter.update(progress(251), now: 12 * second + second / 2) ?? ""
        #expect(text.hasPrefix("\rgradcheck 0.weight [") && text.hasSuffix(" 251/1000 coordinates  0:02 ETA 0:07\u{1B}[K"), "\(text.debugDescription)")
        #expect(text.contains("[=======>"), "a quarter of the bar: \(text)")
        #expect(!text.contains("note:"), "10 s in all: not long enough for the note")
        #expect(meter.showing)
        #expect(meter.clear() == "\r\u{1B}[K" && meter.clear() == "")
        var narrow = CheckProgressMeter(live: true, sampling: false, columns: 40)
        _ = narrow.update(progress(1, in: "12.weight"), now: 0)
        let cut = narrow.update(progress(500, in: "12.weight"), now: second) ?? ""
        #expect(cut.count - 4 < 40, "never wider than the terminal: \(cut.debugDescription)")
    }

    /// After its first second, a full check expected to take longer than 10 s says so once, with the way to a
    /// sample; a check of a sample, or a short one, does not.
    @Test(arguments: [true, false])
    func aLongFullCheckGetsOneNote(live: Bool) {
        var meter = CheckProgressMeter(live: live, sampling: false)
        _ = meter.update(progress(1, of: 100_000), now: 0)
        #expect(meter.update(progress(50, of: 100_000), now: second / 2).map { $0.contains("note:") } != true, "not before a second")
        let text = meter.update(progress(101, of: 100_000), now: second) ?? ""
        #expect(text.contains("note: checking all 100000 coordinates (two forward passes each) takes about 16:39; "
                              + "--coordinates N checks a seeded sample of N per tensor\n"), "\(text.debugDescription)")
        #expect(live == text.contains("\u{1B}[K"), "plain output has no control characters: \(text.debugDescription)")
        let later = meter.update(progress(201, of: 100_000), now: 2 * second)
        #expect(later.map { !$0.contains("note:") } ?? true, "once")
        if !live { #expect(later == nil, "off a terminal, nothing but the note") }

        var sampled = CheckProgressMeter(live: false, sampling: true)
        _ = sampled.update(progress(1, of: 100_000), now: 0)
        #expect(sampled.update(progress(101, of: 100_000), now: second) == nil, "--coordinates: no note")
        var short = CheckProgressMeter(live: false, sampling: false)
        _ = short.update(progress(1, of: 1000), now: 0)
        #expect(short.update(progress(200, of: 1000), now: second) == nil, "5 s in all: no note")
    }
}
