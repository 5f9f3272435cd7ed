/* signal.c - signals: a program's own raise(), kill() of itself and abort(), its timers', and those other
 * processes and the terminal send it (through the core, below), behave as on Linux with glibc:
 *
 * - one handler table for the program (newlib's was per thread), set with sigaction (glibc's struct,
 *   SA_SIGINFO, SA_RESETHAND, SA_NODEFER, sa_mask) or signal() (BSD semantics, as glibc: the handler
 *   stays installed);
 * - a blocked signal stays pending until it is unblocked, then is delivered before sigprocmask
 *   returns; sigpending reports it, sigwait/sigtimedwait take it (waiting for another thread's raise);
 * - a signal whose action is the default ends the program as if the signal killed it (die_by: status
 *   128 + the signal, what a shell reports for such a process, and the CLI dies by the signal), except
 *   those Linux ignores by default (SIGCHLD, SIGCONT, SIGURG, SIGWINCH) and the stop signals, which stop
 *   the process where the host can (stop_process).
 *
 * Each thread has its own mask (in its libc region; a new thread starts with its creator's). raise is for
 * the calling thread, kill of the program for any thread. A handler runs on the thread that raised the
 * signal; a timer's signal (alarm, setitimer: time/time.c) or one from outside on the main thread if it
 * does not block it - a sleep there returns EINTR, a blocking call returns EINTR or is made again
 * (SA_RESTART) - else on a thread sleeping in nanosleep, pause or sigsuspend that does not block it, else
 * on the timer's or the listener's own thread (docs/processes.md). A signal for the program that the thread
 * it went to blocks is offered to another thread that does not block it, interrupted where it blocks. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include <signal.h>
#include <ucontext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "linux_signals.h"

/* newlib's <signal.h> (Microcosm's patch) has Linux's numbers: checked against abi/signals.tsv. */
#define SAME(name) _Static_assert(LINUX_##name == name, #name);
#include "linux_abi_check_signals.inc"
#undef SAME

#define BIT(sig) (1UL << ((sig) - 1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))

static struct sigaction actions[NSIG];   /* zero: SIG_DFL */
static volatile int table_lock;
static sigset_t pending;                  /* sent to the program: any thread that does not block one takes it */
static volatile int pending_seq;          /* a futex word: changes whenever a signal becomes pending */
static volatile int taken_seq;            /* a futex word: changes whenever a pending signal is taken */

static int valid(int sig) { return sig > 0 && sig < NSIG; }

static void lock(void) { __mc_word_acquire(&table_lock, NULL, 0); }
static void unlock(void) { __mc_word_release(&table_lock); }

/* Each thread's mask and the signals sent to it alone are in its libc region; a host thread calling in
 * without one shares these. */
static sigset_t outside_mask, outside_pending;

static sigset_t *my_mask(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    return t ? (sigset_t *)&t->fault.blocked : &outside_mask;
}

static sigset_t *my_pending(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    return t ? (sigset_t *)&t->sigpending : &outside_pending;
}

/* The terminal's job-control signals a thread blocks are blocked on its host thread too (core syscall -29): the
 * kernel's checks on a terminal look at the calling thread's mask, which is the host's, so a program in a background
 * group that blocks SIGTTOU around tcsetpgrp (a shell taking the terminal) gets it, as natively, instead of the
 * signal sent again and again. One call, only when they change. */
#define JOB_SIGNALS (BIT(SIGTTIN) | BIT(SIGTTOU))

static void mirror_job_signals(sigset_t before, sigset_t after)
{
    if ((before ^ after) & JOB_SIGNALS) mc_syscall(MC_SYS_THREAD_JOB_SIGNAL_MASK, (intptr_t)(after & JOB_SIGNALS), 0, 0, 0);
}

/* Sets the calling thread's mask (its first, a handler's, setcontext's). */
static void set_mask(sigset_t *blocked, sigset_t mask)
{
    sigset_t before = *blocked;
    *blocked = mask & ~UNBLOCKABLE;
    mirror_job_signals(before, *blocked);
}

unsigned long __mc_signal_mask(void) { return *my_mask(); }
void __mc_signal_set_mask(unsigned long mask) { set_mask(my_mask(), mask); }

