#ifndef MALLOC_COUNTER_H
#define MALLOC_COUNTER_H

/// Heap allocations (malloc, calloc, realloc, aligned allocations) made by
/// the calling thread so far. Linked into the test bundle only: its definitions of
/// malloc and friends interpose on libc's and count before forwarding.
long long tinynet_allocation_count(void);

#endif
