/* microcosm.h - the Microcosm guest ABI: syscalls, core syscall numbers, program start.
 *
 * Guest code reaches the syscall layer only through mc_syscall / mc_syscall6, exported by the
 * core's built-in library libmicrocosm.so. Errors come back as -errno in [-4095, -1] with Linux
 * x86-64 errno values; a number with no handler returns -ENOSYS (-38).
 */
#ifndef MICROCOSM_H
#define MICROCOSM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Core syscalls (numbers -1 .. -63 belong to the core; numbers >= 0 to modules). */
#define MC_SYS_REGISTER      (-1)  /* (num, fn) -> previous fn or 0; fn 0 deregisters */
#define MC_SYS_GET           (-2)  /* (num) -> fn or 0 */
#define MC_SYS_DEREGISTER    (-3)  /* (num) -> 0 */
#define MC_SYS_EXPAND_THREAD (-8)  /* (size, align) -> offset in the thread structure */
#define MC_SYS_THREAD_SELF   (-9)  /* () -> the calling thread's structure, or 0 */
#define MC_SYS_SPAWN         (-16) /* (fn, arg, stack size) -> tid */
#define MC_SYS_THREAD_INIT   (-17) /* () -> tid of the calling (adopted) host thread */
#define MC_SYS_KILL          (-18) /* (tid or 0, value) */
#define MC_SYS_JOIN          (-19) /* (tid, intptr_t *value_out) -> 0 */

#define MC_ENOSYS 38

/* A syscall handler receives the number too, so the dispatcher can jump to it untouched. */
typedef intptr_t (*mc_handler_t)(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d,
                                 intptr_t e, intptr_t f);

intptr_t mc_syscall(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d);
intptr_t mc_syscall6(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e,
                     intptr_t f);

/* What the program's entry receives. Versioned by size: fields are only ever appended, and a
 * field is present when offsetof(field) + sizeof(field) <= size. */
struct mc_start {
    size_t size;           /* bytes of this structure the core filled in */
    intptr_t argc;
    char **argv;           /* argc pointers, then NULL */
    char **envp;           /* "NAME=value" pointers, then NULL */
    void *base;            /* the executable's load bias (0 for a non-PIE executable) */
    const void *phdr;      /* the executable's program headers in memory, or NULL */
    size_t phent;          /* size of one program header */
    size_t phnum;          /* number of program headers */
};

/* Set by the start-up file before main runs (programs built with microcosm cc). */
extern const struct mc_start *mc_start_info;

static inline mc_handler_t mc_register(intptr_t num, mc_handler_t fn)
{
    return (mc_handler_t)mc_syscall(MC_SYS_REGISTER, num, (intptr_t)fn, 0, 0);
}

static inline mc_handler_t mc_get(intptr_t num)
{
    return (mc_handler_t)mc_syscall(MC_SYS_GET, num, 0, 0, 0);
}

static inline void mc_deregister(intptr_t num)
{
    mc_syscall(MC_SYS_DEREGISTER, num, 0, 0, 0);
}

#ifdef __cplusplus
}
#endif

#endif
