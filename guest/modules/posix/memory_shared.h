/* memory_shared.h - the guest's shared mappings (MAP_SHARED) and what backs each: a fork child maps the same backing
 * where the parent has it, so that the two processes share those pages as a native fork's do (docs/processes.md,
 * "fork"). Anonymous ones are backed by a memory file the module makes (memfd), file ones by a duplicate of the
 * file's descriptor; the module keeps both open, close-on-exec, while a mapping uses them.
 *
 * Not thread-safe: called under the memory module's lock, with the host call that changes the mappings. */
#ifndef MC_MEMORY_SHARED_H
#define MC_MEMORY_SHARED_H
#include <stdint.h>
#include "module.h"

/* Makes room for `more` more entries (each change below adds at most two); 0, or -1 if the host is out of memory. */
MC_HIDDEN int shared_reserve(size_t more);

/* [start, end) maps `fd` from `offset` (the table owns fd from now on: it closes it when no mapping uses it). */
MC_HIDDEN void shared_add(uintptr_t start, uintptr_t end, int fd, uint64_t offset);

/* [start, end) no longer maps what it did (unmapped, or mapped over): entries are cut or split, and a descriptor no
 * entry uses any more is closed. */
MC_HIDDEN void shared_remove(uintptr_t start, uintptr_t end);

/* What backs the shared mapping holding `address`: 0 with its descriptor and the offset there, or -1. */
MC_HIDDEN int shared_backing(uintptr_t address, int *fd, uint64_t *offset);

#endif
