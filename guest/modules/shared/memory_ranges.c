/* memory_ranges.c - the set of memory_ranges.h: a sorted array of disjoint [start, end) ranges in the
 * host's heap. Mappings a program makes one after the other are usually adjacent and merge, so the
 * array stays short; each change is a binary search and one move of the tail. */
#include <string.h>
#include "fork_exports.h"
#include "host.h"
#include "memory_ranges.h"

struct range {
    uintptr_t start, end;
};

static struct range *ranges;
static size_t count, capacity;

int ranges_reserve(size_t more)
{
    if (count + more <= capacity) return 0;
    size_t wanted = capacity ? capacity * 2 : 16;
    while (wanted < count + more) wanted *= 2;
    struct range *grown = host_realloc(ranges, wanted * sizeof *grown);
    if (!grown) return -1;
    ranges = grown;
    capacity = wanted;
    return 0;
}

/* The first range whose end is above `address` (count if none). */
static size_t first_ending_above(uintptr_t address)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (ranges[mid].end > address) high = mid;
        else low = mid + 1;
    }
    return low;
}

/* The first range that starts at or above `address` (count if none). */
static size_t first_starting_from(uintptr_t address)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (ranges[mid].start >= address) high = mid;
        else low = mid + 1;
    }
    return low;
}

/* Replaces ranges [from, to) with the n ranges of `with` (room was reserved). */
static void replace(size_t from, size_t to, const struct range *with, size_t n)
{
    memmove(&ranges[from + n], &ranges[to], (count - to) * sizeof *ranges);
    memcpy(&ranges[from], with, n * sizeof *ranges);
    count = count - (to - from) + n;
}

void ranges_add(uintptr_t start, uintptr_t end)
{
    if (start >= end) return;
    /* Everything that overlaps or touches [start, end) becomes one range. */
    size_t from = start ? first_ending_above(start - 1) : 0;
    size_t to = end == UINTPTR_MAX ? count : first_starting_from(end + 1);
    struct range merged = { start, end };
    if (from < to) {
        if (ranges[from].start < merged.start) merged.start = ranges[from].start;
        if (ranges[to - 1].end > merged.end) merged.end = ranges[to - 1].end;
    }
    replace(from, to, &merged, 1);
}

void ranges_remove(uintptr_t start, uintptr_t end)
{
    if (start >= end) return;
    size_t from = first_ending_above(start), to = first_starting_from(end);
    if (from >= to) return;
    struct range kept[2];
    size_t n = 0;
    if (ranges[from].start < start) kept[n++] = (struct range){ ranges[from].start, start };
    if (ranges[to - 1].end > end) kept[n++] = (struct range){ end, ranges[to - 1].end };
    replace(from, to, kept, n);
}

int ranges_cover(uintptr_t start, uintptr_t end)
{
    if (start >= end) return 1;
    size_t i = first_ending_above(start);
    return i < count && ranges[i].start <= start && ranges[i].end >= end;
}

size_t ranges_list(uintptr_t *pairs, size_t max)
{
    for (size_t i = 0; i < count && i < max; i++) {
        pairs[2 * i] = ranges[i].start;
        pairs[2 * i + 1] = ranges[i].end;
    }
    return count;
}

void ranges_release_all(void (*release)(uintptr_t start, size_t length))
{
    for (size_t i = 0; i < count; i++) release(ranges[i].start, ranges[i].end - ranges[i].start);
    host_free(ranges);
    ranges = NULL;
    count = capacity = 0;
}

/* fork (fork_exports.h): the core asks the parent's module which mappings are the guest's, to copy them into the
 * child, and gives them to the child's module, which owns them from then on (on Windows, in the allocations the
 * parent had there: unmapping them frees those as it would have freed the parent's). */
intptr_t mc_fork_ranges(uintptr_t *pairs, intptr_t max)
{
    ranges_lock();
    size_t all = ranges_list(pairs, max > 0 ? (size_t)max : 0);
    ranges_unlock();
    return (intptr_t)all;
}

intptr_t mc_fork_adopt(const uintptr_t *pairs, intptr_t count)
{
    ranges_lock();
    intptr_t result = ranges_reserve(count > 0 ? (size_t)count : 0) == 0 ? 0 : -LINUX_ENOMEM;
    for (intptr_t i = 0; result == 0 && i < count; i++) ranges_add(pairs[2 * i], pairs[2 * i + 1]);
    ranges_unlock();
    return result;
}
