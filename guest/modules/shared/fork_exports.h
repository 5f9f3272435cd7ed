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

#endif
