/* futex.c - waiting on 32-bit words through the futex syscall of the standard modules (202). */
#include "libc_internal.h"
#include <time.h>

#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

/* The wait itself, with the word marked as the one this thread waits on; a wake for a signal
 * (signal_woken) comes back as -EINTR. */
static long wait_marked(volatile int *word, long op, int expected, const struct timespec *deadline)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (t) t->futex_word = word;
    long r = (long)mc_syscall6(SYS_futex, (long)word, op, expected, (long)deadline, 0, FUTEX_BITSET_MATCH_ANY);
    if (t) {
        t->futex_word = NULL;
        if (t->signal_woken) {
            t->signal_woken = 0;
            r = -MC_EINTR;
        }
    }
    return r;
}

int __mc_futex_wait(volatile int *word, int expected, const struct timespec *deadline, int realtime)
{
    /* WAIT_BITSET takes an absolute deadline, so a wait woken early and retried keeps its end. */
    long op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (realtime ? FUTEX_CLOCK_REALTIME : 0);
    long r = wait_marked(word, op, expected, deadline);
    /* A signal: delivered here, and the wait goes on (the futex call made again), as a condition wait does. */
    if (r == -MC_EINTR) r = __mc_interrupted(SYS_futex, (long)word, op, expected, (long)deadline, 0, FUTEX_BITSET_MATCH_ANY);
    return -mc_error_of(r);
}

int __mc_futex_wait_signals(volatile int *word, int expected, const struct timespec *deadline, int realtime)
{
    long op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (realtime ? FUTEX_CLOCK_REALTIME : 0);
    return -mc_error_of(wait_marked(word, op, expected, deadline));
}

int __mc_futex_wait_cancellable(volatile int *word, int expected, const struct timespec *deadline, int realtime)
{
    __mc_cancel_point();
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (t) t->cancellable_wait = 1;
    int r = __mc_futex_wait(word, expected, deadline, realtime);   /* an interruption acts on a cancellation inside */
    if (t) t->cancellable_wait = 0;
    return r;
}

void __mc_futex_wake(volatile int *word, int count)
{
    mc_sys(SYS_futex, (long)word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, 0);
}

long __mc_interrupt_thread(intptr_t tid, struct __mc_thread_libc *t)
{
    long r = (long)mc_syscall(MC_SYS_INTERRUPT, tid, 0, 0, 0);
    volatile int *word = r == 0 && t ? t->futex_word : NULL;
    if (word) {
        t->signal_woken = 1;   /* wait_marked returns -EINTR */
        __mc_futex_wake(word, 0x7fffffff);
    }
    return r;
}
