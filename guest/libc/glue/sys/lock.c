/* lock.c - the futex lock under newlib's retargetable locks (malloc, stdio, atexit, environment,
 * time zone) and the pthread mutexes. A lock word is 0 (free), 1 (held) or 2 (held, maybe with
 * waiters): an uncontended acquire and release are one atomic each, and only a release that saw
 * 2 makes the wake syscall. */
#include "libc_internal.h"
#include <malloc.h>
#include <stdlib.h>
#include <sys/lock.h>

uintptr_t __mc_thread_token(void)
{
    /* The thread structure's address is unique among live threads (one load where the host allows: __mc_self). */
    return (uintptr_t)__mc_self();
}

/* Takes the word as "held with waiters" (2): a taker that may have slept cannot know whether others
 * still wait, so it leaves its release a wake-up to make. */
static int take_contended(volatile int *state, const struct timespec *deadline, int realtime)
{
    while (__atomic_exchange_n(state, 2, __ATOMIC_ACQUIRE) != 0)
        if (__mc_futex_wait(state, 2, deadline, realtime) == -ETIMEDOUT) return ETIMEDOUT;
    return 0;
}

int __mc_word_acquire(volatile int *state, const struct timespec *deadline, int realtime)
{
    if (__sync_bool_compare_and_swap(state, 0, 1)) return 0;
    return take_contended(state, deadline, realtime);
}

void __mc_word_acquire_contended(volatile int *state)
{
    take_contended(state, NULL, 0);
}

static int recursion_step(struct __mc_lock *lock, uintptr_t self)
{
    if (lock->recursive && lock->count > 0 && lock->owner == self) {
        lock->count++;
        return 1;
    }
    return 0;
}

static void take(struct __mc_lock *lock, uintptr_t self)
{
    lock->owner = self;
    lock->count = 1;
}

void __mc_lock_acquire(struct __mc_lock *lock)
{
    __mc_lock_timed(lock, NULL, 0);
}

int __mc_lock_timed(struct __mc_lock *lock, const struct timespec *deadline, int realtime)
{
    uintptr_t self = lock->recursive ? __mc_thread_token() : 0;
    if (recursion_step(lock, self)) return 0;
    int r = __mc_word_acquire(&lock->state, deadline, realtime);
    if (r == 0) take(lock, self);
    return r;
}

int __mc_lock_try(struct __mc_lock *lock)
{
    uintptr_t self = lock->recursive ? __mc_thread_token() : 0;
    if (recursion_step(lock, self)) return 0;
    if (__sync_val_compare_and_swap(&lock->state, 0, 1) != 0) return EBUSY;
    take(lock, self);
    return 0;
}

void __mc_lock_release(struct __mc_lock *lock)
{
    if (lock->recursive && --lock->count > 0) return;
    lock->owner = 0;
    lock->count = 0;
    __mc_word_release(&lock->state);
}

void __mc_word_release(volatile int *state)
{
    if (__atomic_exchange_n(state, 0, __ATOMIC_RELEASE) == 2) __mc_futex_wake(state, 1);
}

/* ---- newlib's retargetable locking (sys/lock.h) ----------------------------------------------- */

/* While the program has one thread (sys/threads.c), newlib's locks - taken by every malloc, free and
 * stdio call - are set and cleared with plain stores: the lock's atomic exchange was a third of a
 * malloc-heavy program's time. The plain path writes the same values as the atomic one (state 1, the
 * owner, the depth), so a lock taken before a second thread starts (flockfile, then pthread_create)
 * is released after it by the atomic path, and a second thread meanwhile sees it held. No thread can
 * wait on a word while there is one thread, so a plain release has no one to wake. The pthread mutexes
 * are left atomic: a program that uses them has, or is about to have, threads. */
static int single_threaded(void)
{
    return !__atomic_load_n(&__mc_threaded, __ATOMIC_RELAXED);
}

