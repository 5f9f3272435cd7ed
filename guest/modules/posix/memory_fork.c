/* memory_fork.c (in libmc-memory.so) - fork's exports for shared mappings on a POSIX host (fork_exports.h,
 * memory_shared.h): a backing is a descriptor of the module's own; the child opens each of the parent's again through
 * /proc/PID/fd (the parent waits for the child's answer meanwhile, so they are there) and maps it where the parent
 * has it. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "memory_ranges.h"
#include "memory_shared.h"
#include "posix.h"

void shared_release(intptr_t backing)
{
    close((int)backing);
}

intptr_t mc_fork_shared_list(struct mc_fork_shared *out, intptr_t max, intptr_t child)
{
    (void)child;   /* the child opens the parent's descriptors itself */
    ranges_lock();
    intptr_t all = (intptr_t)shared_list(out, max > 0 ? (size_t)max : 0);
    ranges_unlock();
    return all;
}

/* The parent's descriptor `fd`, opened again here: read-write if the file allows it, else read-only. */
static int open_parents(intptr_t parent, intptr_t fd)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/fd/%ld", (long)parent, (long)fd);
    int mine = open(path, O_RDWR | O_CLOEXEC);
    return mine >= 0 ? mine : open(path, O_RDONLY | O_CLOEXEC);
}

intptr_t mc_fork_shared_take(const struct mc_fork_shared *in, intptr_t n, intptr_t parent)
{
    intptr_t result = 0;
    ranges_lock();
    for (intptr_t i = 0; i < n && result == 0; i++) {
        if (shared_reserve(1) != 0) {
            result = -LINUX_ENOMEM;
            break;
        }
        /* Pieces of one mapping (cut by protection) and mappings of one file come with the same descriptor. */
        intptr_t fd = -1;
        for (intptr_t j = 0; j < i && fd < 0; j++)
            if (in[j].backing == in[i].backing) shared_backing(in[j].start, &fd, &(uint64_t){ 0 });
        int opened = fd < 0;
        if (opened && (fd = open_parents(parent, in[i].backing)) < 0) {
            result = -lx_errno(errno);
            break;
        }
        int prot = (in[i].prot & LINUX_PROT_READ ? PROT_READ : 0) | (in[i].prot & LINUX_PROT_WRITE ? PROT_WRITE : 0) |
                   (in[i].prot & LINUX_PROT_EXEC ? PROT_EXEC : 0);
        if (mmap((void *)in[i].start, in[i].length, prot, MAP_SHARED | MAP_FIXED, (int)fd, (off_t)in[i].offset) == MAP_FAILED) {
            result = -lx_errno(errno);
            if (opened) close((int)fd);
            break;
        }
        shared_add(in[i].start, in[i].start + in[i].length, fd, in[i].offset);
    }
    ranges_unlock();
    return result;
}
