/* signal.c - signals as far as the target ABI has them: none are delivered from outside, so
 * sigaction and the masks manage newlib's in-program handler table (which raise() and abort() use),
 * and a blocked mask is only remembered. */
#include "libc_internal.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

static sigset_t blocked;

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
        errno = EINVAL;
        return -1;
    }
    _sig_func_ptr previous;
    if (act) {
        previous = signal(sig, act->sa_handler);
        if (previous == SIG_ERR) return -1;
    } else {
        previous = signal(sig, SIG_DFL);
        signal(sig, previous);
    }
    if (old) {
        memset(old, 0, sizeof *old);
        old->sa_handler = previous;
    }
    return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    if (old) *old = blocked;
    if (!set) return 0;
    switch (how) {
    case SIG_BLOCK: blocked |= *set; return 0;
    case SIG_UNBLOCK: blocked &= ~*set; return 0;
    case SIG_SETMASK: blocked = *set; return 0;
    default: errno = EINVAL; return -1;
    }
}

int sigpending(sigset_t *set) { *set = 0; return 0; }
int sigsuspend(const sigset_t *mask) { (void)mask; return pause(); }   /* nothing can arrive */

/* An alternate signal stack is remembered and reported back; no handler ever runs on it, since no
 * signal is delivered. */
static stack_t alternate = { .ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0 };

int sigaltstack(const stack_t *restrict stack, stack_t *restrict old)
{
    if (stack) {
        if (stack->ss_flags & ~SS_DISABLE) { errno = EINVAL; return -1; }
        if (!(stack->ss_flags & SS_DISABLE) && stack->ss_size < MINSIGSTKSZ) { errno = ENOMEM; return -1; }
    }
    if (old) *old = alternate;
    if (stack) alternate = (stack->ss_flags & SS_DISABLE) ? (stack_t){ NULL, SS_DISABLE, 0 } : *stack;
    return 0;
}
