/* futex.c - waiting on 32-bit words through the futex syscall of the standard modules (202). */
#include "libc_internal.h"
#include <time.h>

#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

int __mc_futex_wait(volatile int *word, int expected, const struct timespec *deadline, int realtime)
{
    /* WAIT_BITSET takes an absolute deadline, so a wait woken early and retried keeps its end. */
    long op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (realtime ? FUTEX_CLOCK_REALTIME : 0);
    long r = mc_sys6(SYS_futex, (long)word, op, expected, (long)deadline, 0, FUTEX_BITSET_MATCH_ANY);
    return -mc_error_of(r);
}

int __mc_futex_wait_signals(volatile int *word, int expected, const struct timespec *deadline, int realtime)
{
    long op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (realtime ? FUTEX_CLOCK_REALTIME : 0);
    long r = (long)mc_syscall6(SYS_futex, (long)word, op, expected, (long)deadline, 0, FUTEX_BITSET_MATCH_ANY);
    return -mc_error_of(r);
}

void __mc_futex_wake(volatile int *word, int count)
{
    mc_sys(SYS_futex, (long)word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, 0);
}
