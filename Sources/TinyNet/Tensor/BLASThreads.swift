import CBLAS

/// How many threads OpenBLAS gets for each product, once the command line sets a limit.
///
/// OpenBLAS splits every product above ~262k multiply-adds (m·n·k) over all its threads. For the
/// products of a small MLP the hand-over costs more than the split saves, and after each split
/// product the idle threads spin for a while on the other cores, slowing the single-threaded work
/// between products (elementwise layers, the loss, the update). Measured on a 2-core VM: 60-128-64-6
/// at batch 64 trained in 0.14 s on one thread and 0.26 s on two; 50-256-128-5 at batch 128 ran two
/// threads 10% faster in some runs and 2.3 times slower in others. Products of at least
/// `parallelWork` multiply-adds (784·256 at batch 64, 256·256 at batch 128) gain from the split,
/// so they keep every thread; smaller ones run on one, and the spare threads sleep.
public enum BLASThreads {
    /// m·n·k from which a product runs on `limit` threads.
    public static let parallelWork = 8 << 20

    /// The thread count of large products and the one OpenBLAS is set to now; nil until `setLimit`
    /// (then OpenBLAS keeps its own setting, the same for every product, as tests running products on
    /// several threads at once need).
    nonisolated(unsafe) private static var state: (limit: Int, current: Int)?

    /// Threads for the large products (`--threads`; by default every core).
    public static var limit: Int { state?.limit ?? Int(openblas_get_num_threads()) }

    /// Turns the policy on with `n` threads for the large products (OpenBLAS caps it at the maximum it
    /// was built for).
    public static func setLimit(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
        let actual = Int(openblas_get_num_threads())
        state = (actual, actual)
    }

    /// The threads for a product of `work` multiply-adds.
    static func threads(forWork work: Int, limit: Int) -> Int {
        work >= parallelWork ? limit : 1
    }

    /// Sets OpenBLAS's thread count for the next product of `work` = m·n·k multiply-adds.
    @inline(__always) static func use(forWork work: Int) {
        guard let (limit, current) = state else { return }
        let wanted = threads(forWork: work, limit: limit)
        if wanted != current {
            openblas_set_num_threads(Int32(wanted))
            state = (limit, wanted)
        }
    }
}
