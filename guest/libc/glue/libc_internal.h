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

/* Cancellation (thread/pthread.c): once the program has cancelled a thread, every call through mc_sys asks first
 * whether the calling thread is to act on a cancellation there (a cancellation point with a cancellation pending
 * and enabled, or any call with asynchronous cancellation), and so does a call a signal or a cancellation interrupted
 * (__mc_interrupted). __mc_cancel_point is the same question where the cancellation point is not a syscall (waits
 * on futex words); __mc_cancel_requested only asks it. __mc_on_cancel is the thread layer's answer: it does not
 * return if the thread acts (the number is -1 for __mc_cancel_point). */
HIDDEN extern int __mc_cancel_used;
HIDDEN extern void (*__mc_on_cancel)(long num, long b);
HIDDEN extern int (*__mc_cancel_pending)(void);
HIDDEN void __mc_cancel_entry(long num, long b);
HIDDEN void __mc_cancel_point(void);
HIDDEN int __mc_cancel_requested(void);

static inline long mc_sys(long num, long a, long b, long c, long d)
{
    if (__builtin_expect(__mc_cancel_used, 0)) __mc_cancel_entry(num, b);
    long r = (long)mc_syscall(num, a, b, c, d);
    return __builtin_expect(r == -MC_EINTR, 0) ? __mc_interrupted(num, a, b, c, d, 0, 0) : r;
}

