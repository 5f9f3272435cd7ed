/* fork_exports.h - what the core calls in the memory module for fork (docs/processes.md, "fork"), found by name
 * (Cosmos.Fork.cs). Every host's memory module that serves fork exports these. */
#ifndef MC_FORK_EXPORTS_H
#define MC_FORK_EXPORTS_H

#include <stdint.h>
#include "module.h"

/* In the parent: the guest's mappings as up to `max` (start, end) pairs; returns how many there are in all (a count
 * above `max` asks for more room). */
MC_EXPORT intptr_t mc_fork_ranges(uintptr_t *pairs, intptr_t max);

/* In the child: the parent's mappings, which the core has put in place, are this module's from now on (it unmaps
 * them at the end, as it does its own). 0 or -ENOMEM. */
MC_EXPORT intptr_t mc_fork_adopt(const uintptr_t *pairs, intptr_t count);

/* A shared mapping (MAP_SHARED), which a fork child shares with the parent instead of copying it: [start, start +
 * length) maps `backing` from `offset`, with `prot` (LINUX_PROT_*). What `backing` is, is the host's: on POSIX hosts,
 * the parent's descriptor. A host whose module lacks these exports copies shared mappings as private ones. */
struct mc_fork_shared {
    uintptr_t start, length;
    intptr_t backing;
    uint64_t offset;
    intptr_t prot;
};

/* In the parent: its shared mappings as up to `max` entries (prot left 0: the core knows it from the host), each
 * backing handed over to the child process `child` (a host handle) where the host needs that to be done by the parent
 * (only once they all fit); returns how many there are in all. */
MC_EXPORT intptr_t mc_fork_shared_list(struct mc_fork_shared *out, intptr_t max, intptr_t child);

/* In the child, before the copy runs: maps each of the parent's shared mappings (pieces of one protection each) where
 * the parent has it, shared with the parent `parent` (its host process id), and keeps it as a shared mapping of its
 * own. 0 or -errno. */
MC_EXPORT intptr_t mc_fork_shared_take(const struct mc_fork_shared *in, intptr_t count, intptr_t parent);

#endif
