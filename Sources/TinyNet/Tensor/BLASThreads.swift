import CBLAS

/// How many threads OpenBLAS gets for each product, once the command line sets a limit.
///
/// OpenBLAS splits every product above ~262k multiply-adds (m·n·k) over all its threads. For the
/// products of a small MLP the hand-over costs more than the split saves, and after each split
/// product the idle threads spin for a while on the other cores, slowing the single-threaded work
/// between products (elementwise layers, the loss, the update). Measured on a 2-core VM: 60-128-64-6
/// at batch 64 (products of 0.5M multiply-adds) trained 40 epochs in 0.33–0.36 s with its products
/// split and in 0.26–0.29 s without; products from about 4M on (a 256-128 layer at batch 128: 4.2M;
/// 784-256 at batch 64: 12.8M) train faster split, so they keep every thread; smaller ones run on
/// one, and the spare threads sleep once their spell of spinning ends.
///
/// OpenBLAS has one thread count for the process, so the policy assumes one thread doing products
/// (the command line); without `setLimit` (a library user's default) nothing is switched.
public enum BLASThreads {
    /// m·n·k from which a product runs on `limit` threads.
    public static let parallelWork = 4 << 20

    /// Threads for the large products; nil until `setLimit` turns the policy on. Written before any
    /// product runs, then only read.
    nonisolated(unsafe) private static var largeProductThreads: Int?

    /// Threads for the large products: `--threads`, by default every core (or OPENBLAS_NUM_THREADS).
    public static var limit: Int { largeProductThreads ?? Int(openblas_get_num_threads()) }

    /// Turns the policy on with `n` threads for the large products (OpenBLAS caps it at the maximum it
    /// was built for).
    public static func setLimit(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
        largeProductThreads = Int(openblas_get_num_threads())
    }

    /// The threads for a product of `work` multiply-adds.
    static func threads(forWork work: Int, limit: Int) -> Int {
        work >= parallelWork ? limit : 1
    }

    /// Sets OpenBLAS's thread count for the next product of `work` = m·n·k multiply-adds.
    @inline(__always) static func use(forWork work: Int) {
        guard let limit = largeProductThreads else { return }
        let wanted = Int32(threads(forWork: work, limit: limit))
        if openblas_get_num_threads() != wanted { openblas_set_num_threads(wanted) }
    }
}
