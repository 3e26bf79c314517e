// Counts heap allocations for the zero-allocation test of the training loop.
// The test bundle's own malloc/calloc/realloc/memalign interpose on glibc's
// (ELF symbol interposition) and forward to glibc's internal entry points.
#define _GNU_SOURCE
#include <stddef.h>
#include <errno.h>
#include "MallocCounter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

// Per thread, so tests running in parallel on other threads do not count:
// a training loop measured on one thread sees only its own allocations.
// Static TLS (initial-exec) in the executable: reading it never allocates.
static __thread long long allocations __attribute__((tls_model("initial-exec")));

static inline void count_one(void) { allocations += 1; }

void *malloc(size_t size) { count_one(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { count_one(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { count_one(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    count_one();
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

long long tinynet_allocation_count(void) { return allocations; }