/* The main thread's mask, as another thread sees it (0 before the main thread touched the C library). */
static sigset_t main_mask(void)
{
    struct __mc_thread_libc *m = __atomic_load_n(&__mc_main_libc, __ATOMIC_ACQUIRE);
    return m ? __atomic_load_n(&m->fault.blocked, __ATOMIC_RELAXED) : 0;
}

/* ---- What a pending signal carries -------------------------------------------------------------------------
 * A real-time signal (SIGRTMIN and up) is queued: each one sent is delivered, in the order sent, with its own
 * si_code and value (sigqueue). A standard signal sent again while pending is one signal, with the first one's
 * siginfo. At most QUEUE_MAX are queued for the program at once (Linux's RLIMIT_SIGPENDING is larger): a send past
 * it fails with EAGAIN, as sigqueue does on Linux. A signal from outside carries what the core says of its sender
 * (core syscall -27: the host's siginfo); a timer's carries none of its own (SI_USER). */
#define QUEUE_MAX 128
struct sent {
    int sig;
    int code;
    union sigval value;
    const sigset_t *set;   /* the pending set it is in: the program's, or a thread's own */
    pid_t pid;             /* from outside: the sender, as the core says (else this program) */
    uid_t uid;
    int outside;
};
static struct sent queue[QUEUE_MAX];
static int queue_length;

static int is_realtime(int sig) { return sig >= SIGRTMIN; }

/* Makes sent->sig pending in *set with its siginfo; -1 if the queue is full (nothing changed). Locked. */
static int enqueue_sent(sigset_t *set, const struct sent *sent)
{
    int sig = sent->sig;
    if (!is_realtime(sig) && (*set & BIT(sig))) return 0;   /* pending already: one signal */
    if (queue_length == QUEUE_MAX) return -1;
    queue[queue_length] = *sent;
    queue[queue_length++].set = set;
    *set |= BIT(sig);
    return 0;
}

static int enqueue(sigset_t *set, int sig, int code, union sigval value)
{
    return enqueue_sent(set, &(struct sent){ sig, code, value, set, 0, 0, 0 });
}

/* Takes the first siginfo queued for sig in *set into *info (SI_USER if none was); whether another stays. Locked. */
static int dequeue(const sigset_t *set, int sig, struct sent *info)
{
    int found = 0;
    while (found < queue_length && (queue[found].sig != sig || queue[found].set != set)) found++;
    if (found == queue_length) {
        *info = (struct sent){ sig, SI_USER, { 0 }, set, 0, 0, 0 };
        return 0;
    }
    *info = queue[found];
    memmove(&queue[found], &queue[found + 1], (size_t)(queue_length - found - 1) * sizeof *queue);
    queue_length--;
    for (int i = found; i < queue_length; i++)
        if (queue[i].sig == sig && queue[i].set == set) return 1;
    return 0;
}

/* Drops every queued siginfo of sig (0: of any signal) in *set (NULL: in any set). Locked. */
static void discard(int sig, const sigset_t *set)
{
    int kept = 0;
    for (int i = 0; i < queue_length; i++)
        if ((sig && queue[i].sig != sig) || (set && queue[i].set != set)) queue[kept++] = queue[i];
    queue_length = kept;
}

/* Takes the lowest signal of `set` not in `mask`, with its siginfo: the signal, or 0. Locked. */
static int take_lowest(sigset_t *set, sigset_t mask, struct sent *info)
{
    sigset_t ready = *set & ~mask;
    if (!ready) return 0;
    int sig = __builtin_ctzl(ready) + 1;
    if (!dequeue(set, sig, info)) *set &= ~BIT(sig);
    return sig;
}

/* Takes the lowest signal ready for the calling thread (its own first, then the program's), locked. */
static int take_ready(sigset_t *mine, sigset_t mask, struct sent *info)
{
    int sig = take_lowest(mine, mask, info);
    return sig ? sig : take_lowest(&pending, mask, info);
}

/* The default actions (abi/signals.tsv): SIGCONT's does nothing to a program that runs. */
static int ignored_by_default(int sig) { return ((LINUX_SIGNALS_IGNORE | LINUX_SIGNALS_CONTINUE) & BIT(sig)) != 0; }

