/* libc_internal.h - what every piece of Microcosm's newlib glue builds on (the foundation: errno/ and
 * sys/): syscalls with errno, the per-thread libc region of the thread structure, the clocks, and the
 * futex-based lock used by newlib's locks, the pthread mutexes and everything else that waits. What a
 * folder offers the folders above it is in its own header (signal/signal_internal.h, io/io_internal.h):
 * including one says which way the dependency goes (docs/libc.md, "The glue"). */
#ifndef MICROCOSM_LIBC_INTERNAL_H
#define MICROCOSM_LIBC_INTERNAL_H

#include <microcosm.h>
#include <errno.h>
#include <reent.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* Linux x86-64 syscall numbers (SYS_read ...): generated from abi/syscalls.tsv by abi/generate.sh. */
#include "libc_syscalls.h"


/* A call a signal interrupted (-EINTR: the core interrupted this thread for one, docs/processes.md): the
 * signals pending for the program are delivered on this thread, then the call is made again if Linux would
 * restart it (every handler that ran had SA_RESTART, and it is not one Linux never restarts), else its
 * -EINTR stands (signal/signal.c). */
HIDDEN long __mc_interrupted(long num, long a, long b, long c, long d, long e, long f);
/* Set by the signal layer: delivers the pending signals on the calling thread; 1 if the interrupted call is
 * to be made again (no handler ran, or each had SA_RESTART). */
HIDDEN extern int (*__mc_on_interrupt)(void);

static inline long mc_sys(long num, long a, long b, long c, long d)
{
    long r = (long)mc_syscall(num, a, b, c, d);
    return __builtin_expect(r == -MC_EINTR, 0) ? __mc_interrupted(num, a, b, c, d, 0, 0) : r;
}

static inline long mc_sys6(long num, long a, long b, long c, long d, long e, long f)
{
    long r = (long)mc_syscall6(num, a, b, c, d, e, f);
    return __builtin_expect(r == -MC_EINTR, 0) ? __mc_interrupted(num, a, b, c, d, e, f) : r;
}

/* The syscalls return Linux's errno numbers; newlib's differ (ENOSYS is 38 on Linux, 88 in
 * newlib), so every error is translated on its way to errno (errno/errno_table.c). */
HIDDEN int __mc_errno_from_linux(int linux_errno);

/* A syscall result's error in newlib's numbering (0 if it succeeded). */
static inline int mc_error_of(long r)
{
    return r < 0 && r > -4096 ? __mc_errno_from_linux((int)-r) : 0;
}

/* A syscall's -errno becomes -1 with errno set, as POSIX functions report failure. */
static inline long mc_errno_result(long r)
{
    int error = mc_error_of(r);
    if (error) {
        errno = error;
        return -1;
    }
    return r;
}

#define SYSCALL(num, a, b, c, d) mc_errno_result(mc_sys((num), (long)(a), (long)(b), (long)(c), (long)(d)))

/* ---- Waiting on futex words (syscall 202) --------------------------------------------------- */

struct timespec;
/* Waits while *word == expected, until woken or the absolute CLOCK_REALTIME/MONOTONIC deadline
 * passes (NULL = forever). Returns 0 or a negative newlib errno: -ETIMEDOUT, -EAGAIN (the value had
 * changed), -EINTR. */
HIDDEN int __mc_futex_wait(volatile int *word, int expected, const struct timespec *deadline,
                           int realtime);
HIDDEN void __mc_futex_wake(volatile int *word, int count);
/* As __mc_futex_wait for the signal layer's own waits (sleeps, sigwait): an interruption for a signal returns
 * -EINTR at once, with the signal still pending for the caller to deliver, instead of delivering it inside. */
HIDDEN int __mc_futex_wait_signals(volatile int *word, int expected, const struct timespec *deadline, int realtime);

/* newlib's clockid_t value -> Linux's (what the syscalls take); -1 for an unknown clock (sys/clock.c). */
HIDDEN long __mc_linux_clock(int clock);

/* ---- The lock everything else is built on --------------------------------------------------- */

/* A lock word: 0 free, 1 held, 2 held with waiters. Acquire returns 0 or ETIMEDOUT. */
HIDDEN int __mc_word_acquire(volatile int *state, const struct timespec *deadline, int realtime);
HIDDEN void __mc_word_release(volatile int *state);
/* Acquires as "held with waiters" from the start: for a condition variable's waiter re-taking its
 * mutex, whose wake-up may have been meant to pass on to others. */
HIDDEN void __mc_word_acquire_contended(volatile int *state);

/* A lock word with an owner and a depth for recursive locking. */
struct __mc_lock {
    volatile int state;
    int recursive;
    uintptr_t owner;
    unsigned int count;
};

HIDDEN uintptr_t __mc_thread_token(void);   /* identifies the calling thread for lock ownership */
HIDDEN void __mc_lock_acquire(struct __mc_lock *lock);
HIDDEN int __mc_lock_try(struct __mc_lock *lock);   /* 0 or EBUSY */
HIDDEN int __mc_lock_timed(struct __mc_lock *lock, const struct timespec *deadline, int realtime);
HIDDEN void __mc_lock_release(struct __mc_lock *lock);

/* ---- Per-thread libc state in the thread structure ------------------------------------------- */

struct __mc_pthread;   /* glue/thread/pthread.c */

struct __mc_thread_libc {
    int ready;                    /* reent initialized */
    struct __mc_pthread *pthread; /* the pthread control block, NULL until pthread_self needs one */
    /* While the thread waits on a futex word: the word. A signal for the thread wakes it there at once
     * (a module's futex wait notices an interrupt only at its next slice), with signal_woken set, so that
     * the wait delivers the signal and goes on waiting (sys/futex.c, signal/signal.c). */
    volatile int *volatile futex_word;
    volatile int signal_woken;
    /* The thread's signal mask and the signals sent to it alone (raise) that wait for it (signal/signal.c). */
    unsigned long sigmask, sigpending;
    struct _reent reent;
};

/* The calling thread's libc region (initialized), or NULL off Microcosm threads. */
HIDDEN struct __mc_thread_libc *__mc_thread_libc(void);
/* The main thread's (tid 1), once it has touched the C library; NULL before. */
HIDDEN extern struct __mc_thread_libc *__mc_main_libc;

#endif
