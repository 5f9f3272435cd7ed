/* pthread.c - POSIX threads on the core's thread syscalls: create (-16), join (-19), exit (-18);
 * thread-specific data; cleanup handlers. A pthread_t is the address of the thread's control block,
 * which lives until the thread is joined (or, detached, until it is reaped).
 *
 * The core frees a thread's structure only when the thread is joined. A detached thread therefore
 * puts itself on a reap list as it ends, and the next pthread_create or pthread_detach joins it
 * (at once: it has ended or is about to) and frees its block. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include "thread/thread_internal.h"
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_SIZE 16

extern char *program_invocation_short_name;

enum { RUNNING_JOINABLE, RUNNING_DETACHED, ENDED_JOINABLE, ENDED_DETACHED };

struct __mc_pthread {
    void *(*start)(void *);
    void *arg;
    void *result;
    intptr_t tid;
    volatile int state;
    int created;                       /* by pthread_create (not the main or an adopted thread) */
    struct _pthread_cleanup_context *cleanup;
    struct __mc_pthread *next_reap;
    char name[NAME_SIZE];              /* pthread_setname_np: Linux's 15 characters and the NUL */
    unsigned long sigmask;             /* the creator's signal mask, the new thread's first */
    struct __mc_thread_libc *libc;     /* its libc region, once it runs: where pthread_cancel wakes it */
    struct __mc_pthread *live_next, *live_prev;   /* the running created threads (a signal's choice of thread) */
    volatile int cancel_pending;       /* pthread_cancel was called */
    int cancel_disabled;               /* PTHREAD_CANCEL_DISABLE (also once it acts on one) */
    int cancel_async;                  /* PTHREAD_CANCEL_ASYNCHRONOUS */
    void *values[PTHREAD_KEYS_MAX];
    unsigned value_generations[PTHREAD_KEYS_MAX];   /* each value's key's generation when it was set */
};

static struct __mc_lock registry = { 0, 0, 0, 0 };   /* keys and the reap list */
static void (*key_destructors[PTHREAD_KEYS_MAX])(void *);
static unsigned char key_used[PTHREAD_KEYS_MAX];
/* Each key number's generation, one more at every pthread_key_create: a value set under an earlier key of the same
 * number (deleted since) is no value of the new key, which starts as NULL in every thread, as POSIX says. */
static unsigned key_generations[PTHREAD_KEYS_MAX];
static struct __mc_pthread *reap_list;
static volatile int live_created;                     /* created threads not yet ended */
static struct __mc_pthread *live_list;                /* those of them that run, under the registry lock */

static struct __mc_pthread *current(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t) {
        /* A host thread calling in without being a Microcosm thread: it has no block of its own. */
        static struct __mc_pthread foreign;
        return &foreign;
    }
    if (!t->pthread) {
        struct __mc_pthread *self = calloc(1, sizeof *self);
        if (!self) abort();
        self->tid = ((struct mc_thread_header *)__mc_self())->tid;
        self->libc = t;
        /* A thread's name starts as the program's (Linux: the command name, cut to 15 bytes). */
        strncpy(self->name, program_invocation_short_name, NAME_SIZE - 1);
        t->pthread = self;
    }
    return t->pthread;
}

pthread_t pthread_self(void) { return (pthread_t)current(); }

/* fork's child (fork.c): the calling thread is the only one, and the main one (the core gave it tid 1). The other
 * threads' blocks stay allocated, as glibc's stay, but no list holds them; the registry's lock word is put back
 * free, as one of them may have held it. */
void __mc_pthread_fork_child(void)
{
    memset(&registry, 0, sizeof registry);
    reap_list = NULL;
    live_list = NULL;
    live_created = 0;
    struct __mc_pthread *self = current();
    self->tid = ((struct mc_thread_header *)__mc_self())->tid;
    self->live_next = self->live_prev = NULL;
    __atomic_store_n(&__mc_main_libc, __mc_thread_libc(), __ATOMIC_RELEASE);
}
int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

static void reap(void)
{
    __mc_lock_acquire(&registry);
    struct __mc_pthread *list = reap_list;
    reap_list = NULL;
    __mc_lock_release(&registry);
    while (list) {
        struct __mc_pthread *next = list->next_reap;
        mc_thread_join(list->tid, NULL);
        free(list);
        list = next;
    }
}

