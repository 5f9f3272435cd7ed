/* memory_shared.h - the guest's shared mappings (MAP_SHARED) and what backs each, so that a fork child maps the same
 * backing where the parent has it and the two processes share those pages as a native fork's do (docs/processes.md,
 * "fork"). What a backing is, is the host's (a descriptor, a section handle): the module keeps it open while a mapping
 * uses it, and each host's module says how one is let go and how a child takes the parent's (the hooks below, in
 * its memory_fork.c, under fork_exports.h's mc_fork_shared_*, here).
 *
 * Not thread-safe: called under the memory module's lock, with the host call that changes the mappings. */
#ifndef MC_MEMORY_SHARED_H
#define MC_MEMORY_SHARED_H
#include <stdint.h>
#include "fork_exports.h"
#include "module.h"

/* Makes room for `more` more entries (each change below adds at most two); 0, or -1 if the host is out of memory. */
MC_HIDDEN int shared_reserve(size_t more);

/* [start, end) maps `backing` from `offset` (the table owns it from now on: it lets it go when no mapping uses it). */
MC_HIDDEN void shared_add(uintptr_t start, uintptr_t end, intptr_t backing, uint64_t offset);

/* [start, end) no longer maps what it did (unmapped, or mapped over): entries are cut or split, and a backing no
 * entry uses any more is let go. */
MC_HIDDEN void shared_remove(uintptr_t start, uintptr_t end);

/* What backs the shared mapping holding `address`: 0 with the backing and the offset there, or -1. */
MC_HIDDEN int shared_backing(uintptr_t address, intptr_t *backing, uint64_t *offset);

/* The host's (its memory_fork.c): lets a backing go (closes the descriptor or handle); hands the `count` backings
 * listed in `out` over to the child process `child` where the parent must (Windows), writing the child's values
 * there, 0 or -errno; and in the child, maps in[i] (of `count`) where the parent has it, shared with the parent `parent`, giving
 * the backing it now uses here, 0 or -errno. */
MC_HIDDEN void shared_release(intptr_t backing);
MC_HIDDEN intptr_t shared_hand_over(struct mc_fork_shared *out, intptr_t count, intptr_t child);
MC_HIDDEN intptr_t shared_map_piece(const struct mc_fork_shared *in, intptr_t i, intptr_t count, intptr_t parent, intptr_t *backing);

#endif
