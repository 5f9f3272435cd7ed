/* libmc-memory.so: memory mappings - mmap (anonymous and file-backed), munmap, mprotect, madvise,
 * mremap and msync, on the host's own mappings.
 *
 * Each instance loads its own copy of the module, which keeps the set of ranges it has mapped for its
 * guest (memory_ranges.h): when the instance ends, the module's destructor unmaps what the guest left
 * mapped - the C library's heap included - as a process's exit releases its memory. Calls that change
 * the mappings hold a lock from the host call to the update of the set, so that an address another
 * thread unmaps and maps again is never counted twice or lost.
 *
 * A shared mapping (MAP_SHARED) is mapped from something the module keeps (memory_shared.h): a memory file for an
 * anonymous one, a duplicate descriptor for a file's, so that a fork child maps the same (memory_fork.c).
 *
 * The guest shares the host process's address space: nothing stops it from unmapping or
 * protecting memory that Microcosm or the host runtime use (Microcosm is not a sandbox). A range it
 * maps with MAP_FIXED over such memory becomes its own, and is unmapped with the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fdtable.h"
#include "posix.h"
#include "memory_ranges.h"
#include "memory_shared.h"

static pthread_mutex_t mappings_lock = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t page_size;

/* The end of a mapping of `length` bytes at `start`: the kernel maps whole pages. */
static uintptr_t mapping_end(uintptr_t start, size_t length)
{
    return start + ((length + page_size - 1) & ~(page_size - 1));
}

/* PROT_* Linux -> host; -1 for bits Linux would reject. */
static int prot_to_host(intptr_t prot)
{
    if (prot & ~(intptr_t)(LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)) return -1;
    int host = PROT_NONE;
    if (prot & LINUX_PROT_READ) host |= PROT_READ;
    if (prot & LINUX_PROT_WRITE) host |= PROT_WRITE;
    if (prot & LINUX_PROT_EXEC) host |= PROT_EXEC;
    return host;
}

/* MAP_* bits Linux -> host. Bits the host lacks are dropped: they are hints (or, like MAP_DENYWRITE
 * and MAP_EXECUTABLE, ignored by Linux itself). MAP_FIXED_NOREPLACE is checked by hand below when the
 * host cannot do it. MAP_HUGETLB's page-size bits (26..31) are not passed on. */
static const struct {
    int lx, host;
} map_bits[] = {
    { LINUX_MAP_FIXED, MAP_FIXED },
    { LINUX_MAP_ANONYMOUS, MAP_ANONYMOUS },
#ifdef MAP_NORESERVE
    { LINUX_MAP_NORESERVE, MAP_NORESERVE },
#endif
#ifdef MAP_POPULATE
    { LINUX_MAP_POPULATE, MAP_POPULATE },
#endif
#ifdef MAP_STACK
    { LINUX_MAP_STACK, MAP_STACK },
#endif
#ifdef MAP_GROWSDOWN
    { LINUX_MAP_GROWSDOWN, MAP_GROWSDOWN },
#endif
#ifdef MAP_LOCKED
    { LINUX_MAP_LOCKED, MAP_LOCKED },
#endif
#ifdef MAP_NONBLOCK
    { LINUX_MAP_NONBLOCK, MAP_NONBLOCK },
#endif
#ifdef MAP_HUGETLB
    { LINUX_MAP_HUGETLB, MAP_HUGETLB },
#endif
#ifdef MAP_32BIT
    { LINUX_MAP_32BIT, MAP_32BIT },
#endif
#ifdef MAP_FIXED_NOREPLACE
    { LINUX_MAP_FIXED_NOREPLACE, MAP_FIXED_NOREPLACE },
#endif
};