static int stops_by_default(int sig) { return (LINUX_SIGNALS_STOP & BIT(sig)) != 0; }

/* A stop signal's default action: the process the program is stops, as a shell's job control expects (SIGCONT
 * continues it), where the host can stop it - the process module stops its own process on a POSIX host (SIGTSTP,
 * SIGTTIN and SIGTTOU not in an orphaned process group, as Linux). Elsewhere (Windows) the signal is ignored. */
static void stop_process(int sig) { mc_sys(SYS_kill, getpid(), sig, 0, 0); }

/* Whether an action is a handler the program installed (not SIG_DFL or SIG_IGN). */
static int is_handler(_sig_func_ptr h) { return h != SIG_DFL && h != SIG_IGN; }

/* Whether `h`, sig's action, ignores it: SIG_IGN, or a default that ignores it. */
static int ignores(int sig, _sig_func_ptr h) { return h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig)); }

/* A signal became pending: the threads waiting for one (sigwait, the signal wait) look again. */
static void announce_pending(void)
{
    __atomic_add_fetch(&pending_seq, 1, __ATOMIC_SEQ_CST);
    __mc_futex_wake(&pending_seq, 0x7fffffff);
}

/* The CLOCK_MONOTONIC time `sec` s and `nsec` ns (below 1 s) from now. */
static struct timespec monotonic_after(time_t sec, long nsec)
{
    struct timespec at;
    clock_gettime(CLOCK_MONOTONIC, &at);
    at.tv_sec += sec;
    at.tv_nsec += nsec;
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    return at;
}

static void deliver_pending(void);
static void deliver_on_interrupt(void);

intptr_t (*__mc_signal_pick)(unsigned long bit);

/* A signal for the program that the thread it went to blocks: another thread that does not block it takes it, as
 * Linux gives a process's signal to any thread that does not block it - interrupted where it blocks (a call, a
 * wait), or at its next one. One that would be ignored needs no thread. */
static void offer_to_another(int sig)
{
    intptr_t (*pick)(unsigned long) = __atomic_load_n(&__mc_signal_pick, __ATOMIC_ACQUIRE);
    if (!pick) return;
    lock();
    int ignored = ignores(sig, actions[sig].sa_handler);
    unlock();
    if (ignored) return;
    deliver_on_interrupt();
    pick(BIT(sig));
}

/* The end of a program a signal kills: no atexit handler, destructor or flush of the streams, and the
 * core records the signal (core syscall -10), so that microcosm itself ends by it. */
static _Noreturn void die_by(int sig)
{
    for (;;)
        if (mc_exit_signal(sig) < 0) _exit(128 + sig);
}

/* Takes sig's action as delivering it does: a handler with SA_RESETHAND is reset to the default. Whether it is a
 * handler. (A fault's entry takes its action here too: fault.c.) */
int __mc_signal_take_handler(int sig, struct sigaction *action)
{
    lock();
    *action = actions[sig];
    int handler = is_handler(action->sa_handler);
    if (handler && (action->sa_flags & SA_RESETHAND)) {
        memset(&actions[sig], 0, sizeof actions[sig]);
        __mc_fault_action_set(sig, 0);
    }
    unlock();
    return handler;
}

/* The siginfo a handler or sigtimedwait gets for a signal taken with `sent`. */
static void fill_info(siginfo_t *info, int sig, const struct sent *sent)
{
    memset(info, 0, sizeof *info);
    info->si_signo = sig;
    info->si_code = sent->code;
    info->si_value = sent->value;
    info->si_pid = sent->outside ? sent->pid : getpid();
    info->si_uid = sent->outside ? sent->uid : getuid();
    /* A child's SIGCHLD: its status where Linux has it, over the value's first bytes. */
    if (sent->outside && sig == SIGCHLD && sent->code >= CLD_EXITED && sent->code <= CLD_CONTINUED)
        info->si_status = sent->value.sival_int;
}

