/* fork.c - fork, vfork and pthread_atfork (docs/processes.md, "fork").
 *
 * The child is a copy of the program in a new host process, which the process module starts and the core fills
 * (the program's objects, its mappings, and this thread's stack and structure, at the same addresses). Only this
 * thread goes on there, from the point fork saved with setjmp: the module's fork takes that point as `resume`, and
 * the child's main thread calls it, which longjmps back here with 1. So fork returns twice, as it does on Linux.
 *
 * As glibc does, fork holds the heap's lock while the copy is made, so that no other thread leaves it half
 * changed in the child; the other locks of the C library that another thread may hold are the program's affair, as
 * POSIX says (a multithreaded program's child calls only async-signal-safe functions until it execs). */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include "thread/thread_internal.h"
#include "time/time_internal.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

void __malloc_lock(struct _reent *);
void __malloc_unlock(struct _reent *);

struct handlers {
    void (*prepare)(void), (*parent)(void), (*child)(void);
    struct handlers *next, *prev;
};

static struct __mc_lock atfork_lock = { 0, 1, 0, 0 };   /* recursive: a handler may fork or register */
static struct handlers *first, *last;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    struct handlers *h = malloc(sizeof *h);
    if (!h) return ENOMEM;
    *h = (struct handlers){ prepare, parent, child, NULL, NULL };
    __mc_lock_acquire(&atfork_lock);
    h->prev = last;
    if (last) last->next = h;
    else first = h;
    last = h;
    __mc_lock_release(&atfork_lock);
    return 0;
}

/* Where the child goes on: back into fork, as its second return. */
static intptr_t resume(intptr_t point)
{
    __mc_self_locate();   /* this process's instance: its thread slot may be another than the parent's */
    longjmp(*(jmp_buf *)point, 1);
}

pid_t fork(void)
{
    __mc_lock_acquire(&atfork_lock);
    for (struct handlers *h = last; h; h = h->prev)   /* prepare: the last registered first */
        if (h->prepare) h->prepare();
    __malloc_lock(_REENT);
    /* Linux's fork is not cut short by a signal (one that arrives meanwhile is delivered after it): blocked for the
     * calling thread, a signal for the program goes to another thread or waits, and does not interrupt the host calls
     * that make the child (a Windows host cancels a thread's blocked call to interrupt it). Both sides unblock. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    jmp_buf point;
    if (setjmp(point) == 0) {
        long r = mc_sys(SYS_fork, (long)resume, (long)&point, 0, 0);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        __malloc_unlock(_REENT);
        for (struct handlers *h = first; h; h = h->next)
            if (h->parent) h->parent();
        __mc_lock_release(&atfork_lock);
        return (pid_t)mc_errno_result(r);
    }
    __mc_threads_fork_child();
    __mc_pthread_fork_child();
    __mc_signal_fork_child();
    __mc_time_fork_child();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    __malloc_unlock(_REENT);
    for (struct handlers *h = first; h; h = h->next)
        if (h->child) h->child();
    __mc_lock_release(&atfork_lock);
    return 0;
}

/* The child is a copy, not a borrower of the parent's memory: vfork's contract (the child only execs or _exits) is
 * kept by fork too. */
pid_t vfork(void) { return fork(); }
