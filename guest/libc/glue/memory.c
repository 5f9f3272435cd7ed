/* memory.c - mappings over the memory module's syscalls, and sbrk for newlib's malloc: a large
 * reservation made inaccessible up front (it costs address space only) whose pages are opened up
 * as the break moves. malloc calls sbrk under its own lock, so the break needs no lock of its own. */
#include "libc_internal.h"
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* A mapping syscall's result: the address, or MAP_FAILED with errno set. */
static void *mapping_result(long r)
{
    return mc_errno_result(r) < 0 ? MAP_FAILED : (void *)r;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    return mapping_result(mc_sys6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, offset));
}

int munmap(void *addr, size_t len) { return (int)SYSCALL(SYS_munmap, addr, len, 0, 0); }
int mprotect(void *addr, size_t len, int prot) { return (int)SYSCALL(SYS_mprotect, addr, len, prot, 0); }
int msync(void *addr, size_t len, int flags) { return (int)SYSCALL(SYS_msync, addr, len, flags, 0); }
int madvise(void *addr, size_t len, int advice) { return (int)SYSCALL(SYS_madvise, addr, len, advice, 0); }
int posix_madvise(void *addr, size_t len, int advice)
{
    return mc_error_of(mc_sys(SYS_madvise, (long)addr, (long)len, advice, 0));
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
    void *new_address = NULL;
    if (flags & MREMAP_FIXED) {
        va_list ap;
        va_start(ap, flags);
        new_address = va_arg(ap, void *);
        va_end(ap);
    }
    return mapping_result(mc_sys6(SYS_mremap, (long)old, (long)old_len, (long)new_len, flags, (long)new_address, 0));
}

int getpagesize(void) { return 4096; }

#define HEAP_RESERVATION (64UL << 30)   /* address space for the break: 64 GiB */
#define HEAP_STEP (256UL << 10)         /* pages are opened up this many bytes at a time */

static char *heap_base, *heap_break, *heap_open;

void *sbrk(ptrdiff_t increment)
{
    if (!heap_base) {
        void *p = mmap(NULL, HEAP_RESERVATION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) return (void *)-1;
        heap_base = heap_break = heap_open = p;
    }
    char *old = heap_break;
    if (increment < 0 ? (size_t)-increment > (size_t)(heap_break - heap_base)
                      : (size_t)increment > (size_t)(heap_base + HEAP_RESERVATION - heap_break)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *wanted = heap_break + increment;
    if (wanted > heap_open) {
        size_t grow = ((size_t)(wanted - heap_open) + HEAP_STEP - 1) & ~(HEAP_STEP - 1);
        if ((size_t)(heap_base + HEAP_RESERVATION - heap_open) < grow) grow = heap_base + HEAP_RESERVATION - heap_open;
        if (mprotect(heap_open, grow, PROT_READ | PROT_WRITE) < 0) {
            errno = ENOMEM;
            return (void *)-1;
        }
        heap_open += grow;
    }
    heap_break = wanted;
    return old;
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (alignment < sizeof(void *) || (alignment & (alignment - 1))) return EINVAL;
    void *p = memalign(alignment, size);
    if (!p && size) return ENOMEM;
    *out = p;
    return 0;
}