/* Runs the action of an unblocked signal in the calling thread. */
static void deliver(int sig, const struct sent *sent)
{
    struct sigaction a;
    __mc_signal_take_handler(sig, &a);
    if (a.sa_handler == SIG_IGN) return;
    if (a.sa_handler == SIG_DFL) {
        if (ignored_by_default(sig)) return;
        if (stops_by_default(sig)) {
            stop_process(sig);
            return;
        }
        die_by(sig);
    }
    sigset_t *blocked = my_mask(), saved = *blocked;
    if (a.sa_flags & SA_SIGINFO) {
        siginfo_t info;
        fill_info(&info, sig, sent);
        /* Where the thread computed (fault.c): the context it resumes with, as Linux's. At a call: the one here, in
         * the C library - the registers as getcontext keeps them, the mask before the handler, the alternate stack -
         * of which the mask is what the thread goes on with, as Linux's sigreturn puts back uc_sigmask (the call then
         * returns as it would, whatever the handler wrote in the registers). */
        struct __mc_thread_libc *t = __mc_thread_libc();
        ucontext_t here;
        volatile int resumed = 0;
        void *context = t ? t->interrupted_context : NULL;
        if (t) t->interrupted_context = NULL;
        if (!context) {
            here.uc_link = NULL;   /* getcontext fills the registers and the mask */
            here.uc_stack = t ? __mc_alternate_stack(t, (uintptr_t)&here) : (stack_t){ NULL, SS_DISABLE, 0 };
            getcontext(&here);
            if (resumed) {   /* the handler resumed it with setcontext, which set the mask: the handler is over */
                deliver_pending();
                return;
            }
            resumed = 1;
            context = &here;
        }
        set_mask(blocked, *blocked | a.sa_mask | (a.sa_flags & SA_NODEFER ? 0 : BIT(sig)));
        a.sa_sigaction(sig, &info, context);
        if (context == &here) saved = here.uc_sigmask & ~UNBLOCKABLE;
    } else {
        set_mask(blocked, *blocked | a.sa_mask | (a.sa_flags & SA_NODEFER ? 0 : BIT(sig)));
        a.sa_handler(sig);
    }
    set_mask(blocked, saved);
    deliver_pending();
}

/* Delivers the pending signals that are no longer blocked, lowest first, on the calling thread. Returns
 * whether a call a signal interrupted is to be made again: 0 if a handler without SA_RESTART ran. */
static int deliver_pending_here(void)
{
    int restart = 1;
    sigset_t *mine = my_pending(), *blocked = my_mask();
    for (;;) {
        struct sent info;
        lock();
        int sig = take_ready(mine, *blocked, &info);
        if (sig && is_handler(actions[sig].sa_handler) && !(actions[sig].sa_flags & SA_RESTART)) restart = 0;
        unlock();
        if (!sig) return restart;
        __atomic_add_fetch(&taken_seq, 1, __ATOMIC_SEQ_CST);   /* for __mc_signal_async, waiting for a taker */
        __mc_futex_wake(&taken_seq, 0x7fffffff);
        deliver(sig, &info);
    }
}

static void deliver_pending(void) { deliver_pending_here(); }

/* From now on a call that an interruption ends delivers what is pending on its thread (sys/interrupted.c): once a
 * signal may be waiting for a thread that blocks in a call. */
static void deliver_on_interrupt(void)
{
    __atomic_store_n(&__mc_on_interrupt, deliver_pending_here, __ATOMIC_RELEASE);
    __mc_fault_entry_ensure();   /* and one that computes takes it where it is (fault.c) */
}

void __mc_signal_deliver_pending(void) { deliver_pending(); }

/* A signal the program sends itself: raise (SI_TKILL) is for the calling thread, kill (SI_USER) for the
 * program. Pending if the calling thread blocks it - raise's for this thread only, kill's for any thread
 * that does not block it (one sleeping in the signal wait takes it) - else delivered now, here. */
static int send_signal(int sig, int code, union sigval value)
{
    if (sig == 0) return 0;
    if (!valid(sig)) { errno = EINVAL; return -1; }
    sigset_t *mine = my_pending();
    lock();
    int is_blocked = (*my_mask() & BIT(sig)) && !(UNBLOCKABLE & BIT(sig));
    /* Blocked, it waits (even if ignored now, as on Linux: the action may change before it is unblocked). */
    if (is_blocked && enqueue(code == SI_TKILL ? mine : &pending, sig, code, value) < 0) {
        unlock();
        errno = EAGAIN;
        return -1;
    }
    unlock();
    if (is_blocked) {
        announce_pending();
        if (code != SI_TKILL) offer_to_another(sig);
        return 0;
    }
    if (sig == SIGKILL) die_by(SIGKILL);
    deliver(sig, &(struct sent){ sig, code, value, NULL, 0, 0, 0 });
    return 0;
}