static void run_destructors(struct __mc_pthread *self)
{
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int any = 0;
        for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
            void *value = self->values[k];
            void (*destructor)(void *) = key_destructors[k];
            if (value && destructor && key_used[k] && self->value_generations[k] == key_generations[k]) {
                self->values[k] = NULL;
                destructor(value);
                any = 1;
            }
        }
        if (!any) break;
    }
}

/* Interrupts thread `block` where it blocks - a module's call returns -EINTR, a wait on a futex word is woken - as
 * a signal or a cancellation for it does. */
static void interrupt(struct __mc_pthread *block)
{
    __mc_interrupt_thread(block->tid, __atomic_load_n(&block->libc, __ATOMIC_ACQUIRE));
}

/* __mc_signal_pick: the first running created thread, other than the caller, that does not block `bit`. */
static intptr_t pick_for_signal(unsigned long bit)
{
    struct __mc_thread_libc *me = __mc_thread_libc();
    intptr_t tid = 0;
    __mc_lock_acquire(&registry);
    for (struct __mc_pthread *b = live_list; b; b = b->live_next) {
        struct __mc_thread_libc *t = b->libc;
        if (t && t != me && !(__atomic_load_n(&t->fault.blocked, __ATOMIC_RELAXED) & bit)) {
            interrupt(b);
            tid = b->tid;
            break;
        }
    }
    __mc_lock_release(&registry);
    return tid;
}

static void start_living(struct __mc_pthread *self)
{
    __mc_lock_acquire(&registry);
    self->live_prev = NULL;
    self->live_next = live_list;
    if (live_list) live_list->live_prev = self;
    live_list = self;
    __mc_lock_release(&registry);
}

static void stop_living(struct __mc_pthread *self)
{
    __mc_lock_acquire(&registry);
    if (self->live_prev) self->live_prev->live_next = self->live_next;
    else live_list = self->live_next;
    if (self->live_next) self->live_next->live_prev = self->live_prev;
    __mc_lock_release(&registry);
}

/* Everything a created thread does as it ends, however it ends (return or pthread_exit). */
static void end_created_thread(struct __mc_pthread *self, void *result)
{
    stop_living(self);
    if (self->libc) __mc_signal_thread_ends(self->libc);
    self->result = result;
    __mc_call_thread_atexit();   /* thread_local objects first, then the keys' values, as glibc */
    run_destructors(self);
    __mc_malloc_cache_end();      /* what those freed too */
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (t && t->ready) _reclaim_reent(&t->reent);
    if (__sync_bool_compare_and_swap(&self->state, RUNNING_JOINABLE, ENDED_JOINABLE)) {
        __mc_futex_wake(&self->state, INT_MAX);   /* a joiner waits on it */
    } else {
        self->state = ENDED_DETACHED;
        __mc_lock_acquire(&registry);
        self->next_reap = reap_list;
        reap_list = self;
        __mc_lock_release(&registry);
    }
    if (__atomic_sub_fetch(&live_created, 1, __ATOMIC_ACQ_REL) == 0) __mc_futex_wake(&live_created, INT_MAX);
}

static intptr_t thread_start(intptr_t arg)
{
    struct __mc_pthread *self = (struct __mc_pthread *)arg;
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (t) {
        t->pthread = self;
        __mc_malloc_cache_start(t);
    }
    __atomic_store_n(&self->libc, t, __ATOMIC_RELEASE);
    __mc_signal_set_mask(self->sigmask);
    self->tid = ((struct mc_thread_header *)__mc_self())->tid;
    start_living(self);
    end_created_thread(self, self->start(self->arg));
    return 0;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    reap();
    size_t stack = 0;
    int detached = 0;
    if (attr) {
        if (!attr->is_initialized) return EINVAL;
        /* A caller-supplied stack cannot be given to the core, which allocates every guest stack. */
        if (attr->stackaddr) return EINVAL;
        stack = attr->stacksize;
        detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
    }
    struct __mc_pthread *block = calloc(1, sizeof *block);
    if (!block) return EAGAIN;
    block->start = start;
    block->arg = arg;
    block->created = 1;
    memcpy(block->name, current()->name, NAME_SIZE);   /* a new thread has its creator's name */
    block->sigmask = __mc_signal_mask();               /* and its signal mask */
    block->state = detached ? RUNNING_DETACHED : RUNNING_JOINABLE;
    __atomic_store_n(&__mc_signal_pick, pick_for_signal, __ATOMIC_RELEASE);
    __atomic_add_fetch(&live_created, 1, __ATOMIC_ACQ_REL);
    intptr_t tid = mc_thread_spawn(thread_start, (intptr_t)block, stack);
    if (tid < 0) {
        __atomic_sub_fetch(&live_created, 1, __ATOMIC_ACQ_REL);
        free(block);
        int error = mc_error_of(tid);
        return error == ENOMEM || error == EINVAL ? error : EAGAIN;
    }
    block->tid = tid;
    *thread = (pthread_t)block;
    return 0;
}

