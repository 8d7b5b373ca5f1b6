#include "ChaffHugePages.h"

#include <stdint.h>
#include <sys/mman.h>

void chaff_advise_huge_pages(void *address, size_t bytes) {
#ifdef MADV_HUGEPAGE
    // The huge page size of x86-64 and of most arm64 Linux kernels.
    const uintptr_t hugePage = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)address + hugePage - 1) & ~(hugePage - 1);
    uintptr_t end = ((uintptr_t)address + bytes) & ~(hugePage - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)address;
    (void)bytes;
#endif
}