int raise(int sig) { return send_signal(sig, SI_TKILL, (union sigval){ 0 }); }

/* ---- signals that come from outside the raising thread: timers -------------------------------------- */

static volatile int interruptible;   /* threads in __mc_signal_wait: a timer's signal is theirs to deliver */

/* Waits until the absolute deadline (NULL: none) passes or a signal that is not blocked is pending,
 * and delivers what is pending, on this thread, as Linux interrupts a sleeping thread with the
 * handler. Returns EINTR if a signal ended the wait, 0 at the deadline. nanosleep, pause and
 * sigsuspend wait here. */
int __mc_signal_wait(const struct timespec *deadline, int realtime)
{
    __mc_cancel_point();   /* nanosleep, pause and sigsuspend are cancellation points */
    __atomic_add_fetch(&interruptible, 1, __ATOMIC_SEQ_CST);
    int result = 0;
    sigset_t *mine = my_pending(), *blocked = my_mask();
    for (;;) {
        if (__mc_cancel_requested()) {   /* acted on out of the count of sleeping threads */
            __atomic_sub_fetch(&interruptible, 1, __ATOMIC_SEQ_CST);
            __mc_cancel_point();
            __atomic_add_fetch(&interruptible, 1, __ATOMIC_SEQ_CST);
        }
        int seq = __atomic_load_n(&pending_seq, __ATOMIC_SEQ_CST);
        lock();
        int ready = ((pending | *mine) & ~*blocked) != 0;
        unlock();
        if (ready) {
            result = EINTR;
            break;
        }
        if (__mc_futex_wait_signals(&pending_seq, seq, deadline, realtime) == -ETIMEDOUT) break;
    }
    __atomic_sub_fetch(&interruptible, 1, __ATOMIC_SEQ_CST);
    /* Also what arrived as the deadline passed: the timer saw a waiter and left it to this thread. */
    deliver_pending();
    return result;
}

/* A signal from a timer (time/time.c) or from outside (the listener), delivered as Linux delivers a signal
 * sent to a process: blocked, it waits (sigwait takes it, or the thread that unblocks it); an ignored one is
 * dropped. For a handler the main thread is interrupted (core syscall -13): if it blocks in a call, or sleeps
 * in nanosleep, pause or sigsuspend, the call returns EINTR (or is made again, SA_RESTART) and the handler
 * runs there (__mc_interrupted, __mc_signal_wait); if it computes in the program's own code, it runs there too
 * (fault.c: the core sends it to the entry). If it has not taken the signal within TAKE_MS (it computes in the C
 * library's code, or waits where nothing interrupts it), another thread sleeping in __mc_signal_wait takes it, else the
 * calling thread (the timer's, the listener) runs the action, as it runs a default action at once, so that a
 * watchdog alarm still ends a busy program. */
#define TAKE_MS 20
#define RETRY_MS 2
static void signal_async(int sig, const struct sent *sent);
void __mc_signal_async(int sig) { signal_async(sig, NULL); }