int pthread_join(pthread_t thread, void **result)
{
    struct __mc_pthread *block = (struct __mc_pthread *)thread;
    if (!block) return ESRCH;
    if (block == current()) return EDEADLK;
    if (!block->created || block->state == RUNNING_DETACHED || block->state == ENDED_DETACHED) return EINVAL;
    /* A cancellation point (POSIX): the wait for the thread's end is on its state word, which a cancellation
     * interrupts; the core's join then waits only for its host thread to be gone. */
    for (int state; (state = __atomic_load_n(&block->state, __ATOMIC_ACQUIRE)) == RUNNING_JOINABLE;)
        __mc_futex_wait_cancellable(&block->state, state, NULL, 0);
    int error = mc_error_of(mc_thread_join(block->tid, NULL));
    if (error == ESRCH || error == EDEADLK) return error;
    if (result) *result = block->result;
    free(block);
    return 0;
}

int pthread_detach(pthread_t thread)
{
    struct __mc_pthread *block = (struct __mc_pthread *)thread;
    if (!block || !block->created) return block ? EINVAL : ESRCH;
    if (__sync_bool_compare_and_swap(&block->state, RUNNING_JOINABLE, RUNNING_DETACHED)) {
        reap();
        return 0;
    }
    if (block->state == ENDED_JOINABLE) {
        /* It has already ended: nobody may join it now, so its block is freed here. */
        mc_thread_join(block->tid, NULL);
        free(block);
        return 0;
    }
    return EINVAL;
}

void pthread_exit(void *result)
{
    struct __mc_pthread *self = current();
    while (self->cleanup) {
        struct _pthread_cleanup_context *c = self->cleanup;
        self->cleanup = c->_previous;
        c->_routine(c->_arg);
    }
    if (self->created) {
        end_created_thread(self, result);
        mc_thread_exit(0);
    }
    __mc_call_thread_atexit();
    run_destructors(self);
    if (self->tid == 1) {
        /* The main thread's pthread_exit: the program goes on until its other threads have ended. */
        int live;
        while ((live = __atomic_load_n(&live_created, __ATOMIC_ACQUIRE)) != 0)
            __mc_futex_wait(&live_created, live, NULL, 0);
        exit(0);
    }
    mc_thread_exit(0);
    for (;;) mc_thread_exit(0);
}

void _pthread_cleanup_push(struct _pthread_cleanup_context *context, void (*routine)(void *), void *arg)
{
    struct __mc_pthread *self = current();
    context->_routine = routine;
    context->_arg = arg;
    context->_previous = self->cleanup;
    self->cleanup = context;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *context, int execute)
{
    current()->cleanup = context->_previous;
    if (execute) context->_routine(context->_arg);
}

/* ---- Names ------------------------------------------------------------------------------------------ */

/* The name is the guest's own: the core's host thread keeps its name. */
int pthread_setname_np(pthread_t thread, const char *name)
{
    struct __mc_pthread *block = (struct __mc_pthread *)thread;
    size_t length = strlen(name);
    if (length >= NAME_SIZE) return ERANGE;
    memcpy(block->name, name, length + 1);
    return 0;
}

int pthread_getname_np(pthread_t thread, char *name, size_t size)
{
    struct __mc_pthread *block = (struct __mc_pthread *)thread;
    if (size < NAME_SIZE) return ERANGE;   /* as glibc: room for any name */
    memcpy(name, block->name, NAME_SIZE);
    return 0;
}

