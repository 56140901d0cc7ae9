#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings made once at startup, before any thread allocates (`LedgerRecon.main`).
///
/// glibc serves a request above its mmap threshold with a mapping of its own, returned to the
/// system when freed; but the threshold starts at 128 KiB and rises to the size of every such
/// block freed (up to 32 MiB), so after the first batch the import's multi-megabyte arrays (read
/// batches, account caches, the checks' per-account arrays) came from the heap instead, where
/// freed space stays resident and is split by smaller blocks. A fixed threshold keeps every large
/// array a mapping of its own: the 1M run peaked at 149 MB instead of 189 (`MALLOC_MMAP_THRESHOLD_`,
/// same CPU time). Each thread also gets an arena of its own (up to 8 per core); two arenas
/// serve this process's few threads (reader, applier, SQLite's queue, the chain hasher).
/// Environment variables (`MALLOC_MMAP_THRESHOLD_`, `MALLOC_ARENA_MAX`) still override these.
enum MallocTuning {
    /// Blocks from this size up are mappings of their own.
    static let mmapThreshold: Int32 = 256 * 1024
    static let arenaLimit: Int32 = 2

    static func apply() {
        #if canImport(Glibc)
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { _ = glibcMallopt(mmapThresholdOption, mmapThreshold) }
        if getenv("MALLOC_ARENA_MAX") == nil { _ = glibcMallopt(arenaMaxOption, arenaLimit) }
        #endif
    }

    #if canImport(Glibc)
    // The Glibc module does not include <malloc.h>: its two option numbers, and `mallopt` itself.
    private static let mmapThresholdOption: Int32 = -3  // M_MMAP_THRESHOLD
    private static let arenaMaxOption: Int32 = -8  // M_ARENA_MAX
    #endif
}

#if canImport(Glibc)
/// glibc's `int mallopt(int param, int value)`: 1 on success.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