static inline long mc_sys6(long num, long a, long b, long c, long d, long e, long f)
{
    if (__builtin_expect(__mc_cancel_used, 0)) __mc_cancel_entry(num, b);
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
/* As __mc_futex_wait, for a wait that is a cancellation point (a condition or semaphore wait): a cancellation of the
 * thread, pending or arriving during the wait, is acted on here. */
HIDDEN int __mc_futex_wait_cancellable(volatile int *word, int expected, const struct timespec *deadline, int realtime);
/* Interrupts thread tid for a signal or a cancellation (core syscall -13): a module's call it blocks in returns -EINTR,
 * and, given its libc region `t`, a wait on a futex word ends at once as interrupted (a module's futex wait would
 * notice only at its next slice). 0, or -ESRCH. */
struct __mc_thread_libc;
HIDDEN long __mc_interrupt_thread(intptr_t tid, struct __mc_thread_libc *t);

/* newlib's clockid_t value -> Linux's (what the syscalls take); -1 for an unknown clock (sys/clock.c). */
HIDDEN long __mc_linux_clock(int clock);

/* ---- The lock everything else is built on --------------------------------------------------- */

/* A lock word: 0 free, 1 held, 2 held with waiters. Acquire returns 0 or ETIMEDOUT. */
HIDDEN int __mc_word_acquire(volatile int *state, const struct timespec *deadline, int realtime);
HIDDEN void __mc_word_release(volatile int *state);
/* Acquires as "held with waiters" from the start: for a condition variable's waiter re-taking its
 * mutex, whose wake-up may have been meant to pass on to others. */
HIDDEN void __mc_word_acquire_contended(volatile int *state);

/* Set by exit() (newlib's, patched; defined in process/start.c): the program ends through exit, not _exit or
 * quick_exit - its streams are flushed and its destructors run at its end. */
HIDDEN extern int __mc_exit_flushes;

/* 0 while the program has had one thread only, 1 once a second may exist (sys/threads.c). */
HIDDEN extern int __mc_threaded;
/* fork's child (thread/fork.c): sys/threads.c's watch on new threads, put back in the child's own syscall table. */
HIDDEN void __mc_threads_fork_child(void);

/* ---- The calling thread's structure ------------------------------------------------------------------
 * What mc_thread_self gives (NULL on a host thread that is not a Microcosm thread), read with one instruction where
 * the host keeps it where one can (core syscall -28: a %fs- or %gs-relative slot, at the same offset on every thread),
 * else by the -9 call. sys/reent.c asks where before the program's code runs, and a fork child asks again before
 * anything else (its instance's slot may be another); until then, the call. Every malloc, free and errno access of a
 * program with threads comes here (docs/libc.md, "The thread's structure"). */
HIDDEN extern int __mc_self_segment;   /* 0: the call; 1: %fs; 2: %gs */
HIDDEN extern long __mc_self_offset;
HIDDEN void __mc_self_locate(void);

static inline void *__mc_self(void)
{
    void *self;
    long offset = __mc_self_offset;
    switch (__mc_self_segment) {
    case 1:
        __asm__("movq %%fs:(%1), %0" : "=r"(self) : "r"(offset));
        return self;
    case 2:
        __asm__("movq %%gs:(%1), %0" : "=r"(self) : "r"(offset));
        return self;
    default:
        return mc_thread_self();
    }
}

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

/* A thread's cache of freed blocks in front of newlib's heap (sys/malloc.c): per chunk size, a list of blocks. */
#define MC_MALLOC_CACHE_SIZES 64
enum { MC_CACHE_OFF, MC_CACHE_ON, MC_CACHE_ENDED };
struct __mc_malloc_cache {
    int state;
    unsigned char count[MC_MALLOC_CACHE_SIZES];
    void *head[MC_MALLOC_CACHE_SIZES];
};

struct __mc_thread_libc {
    int ready;                    /* reent initialized */
    struct __mc_pthread *pthread; /* the pthread control block, NULL until pthread_self needs one */
    /* While the thread waits on a futex word: the word. A signal for the thread wakes it there at once
     * (a module's futex wait notices an interrupt only at its next slice), with signal_woken set, so that
     * the wait delivers the signal and goes on waiting (sys/futex.c, signal/signal.c). */
    volatile int *volatile futex_word;
    volatile int signal_woken;
    /* Set during a wait on a futex word that is a cancellation point (__mc_futex_wait_cancellable). */
    int cancellable_wait;
    /* The signals sent to the thread alone (raise) that wait for it (signal/signal.c). */
    unsigned long sigpending;
    /* Its alternate signal stack (sigaltstack: signal/fault.c); ss_flags SS_DISABLE, or 0 with a stack. */
    void *altstack_sp;
    size_t altstack_size;
    int altstack_flags;
    /* Its thread_local objects' destructors, the newest first (__cxa_thread_atexit_impl: thread/thread_atexit.c). */
    struct __mc_thread_atexit *thread_atexit;
    /* While the thread takes its signals where it computed (signal/fault.c): the ucontext_t of that computation, for the
     * first SA_SIGINFO handler (signal/signal.c takes it). */
    void *interrupted_context;
    struct __mc_malloc_cache malloc_cache;
    struct _reent reent;
    /* The thread's fault area (core syscall -15, signal/fault.c): busy while a fault is taken on it, and `blocked`,
     * which is the thread's signal mask, so that the core sees which faults the thread blocks. */
    struct mc_fault_area fault __attribute__((aligned(64)));
};

/* The calling thread caches the blocks it frees from now on (a thread pthread_create made, as it starts), and gives its
 * cache back to the heap (as it ends): sys/malloc.c. */
HIDDEN void __mc_malloc_cache_start(struct __mc_thread_libc *t);
HIDDEN void __mc_malloc_cache_end(void);

/* Runs the calling thread's thread_local destructors, the newest first, until none is left (thread/thread_atexit.c):
 * as the thread ends, before its pthread keys' destructors, and from exit(), before the atexit handlers. */
HIDDEN void __mc_call_thread_atexit(void);

/* The region's offset in every thread structure (mc_thread_expand), or a negative value if it has none. */
HIDDEN intptr_t __mc_thread_libc_offset(void);

/* The calling thread's libc region (initialized), or NULL off Microcosm threads. */
HIDDEN struct __mc_thread_libc *__mc_thread_libc(void);
/* The main thread's (tid 1), once it has touched the C library; NULL before. */
HIDDEN extern struct __mc_thread_libc *__mc_main_libc;

#endif
