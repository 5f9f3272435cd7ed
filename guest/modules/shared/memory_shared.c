/* memory_shared.c - the table of memory_shared.h, and fork's exports for it (fork_exports.h), over the host's hooks.
 * Programs make few shared mappings: a plain array, scanned. */
#include "host.h"
#include "memory_ranges.h"
#include "memory_shared.h"

struct shared {
    uintptr_t start, end;
    intptr_t backing;
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

void shared_add(uintptr_t start, uintptr_t end, intptr_t backing, uint64_t offset)
{
    table[count++] = (struct shared){ start, end, backing, offset };
}

static int in_use(intptr_t backing)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].backing == backing) return 1;
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
        if (e.start < start) table[count++] = (struct shared){ e.start, start, e.backing, e.offset };
        if (e.end > end) table[count++] = (struct shared){ end, e.end, e.backing, e.offset + (end - e.start) };
        if (!in_use(e.backing)) shared_release(e.backing);
        /* table[i] is now the last entry, not yet looked at; the pieces, past it, lie outside [start, end). */
    }
}

int shared_backing(uintptr_t address, intptr_t *backing, uint64_t *offset)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].start <= address && address < table[i].end) {
            *backing = table[i].backing;
            *offset = table[i].offset + (address - table[i].start);
            return 0;
        }
    return -1;
}

intptr_t mc_fork_shared_list(struct mc_fork_shared *out, intptr_t max, intptr_t child)
{
    ranges_lock();
    intptr_t all = (intptr_t)count;
    for (size_t i = 0; i < count && (intptr_t)i < max; i++)
        out[i] = (struct mc_fork_shared){ table[i].start, table[i].end - table[i].start, table[i].backing, table[i].offset, 0 };
    /* Handed over once they all fit (a call with too little room is made again). */
    if (child && all <= max) {
        intptr_t r = shared_hand_over(out, all, child);
        if (r < 0) all = r;
    }
    ranges_unlock();
    return all;
}

intptr_t mc_fork_shared_take(const struct mc_fork_shared *in, intptr_t n, intptr_t parent)
{
    intptr_t result = 0;
    ranges_lock();
    for (intptr_t i = 0; i < n && result == 0; i++) {
        intptr_t backing;
        if (shared_reserve(1) != 0) result = -LINUX_ENOMEM;
        else if ((result = shared_map_piece(in, i, n, parent, &backing)) == 0)
            shared_add(in[i].start, in[i].start + in[i].length, backing, in[i].offset);
    }
    ranges_unlock();
    return result;
}
