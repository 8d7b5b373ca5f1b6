#ifndef CHAFF_PREFETCH_H
#define CHAFF_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` for reading, and
/// to keep it in every cache level. Swift has no prefetch of its own; this is
/// inlined into the Swift code that calls it.
static inline void chaff_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
