/* memory_ranges.h - the address ranges an instance's memory module has mapped for its guest: a sorted
 * set of disjoint page ranges (adjacent ones merged), so that the module can unmap whatever the guest
 * left mapped when the instance ends, as a process's exit releases its memory.
 *
 * Not thread-safe: the module calls it under its own lock, together with the host call that changes
 * the mappings (so that no other thread's mmap can reuse an address between the two). */
#ifndef MC_MEMORY_RANGES_H
#define MC_MEMORY_RANGES_H
#include <stdint.h>
#include "module.h"

/* Makes room for `more` more ranges, so that the next ranges_add/ranges_remove calls (each adds at
 * most one) cannot fail: call it before the host call. 0, or -1 if the host is out of memory. */
MC_HIDDEN int ranges_reserve(size_t more);

/* [start, end) is mapped for the guest (merged with whatever it overlaps or touches). */
MC_HIDDEN void ranges_add(uintptr_t start, uintptr_t end);

/* [start, end) is no longer mapped (a range that held it is cut or split). */
MC_HIDDEN void ranges_remove(uintptr_t start, uintptr_t end);

/* Whether every byte of [start, end) lies in the set. */
MC_HIDDEN int ranges_cover(uintptr_t start, uintptr_t end);

/* Writes up to `max` ranges as (start, end) pairs into `pairs`; returns how many there are (all of them, so a
 * count above `max` asks for more room). */
MC_HIDDEN size_t ranges_list(uintptr_t *pairs, size_t max);

/* Calls release(start, length) for each range and empties the set, freeing its storage. */
MC_HIDDEN void ranges_release_all(void (*release)(uintptr_t start, size_t length));

/* The module's lock around its mappings, which fork's exports (fork_exports.h, here) take: each host's memory
 * module defines them. */
MC_HIDDEN void ranges_lock(void);
MC_HIDDEN void ranges_unlock(void);

#endif