/* ---- Thread-specific data ----------------------------------------------------------------------- */

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    __mc_lock_acquire(&registry);
    for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
        if (!key_used[k]) {
            key_used[k] = 1;
            key_destructors[k] = destructor;
            key_generations[k]++;
            __mc_lock_release(&registry);
            *key = (pthread_key_t)k;
            return 0;
        }
    }
    __mc_lock_release(&registry);
    return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX || !key_used[key]) return EINVAL;
    key_used[key] = 0;
    key_destructors[key] = NULL;
    return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX) return NULL;
    struct __mc_pthread *self = current();
    return self->value_generations[key] == key_generations[key] ? self->values[key] : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
    if (key >= PTHREAD_KEYS_MAX || !key_used[key]) return EINVAL;
    struct __mc_pthread *self = current();
    self->values[key] = (void *)value;
    self->value_generations[key] = key_generations[key];
    return 0;
}

/* ---- Attributes ----------------------------------------------------------------------------------- */

int pthread_attr_init(pthread_attr_t *attr)
{
    memset(attr, 0, sizeof *attr);
    attr->is_initialized = 1;
    attr->detachstate = PTHREAD_CREATE_JOINABLE;
    attr->inheritsched = PTHREAD_INHERIT_SCHED;
    attr->contentionscope = PTHREAD_SCOPE_SYSTEM;
    attr->guardsize = 4096;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr) { attr->is_initialized = 0; return 0; }
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED) return EINVAL;
    attr->detachstate = state;
    return 0;
}
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state) { *state = attr->detachstate; return 0; }
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    if (size < PTHREAD_STACK_MIN) return EINVAL;
    attr->stacksize = size;
    return 0;
}
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
    *size = attr->stacksize ? attr->stacksize : MC_THREAD_DEFAULT_STACK;
    return 0;
}
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size) { attr->stackaddr = addr; attr->stacksize = size; return 0; }
int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size) { *addr = attr->stackaddr; *size = attr->stacksize; return 0; }
int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size) { attr->guardsize = size; return 0; }
int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size) { *size = attr->guardsize; return 0; }
int pthread_attr_setscope(pthread_attr_t *attr, int scope)
{
    if (scope == PTHREAD_SCOPE_PROCESS) return ENOTSUP;
    if (scope != PTHREAD_SCOPE_SYSTEM) return EINVAL;
    attr->contentionscope = scope;
    return 0;
}
int pthread_attr_getscope(const pthread_attr_t *attr, int *scope) { *scope = attr->contentionscope; return 0; }
int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit) { attr->inheritsched = inherit; return 0; }
int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit) { *inherit = attr->inheritsched; return 0; }
int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy) { attr->schedpolicy = policy; return 0; }
int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy) { *policy = attr->schedpolicy; return 0; }
int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *p) { attr->schedparam = *p; return 0; }
int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *p) { *p = attr->schedparam; return 0; }

/* ---- Cancellation ------------------------------------------------------------------------------------ */

/* pthread_cancel marks the thread and interrupts what it blocks in, as a signal would (core syscall -13, and a wake
 * of the futex word it waits on); the thread acts on it - pthread_exit(PTHREAD_CANCELED): its cleanup handlers, then
 * its thread-specific data's destructors - at the next cancellation point it reaches with cancellation enabled: a
 * blocking call (read, write, open, close, poll, select, accept, connect, send and recv, wait4, fsync, nanosleep and
 * the sleeps, pause, sigsuspend, sigwait, fcntl's F_SETLKW), a condition or semaphore wait, pthread_testcancel. With
 * PTHREAD_CANCEL_ASYNCHRONOUS, at its next system call of any kind, or where it computes in the program's own code
 * (the core interrupts it there as for a signal: docs/processes.md). pthread_join is not a cancellation point here:
 * the core's join is not interruptible. */

static int is_cancellation_point(long num, long b)
{
    switch (num) {
    case -1:
    case SYS_read: case SYS_write: case SYS_open: case SYS_openat: case SYS_creat: case SYS_close:
    case SYS_pread64: case SYS_pwrite64: case SYS_readv: case SYS_writev: case SYS_preadv: case SYS_pwritev:
    case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6: case SYS_epoll_wait: case SYS_epoll_pwait:
    case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_pause: case SYS_rt_sigsuspend: case SYS_rt_sigtimedwait:
    case SYS_accept: case SYS_accept4: case SYS_connect: case SYS_sendto: case SYS_recvfrom: case SYS_sendmsg:
    case SYS_recvmsg: case SYS_wait4: case SYS_waitid: case SYS_fsync: case SYS_fdatasync: case SYS_msync:
        return 1;
    case SYS_fcntl:
        return b == F_SETLKW;
    case SYS_futex: {
        struct __mc_thread_libc *t = __mc_thread_libc();
        return t && t->cancellable_wait;
    }
    default:
        return 0;
    }
}