/* Every flag Linux knows, for MAP_SHARED_VALIDATE (which rejects the others). */
#define KNOWN_MAP_FLAGS (LINUX_MAP_TYPE | LINUX_MAP_FIXED | LINUX_MAP_ANONYMOUS | LINUX_MAP_32BIT | \
    LINUX_MAP_GROWSDOWN | LINUX_MAP_DENYWRITE | LINUX_MAP_EXECUTABLE | LINUX_MAP_LOCKED | LINUX_MAP_NORESERVE | \
    LINUX_MAP_POPULATE | LINUX_MAP_NONBLOCK | LINUX_MAP_STACK | LINUX_MAP_HUGETLB | LINUX_MAP_FIXED_NOREPLACE | \
    (0x3fL << 26))

/* The backing of a new shared mapping of `length` bytes: for an anonymous one (host_fd -1), a memory file of that
 * size; for a file's, a duplicate of its descriptor. Close-on-exec, above the standard descriptors. -2 when the host
 * has no room for it, -1 for a descriptor it cannot duplicate. */
static int shared_backing_for(int host_fd, size_t length)
{
    if (host_fd >= 0) {
        int copy = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
        return copy >= 0 ? copy : errno == EMFILE ? -2 : -1;
    }
    int memory = memfd_create("microcosm-shared", MFD_CLOEXEC);
    if (memory < 0) return -2;
    if (ftruncate(memory, (off_t)((length + page_size - 1) & ~(page_size - 1))) != 0) {
        close(memory);
        return -2;
    }
    return memory;
}

/* mremap moved or grew [old, old_end) to [to, to_end): what backed it backs the new range (from the same offset), and
 * the old one is gone unless `kept` (an old size of 0, which maps the pages again and leaves them). */
static void moved_shared(uintptr_t old, uintptr_t old_end, uintptr_t to, uintptr_t to_end, int kept)
{
    intptr_t fd;
    uint64_t offset;
    if (shared_backing(old, &fd, &offset) != 0) return;
    int backing = fcntl((int)fd, F_DUPFD_CLOEXEC, 3);   /* the old range's may close below */
    if (!kept) shared_remove(old, old_end);
    shared_remove(to, to_end);
    if (backing >= 0) shared_add(to, to_end, backing, offset);
}

MC_HANDLER(sys_mmap)
{
    void *addr = (void *)a;
    size_t length = (size_t)b;
    intptr_t flags = d;
    int prot = prot_to_host(c);
    if (prot == -1) return -LINUX_EINVAL;
    int host_flags;
    switch (flags & LINUX_MAP_TYPE) {
    case LINUX_MAP_SHARED: host_flags = MAP_SHARED; break;
    case LINUX_MAP_PRIVATE: host_flags = MAP_PRIVATE; break;
    case LINUX_MAP_SHARED_VALIDATE:
        if (flags & ~(intptr_t)KNOWN_MAP_FLAGS) return -LINUX_EOPNOTSUPP;
        host_flags = MAP_SHARED;
        break;
    default: return -LINUX_EINVAL;
    }
    for (size_t i = 0; i < sizeof(map_bits) / sizeof(map_bits[0]); i++)
        if (flags & map_bits[i].lx) host_flags |= map_bits[i].host;
    /* Linux ignores the descriptor of an anonymous mapping; POSIX hosts want -1. */
    LX_FD(fd, (flags & LINUX_MAP_ANONYMOUS) ? -1 : e);
    if (!(flags & LINUX_MAP_ANONYMOUS) && fd.host == -1) return -LINUX_EBADF;
    int anonymous = (flags & LINUX_MAP_ANONYMOUS) != 0;
    off_t offset = anonymous ? 0 : (off_t)f;
    pthread_mutex_lock(&mappings_lock);
    intptr_t result;
    int backing = -1;   /* a shared mapping's, for a fork child to map too (memory_shared.h) */
    if (ranges_reserve(1) != 0 || shared_reserve(2) != 0) {
        result = -LINUX_ENOMEM;   /* as Linux says when a mapping would exceed what it can track */
        goto out;
    }
    if ((host_flags & MAP_SHARED) && (backing = shared_backing_for(fd.host, length)) < 0) {
        result = backing == -2 ? -LINUX_ENOMEM : -LINUX_EBADF;
        goto out;
    }
    if (backing >= 0 && anonymous) host_flags &= ~MAP_ANONYMOUS;
    void *p = mmap(addr, length, prot, host_flags, anonymous ? backing : fd.host, offset);
    if (p == MAP_FAILED) {
        result = -lx_errno(errno);
        if (backing >= 0) close(backing);
        goto out;
    }
    shared_remove((uintptr_t)p, mapping_end((uintptr_t)p, length));   /* a fixed mapping over a shared one */
    if (backing >= 0) shared_add((uintptr_t)p, mapping_end((uintptr_t)p, length), backing, (uint64_t)offset);
#ifndef MAP_FIXED_NOREPLACE
    /* Without host support the address is only a hint: refuse a different placement afterwards. */
    if ((flags & LINUX_MAP_FIXED_NOREPLACE) && !(flags & LINUX_MAP_FIXED) && p != addr) {
        munmap(p, length);
        result = -LINUX_EEXIST;
        goto out;
    }
#endif
    ranges_add((uintptr_t)p, mapping_end((uintptr_t)p, length));
    result = (intptr_t)p;
out:
    pthread_mutex_unlock(&mappings_lock);
    return result;
}