/* The one thread's token: the main thread's, the same value __mc_thread_token gives it later. */
static uintptr_t only_thread_token(void)
{
    static uintptr_t token;
    if (!token) token = __mc_thread_token();
    return token;
}

enum plain { TAKEN, HELD, THREADED };

/* Takes the lock on the plain path; HELD if it is held and this is not a recursion (with one thread that
 * is a wait for ever, as the atomic path makes it), THREADED if the program is. */
static inline __attribute__((always_inline)) enum plain take_plain(struct __mc_lock *lock)
{
    if (!single_threaded()) return THREADED;
    uintptr_t self = lock->recursive ? only_thread_token() : 0;
    if (recursion_step(lock, self)) return TAKEN;
    if (lock->state != 0) return HELD;
    lock->state = 1;
    take(lock, self);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);   /* the critical section stays after it */
    return TAKEN;
}

static inline __attribute__((always_inline)) void newlib_acquire(struct __mc_lock *lock)
{
    if (take_plain(lock) != TAKEN) __mc_lock_acquire(lock);
}

static int newlib_try(struct __mc_lock *lock)
{
    enum plain r = take_plain(lock);
    return r == TAKEN ? 0 : r == HELD ? EBUSY : __mc_lock_try(lock);
}

static inline __attribute__((always_inline)) void newlib_release(struct __mc_lock *lock)
{
    if (!single_threaded()) {
        __mc_lock_release(lock);
        return;
    }
    __atomic_signal_fence(__ATOMIC_SEQ_CST);   /* the critical section stays before it */
    if (lock->recursive && --lock->count > 0) return;
    lock->owner = 0;
    lock->count = 0;
    lock->state = 0;
}

struct __lock {
    struct __mc_lock lock;
};

#define STATIC_LOCK(name, rec) struct __lock __lock___##name = { { 0, rec, 0, 0 } }
STATIC_LOCK(sinit_recursive_mutex, 1);
STATIC_LOCK(sfp_recursive_mutex, 1);
STATIC_LOCK(atexit_recursive_mutex, 1);
STATIC_LOCK(at_quick_exit_mutex, 0);
STATIC_LOCK(malloc_recursive_mutex, 1);
STATIC_LOCK(env_recursive_mutex, 1);
STATIC_LOCK(tz_mutex, 0);
STATIC_LOCK(dd_hash_mutex, 0);
STATIC_LOCK(arc4random_mutex, 0);

static void init_lock(_LOCK_T *lock, int recursive)
{
    /* Dynamic locks (one per FILE) come from calloc; newlib treats a NULL lock as "no locking". */
    struct __lock *l = calloc(1, sizeof *l);
    if (l) l->lock.recursive = recursive;
    *lock = l;
}

void __retarget_lock_init(_LOCK_T *lock) { init_lock(lock, 0); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { init_lock(lock, 1); }
void __retarget_lock_close(_LOCK_T lock) { free(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { free(lock); }

void __retarget_lock_acquire(_LOCK_T lock) { if (lock) newlib_acquire(&lock->lock); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { if (lock) newlib_acquire(&lock->lock); }
int __retarget_lock_try_acquire(_LOCK_T lock) { return lock ? newlib_try(&lock->lock) != 0 : 0; }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { return lock ? newlib_try(&lock->lock) != 0 : 0; }
void __retarget_lock_release(_LOCK_T lock) { if (lock) newlib_release(&lock->lock); }
void __retarget_lock_release_recursive(_LOCK_T lock) { if (lock) newlib_release(&lock->lock); }

/* newlib's malloc takes its lock twice per malloc and free (stdlib/mlock.c, replaced): here, the one-thread path
 * is inline, without mlock.c's call through the retargetable lock. */
void __malloc_lock(struct _reent *reent) { newlib_acquire(&__lock___malloc_recursive_mutex.lock); }
void __malloc_unlock(struct _reent *reent) { newlib_release(&__lock___malloc_recursive_mutex.lock); }
