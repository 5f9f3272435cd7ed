/* memory.c - mappings over the memory module's syscalls (the heap's sbrk is heap.c). */
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

int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (alignment < sizeof(void *) || (alignment & (alignment - 1))) return EINVAL;
    void *p = memalign(alignment, size);
    if (!p && size) return ENOMEM;
    *out = p;
    return 0;
}