/* sent: what a signal from outside carries (the listener), NULL for a timer's. */
static void signal_async(int sig, const struct sent *sent)
{
    lock();
    /* An unblocked signal whose action is to ignore it is discarded, as Linux discards it when it is sent: it
     * interrupts no sleep (a child's SIGCHLD at its default, say). */
    _sig_func_ptr handler = actions[sig].sa_handler;
    int is_blocked = (main_mask() & BIT(sig)) != 0;   /* the main thread is the one it goes to */
    if (!is_blocked && ignores(sig, handler)) {
        unlock();
        return;
    }
    if (!sent || enqueue_sent(&pending, sent) < 0) pending |= BIT(sig);   /* the queue full: without its siginfo */
    unlock();
    if (is_blocked) {   /* for sigwait, a thread that does not block it, or the one that unblocks it */
        announce_pending();
        offer_to_another(sig);
        return;
    }
    deliver_on_interrupt();
    int seq = __atomic_load_n(&taken_seq, __ATOMIC_SEQ_CST);
    struct __mc_thread_libc *main_libc = __atomic_load_n(&__mc_main_libc, __ATOMIC_ACQUIRE);
    if (is_handler(handler) && __mc_interrupt_thread(1 /* the main thread */, main_libc) == 0) {
        /* The interruption can be lost (it lands after the main thread's call passed the core's check, before the
         * host call blocks): it is sent again every RETRY_MS until the signal is taken or TAKE_MS have passed. */
        for (int waited = 0; waited < TAKE_MS; waited += RETRY_MS) {
            struct timespec step = monotonic_after(0, RETRY_MS * 1000000L);
            for (;;) {
                lock();
                int still = (pending & BIT(sig)) != 0;
                unlock();
                if (!still) goto taken;
                if (__mc_futex_wait(&taken_seq, seq, &step, 0) == -ETIMEDOUT) break;
                seq = __atomic_load_n(&taken_seq, __ATOMIC_SEQ_CST);
            }
            mc_syscall(MC_SYS_INTERRUPT, 1, 0, 0, 0);
        }
    taken:;
    }
    lock();
    int still = (pending & BIT(sig)) != 0;
    unlock();
    if (!still) return;
    /* Another thread sleeping in nanosleep, pause or sigsuspend takes it, else this one runs the action (and only
     * it: this thread's mask blocks every other, which are for the program's threads). */
    announce_pending();
    if (__atomic_load_n(&interruptible, __ATOMIC_SEQ_CST) != 0) return;
    struct sent info;
    lock();
    int mine = (pending & BIT(sig)) != 0;
    if (mine && !dequeue(&pending, sig, &info)) pending &= ~BIT(sig);
    unlock();
    if (mine) deliver(sig, &info);
}

/* ---- signals from outside the program --------------------------------------------------------------- */

/* Signals other processes and the terminal send the program reach it through the core (mc_signal_next), once
 * it has set an action for one or blocked one: until then their defaults are the host's, which are Linux's
 * (the core ends the program for SIGHUP, SIGINT, SIGQUIT and SIGTERM). A listener thread (the core's, as the
 * timer's) takes each and sends it as a timer sends SIGALRM (__mc_signal_async): a thread sleeping in
 * nanosleep, pause or sigsuspend delivers it (EINTR), else the listener runs the action - the handler, the
 * default's end of the program (die_by), or nothing. */
static int listening;   /* 0: not yet; 1: the core gives this program its outside signals */

static intptr_t signal_listener(intptr_t arg)
{
    (void)arg;
    __mc_signal_set_mask(MC_ALL_SIGNALS);   /* it runs an action only for the signal it sends */
    for (;;) {
        struct mc_signal_sender from;
        intptr_t sig = mc_signal_next_sent(&from);
        if (sig <= 0) return 0;
        struct sent sent = { (int)sig, from.code, { .sival_ptr = (void *)(intptr_t)from.value }, NULL, from.pid, from.uid, 1 };
        signal_async((int)sig, &sent);
    }
}

static void take_outside_signals(void)
{
    if (__atomic_load_n(&listening, __ATOMIC_ACQUIRE)) return;
    if (__atomic_exchange_n(&listening, 1, __ATOMIC_ACQ_REL)) return;
    /* Before the caller's sigaction or sigprocmask returns: a signal sent right after is the program's. */
    if (mc_signal_next(0) == 0) mc_syscall(MC_SYS_SPAWN, (intptr_t)signal_listener, 0, 64 * 1024, 0);
}

/* fork's child: as on Linux, no signal is pending for it (the program's, its thread's, the queue). The parent's
 * listener thread did not come along: if the parent took signals from outside, the child takes them too, with its
 * own. The table's lock word is put back free, as another thread of the parent may have held it. */
