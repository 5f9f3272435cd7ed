/* interrupted.c - a call a signal interrupted: the core interrupted this thread for a signal (core syscall
 * -13) and the module returned -EINTR (libc_internal.h's mc_sys sends it here). The signal layer, above
 * this one, delivers what is pending on this thread (__mc_on_interrupt, set once the program takes signals
 * from its timer or from outside); the call is then made again if Linux would restart it - every handler
 * that ran had SA_RESTART, and it is not a call Linux never restarts (signal(7)) - else -EINTR stands. */
#include "libc_internal.h"

int (*__mc_on_interrupt)(void);

int __mc_cancel_used;
void (*__mc_on_cancel)(long num, long b);
int (*__mc_cancel_pending)(void);

void __mc_cancel_entry(long num, long b)
{
    void (*cancel)(long, long) = __atomic_load_n(&__mc_on_cancel, __ATOMIC_ACQUIRE);
    if (cancel) cancel(num, b);
}

void __mc_cancel_point(void) { __mc_cancel_entry(-1, 0); }

int __mc_cancel_requested(void)
{
    int (*pending)(void) = __atomic_load_n(&__mc_cancel_pending, __ATOMIC_ACQUIRE);
    return pending && pending();
}

static int never_restarted(long num)
{
    switch (num) {
    case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6: case SYS_epoll_wait: case SYS_epoll_pwait:
    case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_pause: case SYS_rt_sigsuspend: case SYS_rt_sigtimedwait:
    case SYS_semtimedop:
        return 1;
    default:
        return 0;
    }
}

long __mc_interrupted(long num, long a, long b, long c, long d, long e, long f)
{
    for (;;) {
        __mc_cancel_entry(num, b);   /* a cancellation may be what interrupted it */
        int (*deliver)(void) = __atomic_load_n(&__mc_on_interrupt, __ATOMIC_ACQUIRE);
        int restart = deliver ? deliver() : 1;
        if (!restart || never_restarted(num)) return -MC_EINTR;
        long r = (long)mc_syscall6(num, a, b, c, d, e, f);
        if (r != -MC_EINTR) return r;
    }
}
