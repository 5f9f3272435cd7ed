/* reent.c - newlib's reentrancy on Microcosm: every thread has its own struct _reent (errno, strtok
 * state, random seeds, ...) in a region of its thread structure, set up the first time the thread
 * touches the C library. The main thread uses newlib's global one, so the program's first thread
 * and code that names _GLOBAL_REENT agree. Stdio streams are global (newlib is configured with
 * --enable-newlib-global-stdio-streams), so stdout is one stream for every thread. */
#include "libc_internal.h"
#include <signal.h>
#include <string.h>

/* The region's offset in every thread structure (from -8), or -1 before it is reserved. */
static intptr_t libc_region = -1;

static intptr_t region_offset(void)
{
    intptr_t offset = __atomic_load_n(&libc_region, __ATOMIC_ACQUIRE);
    if (offset >= 0) return offset;
    /* Normally libc.so's constructor reserves it; a thread that gets here first (another library's
     * constructor calling into the C library) reserves it instead. Each -8 call reserves a new
     * region, so two first callers must not both call it: -2 marks a reservation in progress. */
    intptr_t expected = -1;
    if (__atomic_compare_exchange_n(&libc_region, &expected, -2, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        intptr_t got = mc_thread_expand(sizeof(struct __mc_thread_libc), _Alignof(struct __mc_thread_libc));
        __atomic_store_n(&libc_region, got < 0 ? -3 : got, __ATOMIC_RELEASE);
        return got < 0 ? -3 : got;
    }
    while ((offset = __atomic_load_n(&libc_region, __ATOMIC_ACQUIRE)) == -2) mc_syscall(SYS_sched_yield, 0, 0, 0, 0);
    return offset;
}

intptr_t __mc_thread_libc_offset(void) { return region_offset(); }

int __mc_self_segment;
long __mc_self_offset;

void __mc_self_locate(void)
{
    int64_t where[2];
    int segment = 0;
    if (mc_syscall(MC_SYS_THREAD_SELF_LOCATION, (intptr_t)where, 0, 0, 0) == 0 && (where[0] == 1 || where[0] == 2)) {
        __mc_self_offset = (long)where[1];
        segment = (int)where[0];
    }
    __atomic_store_n(&__mc_self_segment, segment, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void reserve_region(void)
{
    __mc_self_locate();
    region_offset();
}

struct __mc_thread_libc *__mc_main_libc;

/* The libc region of the thread whose structure is `self` (not NULL), initialized. */
static struct __mc_thread_libc *region_of(char *self)
{
    intptr_t offset = region_offset();
    if (offset < 0) return NULL;
    struct __mc_thread_libc *t = (struct __mc_thread_libc *)(self + offset);
    if (!t->ready) {
        t->altstack_flags = SS_DISABLE;
        if (((struct mc_thread_header *)self)->tid != 1) {
            _REENT_INIT_PTR(&t->reent);
        } else {
            __atomic_store_n(&__mc_main_libc, t, __ATOMIC_RELEASE);
        }
        t->ready = 1;
    }
    return t;
}

struct __mc_thread_libc *__mc_thread_libc(void)
{
    char *self = __mc_self();
    return self ? region_of(self) : NULL;
}

struct _reent *__getreent(void)
{
    /* While the program has one thread (sys/threads.c), that thread is the main one (or a host thread that is
     * not a Microcosm thread): both use the global, and the lookup below - a call into the core, made by every
     * malloc, free and errno access - is skipped. */
    if (!__atomic_load_n(&__mc_threaded, __ATOMIC_RELAXED)) return _GLOBAL_REENT;
    char *self = __mc_self();
    /* The main thread, and host threads calling in without being Microcosm threads, use the global. */
    if (!self || ((struct mc_thread_header *)self)->tid == 1) return _GLOBAL_REENT;
    struct __mc_thread_libc *t = region_of(self);
    return t ? &t->reent : _GLOBAL_REENT;
}