void __mc_signal_fork_child(void)
{
    table_lock = 0;
    sigemptyset(&pending);
    sigemptyset(my_pending());
    sigemptyset(&outside_pending);
    queue_length = 0;
    interruptible = 0;
    if (__atomic_exchange_n(&listening, 0, __ATOMIC_ACQ_REL)) take_outside_signals();
    /* A new host process: it ignores what the program ignores (sigaction told the parent's). */
    for (int sig = 1; sig < NSIG; sig++)
        if (actions[sig].sa_handler == SIG_IGN) mc_syscall(MC_SYS_SIGNAL_IGNORE, sig, 1, 0, 0);
    mirror_job_signals(0, *my_mask());   /* and its thread blocks what the forking thread blocked */
}

/* pthread_kill of another thread: pending for that thread alone (its libc region), as raise is for the caller; the
 * thread layer then interrupts it where it blocks. 0 or EAGAIN. */
int __mc_signal_send_thread(struct __mc_thread_libc *t, int sig)
{
    lock();
    int r = enqueue((sigset_t *)&t->sigpending, sig, SI_TKILL, (union sigval){ 0 });
    unlock();
    if (r < 0) return EAGAIN;
    deliver_on_interrupt();
    announce_pending();
    return 0;
}

/* A thread ends: what is queued for it alone goes with it. */
void __mc_signal_thread_ends(struct __mc_thread_libc *t)
{
    lock();
    discard(0, (const sigset_t *)&t->sigpending);
    unlock();
}

/* kill() and sigqueue() of the program itself (spawn/spawn.c has them, which also reach other processes). */
int __mc_raise(int sig, int code) { return send_signal(sig, code, (union sigval){ 0 }); }
int __mc_queue(int sig, union sigval value) { return send_signal(sig, SI_QUEUE, value); }

/* The signals whose action is SIG_IGN, which a new program (posix_spawn's child, exec's image) starts with ignored. */
unsigned long __mc_signal_ignored(void)
{
    unsigned long set = 0;
    lock();
    for (int sig = 1; sig < NSIG; sig++)
        if (actions[sig].sa_handler == SIG_IGN) set |= BIT(sig);
    unlock();
    return set;
}

/* What the program inherits from whoever started it (core syscall -25): the signals it starts with ignored and the
 * mask its first thread starts with, as a native program exec'd by nohup or run as a shell's background job starts.
 * A blocked signal from outside must wait for the program: the listener takes them from the start then. */
__attribute__((constructor)) static void inherit_signals(void)
{
    uint64_t initial[2] = { 0, 0 };
    if (mc_syscall(MC_SYS_INITIAL_SIGNALS, (intptr_t)initial, 0, 0, 0) != 0) return;
    for (int sig = 1; sig < NSIG; sig++)
        if ((initial[0] & BIT(sig)) && !(UNBLOCKABLE & BIT(sig))) actions[sig].sa_handler = SIG_IGN;
    sigset_t blocked = (sigset_t)initial[1] & ~UNBLOCKABLE;
    if (blocked) sigprocmask(SIG_SETMASK, &blocked, NULL);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (!valid(sig) || (act && (sig == SIGKILL || sig == SIGSTOP))) {
        errno = EINVAL;
        return -1;
    }
    if (act && act->sa_handler != SIG_DFL) take_outside_signals();
    lock();
    int was_ignored = actions[sig].sa_handler == SIG_IGN;
    if (old) *old = actions[sig];
    if (act) {
        /* The host process ignores what the program ignores: it discards those signals itself, and its own checks
         * (a terminal's SIGTTOU for tcsetpgrp from the background, SIGCHLD's children reaped at once) see them so. */
        if ((act->sa_handler == SIG_IGN) != was_ignored) mc_syscall(MC_SYS_SIGNAL_IGNORE, sig, act->sa_handler == SIG_IGN, 0, 0);
        actions[sig] = *act;
        actions[sig].sa_mask &= ~UNBLOCKABLE;
        __mc_fault_action_set(sig, is_handler(act->sa_handler));
        /* Setting a pending signal's action to ignore discards it. */
        if (ignores(sig, act->sa_handler)) {
            pending &= ~BIT(sig);
            discard(sig, NULL);
        }
    }
    unlock();
    return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
    return old.sa_handler;
}