MC_HANDLER(sys_munmap)
{
    pthread_mutex_lock(&mappings_lock);
    intptr_t result = -LINUX_ENOMEM;   /* Linux's answer when a split would exceed what it can track */
    if (ranges_reserve(1) == 0 && shared_reserve(2) == 0) {
        result = lx_result(munmap((void *)a, (size_t)b));
        if (result == 0) {
            ranges_remove((uintptr_t)a, mapping_end((uintptr_t)a, (size_t)b));
            shared_remove((uintptr_t)a, mapping_end((uintptr_t)a, (size_t)b));
        }
    }
    pthread_mutex_unlock(&mappings_lock);
    return result;
}

MC_HANDLER(sys_mprotect)
{
    int prot = prot_to_host(c);
    if (prot == -1) return -LINUX_EINVAL;
    return lx_result(mprotect((void *)a, (size_t)b, prot));
}

MC_HANDLER(sys_madvise)
{
    void *addr = (void *)a;
    size_t length = (size_t)b;
    int advice;
    switch (c) {
    case LINUX_MADV_NORMAL: advice = MADV_NORMAL; break;
    case LINUX_MADV_RANDOM: advice = MADV_RANDOM; break;
    case LINUX_MADV_SEQUENTIAL: advice = MADV_SEQUENTIAL; break;
    case LINUX_MADV_WILLNEED: advice = MADV_WILLNEED; break;
    /* Programs rely on DONTNEED's Linux meaning - private anonymous pages read as zero afterwards -
     * which a Linux host's madvise gives; a host with only posix_madvise would have to remap the
     * range to keep that promise. */
    case LINUX_MADV_DONTNEED: advice = MADV_DONTNEED; break;
#ifdef MADV_FREE
    case LINUX_MADV_FREE: advice = MADV_FREE; break;
#endif
#ifdef MADV_REMOVE
    case LINUX_MADV_REMOVE: advice = MADV_REMOVE; break;
#endif
    /* Pure hints: passed on when the host knows them, accepted and ignored when it does not. */
#ifdef MADV_DONTFORK
    case LINUX_MADV_DONTFORK: advice = MADV_DONTFORK; break;
    case LINUX_MADV_DOFORK: advice = MADV_DOFORK; break;
#else
    case LINUX_MADV_DONTFORK: case LINUX_MADV_DOFORK: return 0;
#endif
#ifdef MADV_HUGEPAGE
    case LINUX_MADV_HUGEPAGE: advice = MADV_HUGEPAGE; break;
    case LINUX_MADV_NOHUGEPAGE: advice = MADV_NOHUGEPAGE; break;
#else
    case LINUX_MADV_HUGEPAGE: case LINUX_MADV_NOHUGEPAGE: return 0;
#endif
#ifdef MADV_DONTDUMP
    case LINUX_MADV_DONTDUMP: advice = MADV_DONTDUMP; break;
    case LINUX_MADV_DODUMP: advice = MADV_DODUMP; break;
#else
    case LINUX_MADV_DONTDUMP: case LINUX_MADV_DODUMP: return 0;
#endif
#ifdef MADV_MERGEABLE
    case LINUX_MADV_MERGEABLE: advice = MADV_MERGEABLE; break;
    case LINUX_MADV_UNMERGEABLE: advice = MADV_UNMERGEABLE; break;
#else
    case LINUX_MADV_MERGEABLE: case LINUX_MADV_UNMERGEABLE: return 0;
#endif
    default:
        return -LINUX_EINVAL;
    }
    return lx_result(madvise(addr, length, advice));
}

