#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to `fd` with write(2), retrying partial writes and interruptions. Returns how many
/// bytes were written and, when not all, the reason (errno).
public func writeFully(_ fd: Int32, _ bytes: [UInt8]) -> (written: Int, error: Int32?) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return (offset, n < 0 ? errno : EIO) }
            offset += n
        }
        return (offset, nil)
    }
}
