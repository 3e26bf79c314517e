import TinyNet

/// Sets OpenBLAS's thread count (`--threads`), warning when it runs fewer than asked: OpenBLAS is built
/// with a maximum (often 64) and quietly uses that instead.
func useBLASThreads(_ requested: Int) {
    BLASThreads.setLimit(requested)
    let actual = BLASThreads.limit
    if actual < requested {
        printError("warning: --threads \(requested): OpenBLAS runs at most \(actual) threads here; using \(actual)")
    }
}
