/* memory_fork.c (in libmc-memory.so) - the POSIX host's hooks for shared mappings across fork (memory_shared.h): a
 * backing is a descriptor of the module's own; the child opens each of the parent's again through /proc/PID/fd (the
 * parent waits for the child's answer meanwhile, so they are there) and maps it where the parent has it. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "memory_shared.h"
#include "posix.h"

void shared_release(intptr_t backing)
{
    close((int)backing);
}

intptr_t shared_hand_over(struct mc_fork_shared *out, intptr_t count, intptr_t child)
{
    (void)out, (void)count, (void)child;   /* the child opens the parent's descriptors itself */
    return 0;
}

/* The parent's descriptor `fd`, opened again here: read-write if the file allows it, else read-only. */
static int open_parents(intptr_t parent, intptr_t fd)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/fd/%ld", (long)parent, (long)fd);
    int mine = open(path, O_RDWR | O_CLOEXEC);
    return mine >= 0 ? mine : open(path, O_RDONLY | O_CLOEXEC);
}

intptr_t shared_map_piece(const struct mc_fork_shared *in, intptr_t i, intptr_t count, intptr_t parent, intptr_t *backing)
{
    (void)count;
    /* Pieces of one mapping (cut by protection) and mappings of one file come with the same descriptor: opened once. */
    intptr_t fd = -1;
    for (intptr_t j = 0; j < i && fd < 0; j++)
        if (in[j].backing == in[i].backing) shared_backing(in[j].start, &fd, &(uint64_t){ 0 });
    int opened = fd < 0;
    if (opened && (fd = open_parents(parent, in[i].backing)) < 0) return -lx_errno(errno);
    int prot = (in[i].prot & LINUX_PROT_READ ? PROT_READ : 0) | (in[i].prot & LINUX_PROT_WRITE ? PROT_WRITE : 0) |
               (in[i].prot & LINUX_PROT_EXEC ? PROT_EXEC : 0);
    if (mmap((void *)in[i].start, in[i].length, prot, MAP_SHARED | MAP_FIXED, (int)fd, (off_t)in[i].offset) == MAP_FAILED) {
        intptr_t error = -lx_errno(errno);
        if (opened) close((int)fd);
        return error;
    }
    *backing = fd;
    return 0;
}