int siginterrupt(int sig, int flag)
{
    struct sigaction act;
    if (sigaction(sig, NULL, &act) < 0) return -1;
    if (flag) act.sa_flags &= ~SA_RESTART;
    else act.sa_flags |= SA_RESTART;
    return sigaction(sig, &act, NULL);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    if (set && how != SIG_UNBLOCK && *set) take_outside_signals();
    sigset_t *blocked = my_mask();
    lock();
    sigset_t previous = *blocked;
    if (set) {
        switch (how) {
        case SIG_BLOCK: *blocked |= *set; break;
        case SIG_UNBLOCK: *blocked &= ~*set; break;
        case SIG_SETMASK: *blocked = *set; break;
        default: unlock(); errno = EINVAL; return -1;
        }
        *blocked &= ~UNBLOCKABLE;
    }
    sigset_t now = *blocked;
    unlock();
    mirror_job_signals(previous, now);
    if (old) *old = previous;
    deliver_pending();
    return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
    return sigprocmask(how, set, old) < 0 ? errno : 0;
}

/* The program's pending signals and the calling thread's own, as Linux reports them. */
int sigpending(sigset_t *set)
{
    sigset_t *mine = my_pending();
    lock();
    *set = pending | *mine;
    unlock();
    return 0;
}

/* With the mask replaced, waits for a signal it does not block (raised by another thread, or a
 * timer's), delivers it and returns EINTR with the mask restored. */
int sigsuspend(const sigset_t *mask)
{
    sigset_t *blocked = my_mask();
    lock();
    sigset_t saved = *blocked;
    *blocked = *mask & ~UNBLOCKABLE;
    unlock();
    __mc_signal_wait(NULL, 0);
    lock();
    *blocked = saved;
    unlock();
    errno = EINTR;
    return -1;
}

/* Takes a pending signal of `set`, waiting (until the absolute monotonic deadline, if any) for
 * another thread to raise one. Returns the signal, or 0 when the deadline passed. */
static int take_pending(const sigset_t *set, const struct timespec *deadline, struct sent *info)
{
    sigset_t *mine = my_pending();
    for (;;) {
        __mc_cancel_point();   /* sigwait and sigtimedwait are cancellation points */
        int seq = __atomic_load_n(&pending_seq, __ATOMIC_SEQ_CST);
        lock();
        int sig = take_ready(mine, ~*set, info);
        unlock();
        if (sig) return sig;
        if (__mc_futex_wait_signals(&pending_seq, seq, deadline, 0) == -ETIMEDOUT) return 0;
    }
}

int sigwait(const sigset_t *set, int *sig)
{
    struct sent info;
    *sig = take_pending(set, NULL, &info);
    return 0;
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
    struct timespec deadline;
    if (timeout) {
        if (timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000) { errno = EINVAL; return -1; }
        deadline = monotonic_after(timeout->tv_sec, timeout->tv_nsec);
    }
    struct sent sent;
    int sig = take_pending(set, timeout ? &deadline : NULL, &sent);
    if (!sig) { errno = EAGAIN; return -1; }
    if (info) fill_info(info, sig, &sent);
    return sig;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info) { return sigtimedwait(set, info, NULL); }

/* abort: SIGABRT unblocked and raised; if a handler returns (or it was ignored), the default action
 * is restored and it is raised again, as glibc does, so the program always ends with status 134. */
void abort(void)
{
    sigset_t abrt = BIT(SIGABRT);
    sigprocmask(SIG_UNBLOCK, &abrt, NULL);
    raise(SIGABRT);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    sigaction(SIGABRT, &dfl, NULL);
    raise(SIGABRT);
    die_by(SIGABRT);
}

/* The set functions: Linux's bit per signal, signal n at bit n-1. */
int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~(sigset_t)0; return 0; }
int sigaddset(sigset_t *set, int sig)
{
    if (!valid(sig)) { errno = EINVAL; return -1; }
    *set |= BIT(sig);
    return 0;
}
int sigdelset(sigset_t *set, int sig)
{
    if (!valid(sig)) { errno = EINVAL; return -1; }
    *set &= ~BIT(sig);
    return 0;
}
int sigismember(const sigset_t *set, int sig)
{
    if (!valid(sig)) { errno = EINVAL; return -1; }
    return (*set & BIT(sig)) != 0;
}
