/* memory_shared.c - the table of memory_shared.h, and fork's exports for it (fork_exports.h): the parent lists its
 * shared mappings with their descriptors; the child opens each of those through the parent's /proc/PID/fd and maps
 * it where the parent has it. The table is short (programs make few shared mappings): a plain array, scanned. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fork_exports.h"
#include "host.h"
#include "memory_ranges.h"
#include "memory_shared.h"
#include "posix.h"

struct shared {
    uintptr_t start, end;
    int fd;
    uint64_t offset;
};

static struct shared *table;
static size_t count, capacity;

int shared_reserve(size_t more)
{
    if (count + more <= capacity) return 0;
    size_t wanted = capacity ? capacity * 2 : 8;
    while (wanted < count + more) wanted *= 2;
    struct shared *grown = host_realloc(table, wanted * sizeof *grown);
    if (!grown) return -1;
    table = grown;
    capacity = wanted;
    return 0;
}

void shared_add(uintptr_t start, uintptr_t end, int fd, uint64_t offset)
{
    table[count++] = (struct shared){ start, end, fd, offset };
}

static int in_use(int fd)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].fd == fd) return 1;
    return 0;
}

void shared_remove(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < count;) {
        struct shared e = table[i];
        if (e.end <= start || e.start >= end) {
            i++;
            continue;
        }
        table[i] = table[--count];   /* taken out; what is left of it on either side goes back */
        if (e.start < start) table[count++] = (struct shared){ e.start, start, e.fd, e.offset };
        if (e.end > end) table[count++] = (struct shared){ end, e.end, e.fd, e.offset + (end - e.start) };
        if (!in_use(e.fd)) close(e.fd);
        /* table[i] is now the last entry, not yet looked at; the pieces, past it, lie outside [start, end). */
    }
}

int shared_backing(uintptr_t address, int *fd, uint64_t *offset)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].start <= address && address < table[i].end) {
            *fd = table[i].fd;
            *offset = table[i].offset + (address - table[i].start);
            return 0;
        }
    return -1;
}

intptr_t mc_fork_shared_list(struct mc_fork_shared *out, intptr_t max, intptr_t child)
{
    (void)child;   /* the child opens the parent's descriptors itself */
    ranges_lock();
    for (size_t i = 0; i < count && (intptr_t)i < max; i++)
        out[i] = (struct mc_fork_shared){ table[i].start, table[i].end - table[i].start, table[i].fd, table[i].offset, 0 };
    intptr_t all = (intptr_t)count;
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
        int fd = -1;
        for (intptr_t j = 0; j < i; j++)
            if (in[j].backing == in[i].backing) shared_backing(in[j].start, &fd, &(uint64_t){ 0 });
        int opened = fd < 0;
        if (opened && (fd = open_parents(parent, in[i].backing)) < 0) {
            result = -lx_errno(errno);
            break;
        }
        int prot = (in[i].prot & LINUX_PROT_READ ? PROT_READ : 0) | (in[i].prot & LINUX_PROT_WRITE ? PROT_WRITE : 0) |
                   (in[i].prot & LINUX_PROT_EXEC ? PROT_EXEC : 0);
        if (mmap((void *)in[i].start, in[i].length, prot, MAP_SHARED | MAP_FIXED, fd, (off_t)in[i].offset) == MAP_FAILED) {
            result = -lx_errno(errno);
            if (opened) close(fd);
            break;
        }
        shared_add(in[i].start, in[i].start + in[i].length, fd, in[i].offset);
    }
    ranges_unlock();
    return result;
}
