#ifndef CHAFF_HUGE_PAGES_H
#define CHAFF_HUGE_PAGES_H

#include <stddef.h>

/// Asks the kernel to back the whole 2 MB pages within the `bytes` at
/// `address` with huge pages (Linux's transparent huge pages, which many
/// systems give only to memory that asks, `madvise` mode). A hint for large
/// memory not yet written: pages already written keep their size, and where
/// huge pages are off or unsupported nothing changes.
void chaff_advise_huge_pages(void *address, size_t bytes);

#endif
