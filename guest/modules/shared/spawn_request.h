/* spawn_request.h - what a guest passes to mc_process_spawn (4001), copied into the module's memory
 * before any of it is used: a host's process creation reads its arguments in the host process, where a
 * bad pointer would fault, so everything is copied first (-EFAULT for what cannot be read), as Linux's
 * execve copies its arguments. A string longer than Linux's MAX_ARG_STRLEN is -E2BIG; a path longer than
 * PATH_MAX -ENAMETOOLONG. */
#ifndef MC_SPAWN_REQUEST_H
#define MC_SPAWN_REQUEST_H

#include "module.h"

struct spawn_copy {
    char *path;
    char **argv, **envp;             /* NULL-terminated */
    struct mc_spawn_request request; /* action_count and the rest, when the guest passed one */
    struct mc_spawn_action *actions; /* with their paths copied (NULL where the guest gave none) */
};

/* Copies the four arguments of mc_process_spawn: 0, or -errno; spawn_copy_free in both cases. */
MC_HIDDEN intptr_t spawn_copy_in(struct spawn_copy *c, intptr_t path, intptr_t argv, intptr_t envp, intptr_t request);
MC_HIDDEN void spawn_copy_free(struct spawn_copy *c);

/* exec where the host process cannot be replaced (Windows, an embedder: mc_program_is_process() is 0): the new
 * program was started as child `pid`, with the program's descriptors; this waits for it (with the host's
 * wait4 handler) and ends the program as the child ended - its exit status, or the signal that killed it. Returns
 * only if the wait fails (its -errno). */
MC_HIDDEN intptr_t lx_end_as_child(intptr_t pid, intptr_t (*wait4)(intptr_t, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t));
/* fork (posix/fork.c, windows/fork.c): how many children may find an address range the program needs taken before
 * fork gives up, and the status such a child ends with (ForkChildCommand.AddressTaken: EX_TEMPFAIL). */
#define FORK_ATTEMPTS 4
#define FORK_ADDRESS_TAKEN 75

/* Whether the host process stands for the program (core syscall -14): exec may then replace it. */
static inline int mc_program_is_process(void) { return mc_syscall(MC_SYS_PROGRAM_IS_PROCESS, 0, 0, 0, 0) == 1; }

#endif
