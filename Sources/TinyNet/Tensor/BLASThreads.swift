import CBLAS

/// How many threads OpenBLAS gets while a network trains, once the command line sets a limit.
///
/// OpenBLAS splits every product above ~262k multiply-adds (m·n·k) over all its threads, and after
/// each split product its idle threads spin for a while on the other cores, slowing the
/// single-threaded work between products (elementwise layers, the loss, the update). For a network
/// whose products are all small the hand-over and the spinning cost more than the split saves; a
/// network with one large product has spinning threads anyway, and its smaller products gain from the
/// split too. So the choice is per network: one thread when its largest product (batch × fan-in ×
/// fan-out) is under `parallelWork`, else `limit`. Measured on a 2-core VM, 22 alternating rounds:
/// 20-256-256-10 at batch 32 (largest product 2.1M) trained in 0.38 s one-threaded against 0.48 s
/// split (and up to 3.7 s split in the VM's contended spells); 50-256-256-5 at batch 256 (16.7M)
/// trains faster with all its products split (0.67 s) than with its 3.3M first layer on one thread
/// (0.83 s).
///
/// OpenBLAS has one thread count for the process: the policy is for one thread doing products (the
/// command line). Without `setLimit` (a library user's default) nothing is switched.
public enum BLASThreads {
    /// The largest product (m·n·k) from which a network trains on `limit` threads.
    public static let parallelWork = 4 << 20

    /// Threads for the networks with a large product; nil until `setLimit` turns the policy on.
    /// Written before any product runs, then only read.
    nonisolated(unsafe) private static var largeProductThreads: Int?

    /// Threads for the networks with a large product: `--threads`, by default every core (or
    /// OPENBLAS_NUM_THREADS).
    public static var limit: Int { largeProductThreads ?? Int(openblas_get_num_threads()) }

    /// Turns the policy on with OpenBLAS's own thread count (every core, or OPENBLAS_NUM_THREADS) for the
    /// networks with a large product.
    public static func enablePolicy() { setLimit(limit) }

    /// Turns the policy on with `n` threads for the networks with a large product (OpenBLAS caps it at
    /// the maximum it was built for).
    public static func setLimit(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
        largeProductThreads = Int(openblas_get_num_threads())
    }

    /// OpenBLAS's work buffer: 128 MB of address space (not of memory: its BUFFER_SIZE, 32 << 22 on x86-64,
    /// plus a page), reserved for each thread at the thread's first product. When it cannot be had (an
    /// address-space limit), OpenBLAS retries forever.
    public static let bufferBytes = (128 << 20) + 4096

    /// What a worker thread's first malloc reserves besides its buffer: glibc's arena for the thread, 64 MB,
    /// mapped at twice that while it is aligned.
    public static let workerArenaBytes = 128 << 20

    /// The address space OpenBLAS takes to run products on `threads` threads: a buffer each, and an arena
    /// for every thread but the calling one.
    public static func addressSpace(threads: Int) -> Int {
        threads * bufferBytes + (threads - 1) * workerArenaBytes
    }

    /// The most threads, up to `wanted`, whose address space fits, as `fits(bytes)` tells; 0 when not one's does.
    public static func affordableThreads(wanted: Int, fits: (Int) -> Bool) -> Int {
        (1...max(1, wanted)).reversed().first { fits(addressSpace(threads: $0)) } ?? 0
    }

    /// The threads for a network whose largest product is `work` multiply-adds.
    static func threads(forLargestProduct work: Int, limit: Int) -> Int {
        work >= parallelWork ? limit : 1
    }

    /// Sets OpenBLAS's thread count for training `network` on batches of `batchSize` rows.
    public static func prepare<T: Scalar>(for network: Sequential<T>, batchSize: Int) {
        guard let limit = largeProductThreads else { return }
        let largest = network.linears.map { batchSize * $0.inFeatures * $0.outFeatures }.max() ?? 0
        openblas_set_num_threads(Int32(threads(forLargestProduct: largest, limit: limit)))
    }
}
