/* semaphore.c - POSIX unnamed semaphores on a futex word. The count is the futex word; a waiter
 * announces itself in __waiters before it sleeps, so sem_post makes the futex call only when someone
 * may be asleep. A signal's handler runs during a wait; then, as on Linux, the wait fails with EINTR unless the
 * handler has SA_RESTART, when it goes on. A wait is a cancellation point. */
#include "libc_internal.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

int sem_init(sem_t *sem, int pshared, unsigned int value)
{
    if (value > SEM_VALUE_MAX) { errno = EINVAL; return -1; }
    sem->__value = (int)value;
    sem->__waiters = 0;
    sem->__pshared = pshared != 0;
    return 0;
}

int sem_destroy(sem_t *sem) { (void)sem; return 0; }

static int try_take(sem_t *sem)
{
    int value = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    while (value > 0)
        if (__atomic_compare_exchange_n(&sem->__value, &value, value - 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return 1;
    return 0;
}

int sem_trywait(sem_t *sem)
{
    if (try_take(sem)) return 0;
    errno = EAGAIN;
    return -1;
}

static void stop_waiting(void *sem) { __atomic_sub_fetch(&((sem_t *)sem)->__waiters, 1, __ATOMIC_SEQ_CST); }

/* Waits until the count can be taken or the absolute deadline on the clock passes (NULL: forever). */
static int wait_until(sem_t *sem, const struct timespec *deadline, int realtime)
{
    __mc_cancel_point();
    if (try_take(sem)) return 0;
    if (deadline && (deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000)) { errno = EINVAL; return -1; }
    for (;;) {
        __atomic_add_fetch(&sem->__waiters, 1, __ATOMIC_SEQ_CST);
        struct _pthread_cleanup_context no_longer_waiting;   /* if the wait is cancelled */
        _pthread_cleanup_push(&no_longer_waiting, stop_waiting, sem);
        int r = __mc_futex_wait_cancellable(&sem->__value, 0, deadline, realtime);
        _pthread_cleanup_pop(&no_longer_waiting, 1);
        if (try_take(sem)) return 0;
        if (r == -ETIMEDOUT || r == -EINTR) {   /* EINTR: a handler without SA_RESTART ran (the futex wait delivered it) */
            errno = -r;
            return -1;
        }
    }
}

int sem_wait(sem_t *sem) { return wait_until(sem, NULL, 0); }
int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict deadline) { return wait_until(sem, deadline, 1); }

int sem_clockwait(sem_t *restrict sem, clockid_t clock, const struct timespec *restrict deadline)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) { errno = EINVAL; return -1; }
    return wait_until(sem, deadline, clock == CLOCK_REALTIME);
}

int sem_post(sem_t *sem)
{
    int value = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    do {
        if (value == SEM_VALUE_MAX) { errno = EOVERFLOW; return -1; }
    } while (!__atomic_compare_exchange_n(&sem->__value, &value, value + 1, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    if (__atomic_load_n(&sem->__waiters, __ATOMIC_SEQ_CST) > 0) __mc_futex_wake(&sem->__value, 1);
    return 0;
}

int sem_getvalue(sem_t *restrict sem, int *restrict value)
{
    *value = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
    return 0;
}

/* Named semaphores would need a name space shared between processes; a guest is one process and has
 * none. */
sem_t *sem_open(const char *name, int flags, ...) { (void)name; (void)flags; errno = ENOSYS; return SEM_FAILED; }
int sem_close(sem_t *sem) { (void)sem; errno = ENOSYS; return -1; }
int sem_unlink(const char *name) { (void)name; errno = ENOSYS; return -1; }
