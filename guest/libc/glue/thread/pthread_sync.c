/* pthread_sync.c - mutexes, condition variables, read-write locks, barriers, once and spin locks,
 * all on futex words (see sys/lock.c for the lock word's three states). */
#include "libc_internal.h"
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

/* ---- Mutexes -------------------------------------------------------------------------------------- */

int pthread_mutexattr_init(pthread_mutexattr_t *a) { memset(a, 0, sizeof *a); a->is_initialized = 1; return 0; }
int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { a->is_initialized = 0; return 0; }
int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
    if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK) return EINVAL;
    a->type = type;
    return 0;
}
int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type) { *type = a->type; return 0; }
/* PTHREAD_PROCESS_PRIVATE or PTHREAD_PROCESS_SHARED (one process either way); anything else is EINVAL. */
static int valid_pshared(int shared) { return shared == PTHREAD_PROCESS_PRIVATE || shared == PTHREAD_PROCESS_SHARED; }

int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int shared) { return valid_pshared(shared) ? (a->process_shared = shared, 0) : EINVAL; }
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *shared) { *shared = a->process_shared; return 0; }
int pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int protocol)
{
    if (protocol != PTHREAD_PRIO_NONE) return ENOTSUP;
    a->protocol = protocol;
    return 0;
}
int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *protocol) { *protocol = a->protocol; return 0; }

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
    memset(m, 0, sizeof *m);
    m->type = a ? a->type : PTHREAD_MUTEX_NORMAL;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) { return m->state ? EBUSY : 0; }

static int mutex_lock(pthread_mutex_t *m, const struct timespec *deadline, int try)
{
    /* Only recursive and error-checking mutexes track their owner (it costs a -9 call). */
    uintptr_t self = m->type != PTHREAD_MUTEX_NORMAL ? __mc_thread_token() : 0;
    if (self && m->owner == self && m->state) {
        /* An error-checking mutex its holder locks again: EDEADLK, or EBUSY for a try (as POSIX and glibc). */
        if (m->type == PTHREAD_MUTEX_ERRORCHECK) return try ? EBUSY : EDEADLK;
        if (m->count == UINT_MAX) return EAGAIN;
        m->count++;
        return 0;
    }
    if (try) {
        if (!__sync_bool_compare_and_swap(&m->state, 0, 1)) return EBUSY;
    } else {
        int r = __mc_word_acquire(&m->state, deadline, 1);
        if (r) return r;
    }
    m->owner = self;
    m->count = 1;
    return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m) { return mutex_lock(m, NULL, 0); }
int pthread_mutex_trylock(pthread_mutex_t *m) { return mutex_lock(m, NULL, 1); }
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *deadline)
{
    if (deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000) return EINVAL;
    return mutex_lock(m, deadline, 0);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (m->type != PTHREAD_MUTEX_NORMAL) {
        if (!m->state || m->owner != __mc_thread_token()) return EPERM;
        if (--m->count > 0) return 0;
    }
    m->owner = 0;
    m->count = 0;
    __mc_word_release(&m->state);
    return 0;
}

/* ---- Condition variables ---------------------------------------------------------------------------- */

int pthread_condattr_init(pthread_condattr_t *a) { memset(a, 0, sizeof *a); a->is_initialized = 1; a->clock = CLOCK_REALTIME; return 0; }
int pthread_condattr_destroy(pthread_condattr_t *a) { a->is_initialized = 0; return 0; }
int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) return EINVAL;
    a->clock = clock;
    return 0;
}
int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock) { *clock = a->clock; return 0; }
int pthread_condattr_setpshared(pthread_condattr_t *a, int shared) { return valid_pshared(shared) ? (a->process_shared = shared, 0) : EINVAL; }
int pthread_condattr_getpshared(const pthread_condattr_t *a, int *shared) { *shared = a->process_shared; return 0; }

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
    memset(c, 0, sizeof *c);
    c->clock = a && a->clock == CLOCK_MONOTONIC ? 1 : 0;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }

struct cond_waiter {
    pthread_mutex_t *mutex;
    unsigned int depth;
};

/* The waiter takes its mutex back: after the wait, and before the cleanup handlers of a cancelled wait run (POSIX:
 * a cancelled condition wait re-acquires the mutex first). */
static void take_mutex_back(void *arg)
{
    struct cond_waiter *w = arg;
    pthread_mutex_t *m = w->mutex;
    __mc_word_acquire_contended(&m->state);
    m->owner = m->type != PTHREAD_MUTEX_NORMAL ? __mc_thread_token() : 0;
    m->count = w->depth;
}

/* A waiter samples the sequence while it holds the mutex; a signal after that changes the sequence,
 * so the waiter's futex wait returns at once instead of missing it. Spurious wake-ups are allowed. */
static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *deadline)
{
    __mc_cancel_point();
    int sequence = (int)__atomic_load_n(&c->sequence, __ATOMIC_ACQUIRE);
    struct cond_waiter w = { m, m->count };
    m->count = 1;
    int r = pthread_mutex_unlock(m);
    if (r) {
        m->count = w.depth;
        return r;
    }
    struct _pthread_cleanup_context cancelled;
    _pthread_cleanup_push(&cancelled, take_mutex_back, &w);
    int waited = __mc_futex_wait_cancellable((volatile int *)&c->sequence, sequence, deadline, c->clock == 0);
    _pthread_cleanup_pop(&cancelled, 1);
    return waited == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) { return cond_wait(c, m, NULL); }
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *deadline)
{
    if (deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000) return EINVAL;
    return cond_wait(c, m, deadline);
}