/* The calling thread's block if it has one (a host thread calling in has none to cancel). */
static struct __mc_pthread *cancellable_self(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    return t ? t->pthread : NULL;
}

static int acts_now(struct __mc_pthread *self)
{
    return self && __atomic_load_n(&self->cancel_pending, __ATOMIC_ACQUIRE) && !self->cancel_disabled;
}

static _Noreturn void act_on_cancel(struct __mc_pthread *self)
{
    self->cancel_disabled = 1;   /* the cleanup handlers' own cancellation points do not act again */
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (t) t->cancellable_wait = 0;
    pthread_exit(PTHREAD_CANCELED);
    __builtin_unreachable();
}

static void on_cancel(long num, long b)
{
    struct __mc_pthread *self = cancellable_self();
    if (acts_now(self) && (self->cancel_async || is_cancellation_point(num, b))) act_on_cancel(self);
}

static int cancel_requested(void) { return acts_now(cancellable_self()); }

int pthread_cancel(pthread_t thread)
{
    struct __mc_pthread *target = (struct __mc_pthread *)thread;
    if (!target) return ESRCH;
    __atomic_store_n(&__mc_cancel_pending, cancel_requested, __ATOMIC_RELEASE);
    __atomic_store_n(&__mc_on_cancel, on_cancel, __ATOMIC_RELEASE);
    __atomic_store_n(&__mc_cancel_used, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&target->cancel_pending, 1, __ATOMIC_RELEASE);
    __mc_fault_entry_ensure();   /* an asynchronous one acts where the thread computes (signal/fault.c) */
    if (target == current()) {
        if (target->cancel_async && !target->cancel_disabled) act_on_cancel(target);
        return 0;
    }
    interrupt(target);   /* out of a blocking call (-EINTR, then the check above) or a wait on a futex word */
    return 0;
}

int pthread_setcancelstate(int state, int *old)
{
    if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE) return EINVAL;
    struct __mc_pthread *self = current();
    if (old) *old = self->cancel_disabled ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
    self->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
    if (self->cancel_async && acts_now(self)) act_on_cancel(self);
    return 0;
}

int pthread_setcanceltype(int type, int *old)
{
    if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS) return EINVAL;
    struct __mc_pthread *self = current();
    if (old) *old = self->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
    self->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
    if (self->cancel_async && acts_now(self)) act_on_cancel(self);
    return 0;
}

void pthread_testcancel(void)
{
    struct __mc_pthread *self = current();
    if (acts_now(self)) act_on_cancel(self);
}

/* ---- Signals to threads ----------------------------------------------------------------------------- */

/* A signal to the calling thread is raise() (as in glibc). One to another thread is pending for that thread alone,
 * which is interrupted where it blocks (a call returns EINTR there, or is made again with SA_RESTART; a wait on a
 * futex word wakes) and runs the action there; a thread that computes takes it at its next signal wait or unblock.
 * A thread that has ended (and is not joined yet) is sent nothing, as glibc does. */
int pthread_kill(pthread_t thread, int sig)
{
    if (sig < 0 || sig >= NSIG) return EINVAL;
    struct __mc_pthread *target = (struct __mc_pthread *)thread;
    if (!target) return ESRCH;
    if (target == current()) return sig == 0 ? 0 : raise(sig) < 0 ? errno : 0;
    struct __mc_thread_libc *t;
    /* Created and not yet running: its region comes in a moment. */
    while (!(t = __atomic_load_n(&target->libc, __ATOMIC_ACQUIRE)) && target->state < ENDED_JOINABLE) sched_yield();
    if (sig == 0 || !t || target->state >= ENDED_JOINABLE) return 0;
    int error = __mc_signal_send_thread(t, sig);
    if (!error) interrupt(target);
    return error;
}
int pthread_setconcurrency(int level) { (void)level; return 0; }
int pthread_getconcurrency(void) { return 0; }

/* The old name of sched_yield, which glibc keeps (newlib declares it void). */
void pthread_yield(void) { sched_yield(); }
