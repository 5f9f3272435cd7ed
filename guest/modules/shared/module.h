/* module.h - what the standard modules of every host share: the handler signature, registration,
 * guest memory through the checked copy, timespecs, and the checkpoint that lets the core end a thread
 * blocked in a module. Each host's translation helpers come on top (posix/posix.h, windows/windows.h).
 *
 * Every module is built with -fvisibility=hidden; the helpers below are linked into each module that
 * uses them (the files in shared/ and the host's folder) and are never exported, so a program never
 * sees them.
 */
#ifndef MC_MODULE_H
#define MC_MODULE_H

#include <stddef.h>
#include <stdint.h>
#include <microcosm.h>
#include "linux_abi.h"
#include "syscall_families.h"   /* MC_FAMILY_<family>(X): the calls each family serves (abi/families.tsv) */

#define MC_HIDDEN __attribute__((visibility("hidden")))
/* What a module offers outside itself: the descriptor table to the other modules (fdtable.h), and what the core
 * calls for fork (fork_exports.h). Nothing else is exported. */
#define MC_EXPORT __attribute__((visibility("default")))

/* A syscall handler: the Linux arguments in order; returns the result or -errno (Linux values). */
#define MC_HANDLER(name) \
    static intptr_t name(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)

struct mc_syscall_entry {
    intptr_t num;
    mc_handler_t fn;
};

/* Registers every entry of a module's table (called from the module's constructor). */
MC_HIDDEN void mc_register_all(const struct mc_syscall_entry *entries, size_t count);
/* One entry of a family's table: MC_FAMILY_fd(MC_FAMILY_ENTRY) lists the fd family's numbers with their
 * handlers, sys_read ... (abi/families.tsv). */
#define MC_FAMILY_ENTRY(number, handler) { number, handler },

#define MC_REGISTER_TABLE(table) mc_register_all((table), sizeof(table) / sizeof((table)[0]))

/* ---- guest memory ---------------------------------------------------------------------------------- */

/* What a guest passes by pointer is read into the handler's own variables, and results are written
 * back, with the core's checked copy (mc_copy_checked), as the kernel's copy_from_user / copy_to_user:
 * 0, or -EFAULT for a pointer Linux would refuse (NULL, unmapped, read-only for a write, ...), never a
 * fault. Pointers handed straight to a host call that enters the host kernel need no copy: the kernel
 * checks them and the host call fails with EFAULT. */
static inline intptr_t lx_copy_in(void *to, const void *guest, size_t n)
{
    return n ? mc_copy_checked(to, guest, n) : 0;
}
static inline intptr_t lx_copy_out(void *guest, const void *from, size_t n)
{
    return n ? mc_copy_checked(guest, from, n) : 0;
}
#define LX_COPY_IN(var, guest) lx_copy_in(&(var), (guest), sizeof(var))

/* Whether the first and the last byte of a guest buffer can be read: for a host call that failed without
 * saying why (Windows' WriteFile and Winsock on a buffer they cannot read), to answer EFAULT as Linux does. */
static inline int lx_readable(const void *guest, size_t n)
{
    unsigned char byte;
    return n == 0 || (lx_copy_in(&byte, guest, 1) == 0 && lx_copy_in(&byte, (const unsigned char *)guest + n - 1, 1) == 0);
}
#define LX_COPY_OUT(guest, var) lx_copy_out((guest), &(var), sizeof(var))

/* The first bytes of a guest string: at most size - 1, NUL-terminated, read a page at a time (a string
 * that ends just before an inaccessible page is fine). Returns its length within them (size - 1: at
 * least that long), or -EFAULT. */
MC_HIDDEN intptr_t lx_string_prefix(char *to, const char *guest, size_t size);
/* A guest string copied whole into a malloc'd buffer (*out, the caller frees it): its length, or
 * -EFAULT, -ENOMEM, or -E2BIG when it is not shorter than max. */
MC_HIDDEN intptr_t lx_string_dup(const char *guest, size_t max, char **out);

/* ---- time ------------------------------------------------------------------------------------------- */

#define LX_NSEC_PER_SEC 1000000000LL

/* A guest timespec as nanoseconds, saturating at INT64_MAX; -1 if it is not a valid timespec
 * (tv_nsec outside [0, 1e9) or tv_sec < 0). */
MC_HIDDEN int64_t lx_timespec_ns(const struct linux_timespec *t);
/* now + delta without overflow. */
static inline int64_t lx_add_ns(int64_t now, int64_t delta)
{
    return delta > INT64_MAX - now ? INT64_MAX : now + delta;
}

/* ---- blocking ---------------------------------------------------------------------------------------- */

/* A module call that blocks waits at most this long at a time, then passes a checkpoint: another
 * thread's kill (exit_group, the end of the program) only takes effect at a syscall, and the core
 * cannot interrupt a wait inside a module. */
#define LX_SLICE_NS (100 * 1000 * 1000LL)

/* A syscall that does nothing, so that the dispatcher ends the calling thread here if it has been
 * killed (it checks pending kills on every call). The caller must hold no lock and own no memory:
 * the thread's frames are discarded without returning. */
static inline void lx_checkpoint(void)
{
    mc_syscall(MC_SYS_THREAD_SELF, 0, 0, 0, 0);
}

/* Whether the calling thread was interrupted for a signal (core syscall -13) since it last asked: a call
 * that blocks then returns -EINTR instead of waiting on, and the C library runs the handler and restarts
 * it or not (docs/processes.md). Asked when a host call was interrupted, or between a wait's slices. */
static inline int lx_interrupted(void)
{
    return mc_syscall(MC_SYS_INTERRUPT, 0, 0, 0, 0) == 1;
}

/* Between the slices of a wait, or after a host call came back interrupted: a checkpoint (a kill ends the thread
 * here), then whether the thread was interrupted for a signal, so that the call returns -EINTR. */
static inline int lx_checkpoint_interrupted(void)
{
    lx_checkpoint();
    return lx_interrupted();
}

#endif