int pthread_cond_signal(pthread_cond_t *c)
{
    __atomic_add_fetch(&c->sequence, 1, __ATOMIC_RELEASE);
    __mc_futex_wake((volatile int *)&c->sequence, 1);
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    __atomic_add_fetch(&c->sequence, 1, __ATOMIC_RELEASE);
    __mc_futex_wake((volatile int *)&c->sequence, INT_MAX);
    return 0;
}

/* ---- Read-write locks (readers first, as glibc's default) ----------------------------------------- */

int pthread_rwlockattr_init(pthread_rwlockattr_t *a) { memset(a, 0, sizeof *a); a->is_initialized = 1; return 0; }
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a) { a->is_initialized = 0; return 0; }
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int shared) { return valid_pshared(shared) ? (a->process_shared = shared, 0) : EINVAL; }
int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *shared) { *shared = a->process_shared; return 0; }
int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a) { (void)a; memset(l, 0, sizeof *l); return 0; }
int pthread_rwlock_destroy(pthread_rwlock_t *l) { return l->state ? EBUSY : 0; }

static int rwlock_wait(pthread_rwlock_t *l, int writer, const struct timespec *deadline, int try)
{
    for (;;) {
        int sequence = (int)__atomic_load_n(&l->sequence, __ATOMIC_ACQUIRE);
        int s = __atomic_load_n(&l->state, __ATOMIC_ACQUIRE);
        if (writer ? s == 0 : s >= 0) {
            if (__sync_bool_compare_and_swap(&l->state, s, writer ? -1 : s + 1)) return 0;
            continue;
        }
        if (try) return EBUSY;
        if (__mc_futex_wait((volatile int *)&l->sequence, sequence, deadline, 1) == -ETIMEDOUT) return ETIMEDOUT;
    }
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l) { return rwlock_wait(l, 0, NULL, 0); }
int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) { return rwlock_wait(l, 0, NULL, 1); }
int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *d) { return rwlock_wait(l, 0, d, 0); }
int pthread_rwlock_wrlock(pthread_rwlock_t *l) { return rwlock_wait(l, 1, NULL, 0); }
int pthread_rwlock_trywrlock(pthread_rwlock_t *l) { return rwlock_wait(l, 1, NULL, 1); }
int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *d) { return rwlock_wait(l, 1, d, 0); }

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
    int s = __atomic_load_n(&l->state, __ATOMIC_ACQUIRE);
    if (s == 0) return EPERM;
    if (s == -1) __atomic_store_n(&l->state, 0, __ATOMIC_RELEASE);
    else if (__atomic_sub_fetch(&l->state, 1, __ATOMIC_ACQ_REL) != 0) return 0;
    __atomic_add_fetch(&l->sequence, 1, __ATOMIC_RELEASE);
    __mc_futex_wake((volatile int *)&l->sequence, INT_MAX);
    return 0;
}

/* ---- Barriers ----------------------------------------------------------------------------------------- */

int pthread_barrierattr_init(pthread_barrierattr_t *a) { memset(a, 0, sizeof *a); a->is_initialized = 1; return 0; }
int pthread_barrierattr_destroy(pthread_barrierattr_t *a) { a->is_initialized = 0; return 0; }
int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int shared) { return valid_pshared(shared) ? (a->process_shared = shared, 0) : EINVAL; }
int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *shared) { *shared = a->process_shared; return 0; }

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
    (void)a;
    if (count == 0) return EINVAL;
    memset(b, 0, sizeof *b);
    b->count = count;
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b) { return b->waiting ? EBUSY : 0; }

int pthread_barrier_wait(pthread_barrier_t *b)
{
    __mc_word_acquire(&b->lock, NULL, 0);
    unsigned int generation = b->generation;
    if (++b->waiting == b->count) {
        b->waiting = 0;
        __atomic_add_fetch(&b->generation, 1, __ATOMIC_RELEASE);
        __mc_word_release(&b->lock);
        __mc_futex_wake((volatile int *)&b->generation, INT_MAX);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    __mc_word_release(&b->lock);
    while (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) == generation)
        __mc_futex_wait((volatile int *)&b->generation, (int)generation, NULL, 0);
    return 0;
}

/* ---- Once ----------------------------------------------------------------------------------------------- */

int pthread_once(pthread_once_t *once, void (*init)(void))
{
    if (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE) == 2) return 0;
    if (__sync_bool_compare_and_swap(&once->state, 0, 1)) {
        init();
        __atomic_store_n(&once->state, 2, __ATOMIC_RELEASE);
        __mc_futex_wake(&once->state, INT_MAX);
        return 0;
    }
    while (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE) == 1) __mc_futex_wait(&once->state, 1, NULL, 0);
    return 0;
}

/* ---- Spin locks ------------------------------------------------------------------------------------------- */

int pthread_spin_init(pthread_spinlock_t *s, int shared) { (void)shared; *s = 0; return 0; }
int pthread_spin_destroy(pthread_spinlock_t *s) { (void)s; return 0; }
int pthread_spin_trylock(pthread_spinlock_t *s) { return __sync_bool_compare_and_swap(s, 0, 1) ? 0 : EBUSY; }
int pthread_spin_lock(pthread_spinlock_t *s)
{
    while (!__sync_bool_compare_and_swap(s, 0, 1)) {
        while (__atomic_load_n(s, __ATOMIC_RELAXED)) __builtin_ia32_pause();
    }
    return 0;
}
int pthread_spin_unlock(pthread_spinlock_t *s) { __atomic_store_n(s, 0, __ATOMIC_RELEASE); return 0; }
