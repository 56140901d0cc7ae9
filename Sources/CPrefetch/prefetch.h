#ifndef CPREFETCH_H
#define CPREFETCH_H
/// Asks the processor to start loading the cache line at `address` for reading, and returns at
/// once. Swift has no prefetch of its own; the writer's account look-ups use this to have many
/// cache misses in flight instead of waiting for each in turn (`CachedAccountIndex.indexes`).
static inline void CPrefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