MC_HANDLER(sys_mremap)
{
#ifdef MREMAP_MAYMOVE
    if (d & ~(intptr_t)(LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED)) return -LINUX_EINVAL;
    int flags = 0;
    if (d & LINUX_MREMAP_MAYMOVE) flags |= MREMAP_MAYMOVE;
    if (d & LINUX_MREMAP_FIXED) flags |= MREMAP_FIXED;
    pthread_mutex_lock(&mappings_lock);
    intptr_t result = -LINUX_ENOMEM;
    if (ranges_reserve(2) == 0 && shared_reserve(3) == 0) {
        uintptr_t old = (uintptr_t)a, old_end = mapping_end(old, (size_t)b);
        /* The new range is the guest's if the old one was (an old size of 0 duplicates a shared
         * mapping, which then stays: its first page says whose it is). */
        int owned = ranges_cover(old, b ? old_end : old + page_size);
        void *p = mremap((void *)a, (size_t)b, (size_t)c, flags, (void *)e);
        if (p == MAP_FAILED) {
            result = -lx_errno(errno);
        } else {
            ranges_remove(old, old_end);
            if (owned) ranges_add((uintptr_t)p, mapping_end((uintptr_t)p, (size_t)c));
            moved_shared(old, old_end, (uintptr_t)p, mapping_end((uintptr_t)p, (size_t)c), b == 0);
            result = (intptr_t)p;
        }
    }
    pthread_mutex_unlock(&mappings_lock);
    return result;
#else
    /* No host mremap: callers (allocators' realloc) fall back to mmap, copy and munmap. */
    return -LINUX_ENOMEM;
#endif
}

MC_HANDLER(sys_msync)
{
    if (c & ~(intptr_t)(LINUX_MS_ASYNC | LINUX_MS_INVALIDATE | LINUX_MS_SYNC)) return -LINUX_EINVAL;
    if ((c & LINUX_MS_ASYNC) && (c & LINUX_MS_SYNC)) return -LINUX_EINVAL;
    int flags = 0;
    if (c & LINUX_MS_ASYNC) flags |= MS_ASYNC;
    if (c & LINUX_MS_INVALIDATE) flags |= MS_INVALIDATE;
    if (c & LINUX_MS_SYNC) flags |= MS_SYNC;
    return lx_result(LX_RETRY(msync((void *)a, (size_t)b, flags)));
}

/* The memory family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry memory_syscalls[] = { MC_FAMILY_memory(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void memory_module_init(void)
{
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    MC_REGISTER_TABLE(memory_syscalls);
}

void ranges_lock(void) { pthread_mutex_lock(&mappings_lock); }
void ranges_unlock(void) { pthread_mutex_unlock(&mappings_lock); }

static void unmap(uintptr_t start, size_t length)
{
    munmap((void *)start, length);
}

/* The instance is ending: every guest thread has ended (the core runs no finalizer while one still
 * could run), so the lock is not taken - a thread that faulted in here would hold it for ever. */
__attribute__((destructor)) static void memory_module_fini(void)
{
    ranges_release_all(unmap);
}
