import TinyNet

/// The training rows of a run interrupted mid-epoch, stored in its checkpoint (`epoch_data`): the rest of
/// that epoch is the rest of its shuffled order over these rows, which other rows, even as many, would not
/// continue. The row count and a 64-bit hash of the rows as the network saw them (features after
/// preprocessing, targets), so that a resume on another file, or this one changed, is refused.
public struct DataFingerprint: Equatable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var hash: UInt64

    public init(rows: Int, hash: UInt64) { (self.rows, self.hash) = (rows, hash) }

    init<T: Scalar>(_ data: Dataset<T>) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for m in [data.features, data.targets] {
            mixBytes(UnsafeRawBufferPointer(start: m.pointer, count: m.rows * m.cols * MemoryLayout<T>.stride), into: &h)
        }
        self.init(rows: data.count, hash: h)
    }

    /// "1797:0123456789abcdef", as stored.
    public var description: String {
        let hex = String(hash, radix: 16)
        return "\(rows):" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Parses `description`'s form; nil for anything else.
    init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let rows = Int(parts[0]), rows >= 0, parts[1].count == 16, let hash = UInt64(parts[1], radix: 16) else { return nil }
        self.init(rows: rows, hash: hash)
    }
}

/// Folds `bytes` into `h` eight at a time (a multiply and a shift per word mix every bit into the
/// high ones; the tail bytes one at a time). Not cryptographic: it tells different data apart.
private func mixBytes(_ bytes: UnsafeRawBufferPointer, into h: inout UInt64) {
    let words = bytes.count / 8
    for i in 0..<words {
        h = (h ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
    }
    for i in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
    h ^= UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD
}
