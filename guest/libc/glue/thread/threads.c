/* threads.c - C11 <threads.h> on Microcosm's POSIX threads (pthread.c, pthread_sync.c): the C11
 * types are the POSIX ones (machine/_threads.h), results map to thrd_success, thrd_busy,
 * thrd_timedout, thrd_nomem or thrd_error. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>

static int result_of(int error)
{
    switch (error) {
    case 0: return thrd_success;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    case ENOMEM: case EAGAIN: return thrd_nomem;
    default: return thrd_error;
    }
}

/* A C11 thread function returns int; a POSIX one, void *: the start routine carries it across. */
struct start {
    thrd_start_t function;
    void *arg;
};

static void *run(void *p)
{
    struct start start = *(struct start *)p;
    free(p);
    return (void *)(intptr_t)start.function(start.arg);
}

int thrd_create(thrd_t *thread, thrd_start_t function, void *arg)
{
    struct start *start = malloc(sizeof *start);
    if (!start) return thrd_nomem;
    start->function = function;
    start->arg = arg;
    int error = pthread_create(thread, NULL, run, start);
    if (error) free(start);
    return result_of(error);
}

int thrd_join(thrd_t thread, int *result)
{
    void *value;
    int error = pthread_join(thread, &value);
    if (!error && result) *result = (int)(intptr_t)value;
    return result_of(error);
}

int thrd_detach(thrd_t thread) { return result_of(pthread_detach(thread)); }
thrd_t thrd_current(void) { return pthread_self(); }
int thrd_equal(thrd_t a, thrd_t b) { return pthread_equal(a, b); }
void thrd_exit(int result) { pthread_exit((void *)(intptr_t)result); }
void thrd_yield(void) { sched_yield(); }

/* 0 when the time elapsed, -1 when interrupted (the time left in *remaining), another negative value on error. */
int thrd_sleep(const struct timespec *duration, struct timespec *remaining)
{
    if (nanosleep(duration, remaining) == 0) return 0;
    return errno == EINTR ? -1 : -2;
}

int mtx_init(mtx_t *mutex, int type)
{
    if (type != mtx_plain && type != mtx_timed && type != (mtx_plain | mtx_recursive) && type != (mtx_timed | mtx_recursive))
        return thrd_error;
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, type & mtx_recursive ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL);
    int error = pthread_mutex_init(mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    return result_of(error);
}

void mtx_destroy(mtx_t *mutex) { pthread_mutex_destroy(mutex); }
int mtx_lock(mtx_t *mutex) { return result_of(pthread_mutex_lock(mutex)); }
int mtx_trylock(mtx_t *mutex) { return result_of(pthread_mutex_trylock(mutex)); }
int mtx_timedlock(mtx_t *restrict mutex, const struct timespec *restrict until)
{
    return result_of(pthread_mutex_timedlock(mutex, until));
}
int mtx_unlock(mtx_t *mutex) { return result_of(pthread_mutex_unlock(mutex)); }

int cnd_init(cnd_t *condition) { return result_of(pthread_cond_init(condition, NULL)); }
void cnd_destroy(cnd_t *condition) { pthread_cond_destroy(condition); }
int cnd_signal(cnd_t *condition) { return result_of(pthread_cond_signal(condition)); }
int cnd_broadcast(cnd_t *condition) { return result_of(pthread_cond_broadcast(condition)); }
int cnd_wait(cnd_t *condition, mtx_t *mutex) { return result_of(pthread_cond_wait(condition, mutex)); }
/* until is a TIME_UTC time: CLOCK_REALTIME, the condition variable's default clock. */
int cnd_timedwait(cnd_t *restrict condition, mtx_t *restrict mutex, const struct timespec *restrict until)
{
    return result_of(pthread_cond_timedwait(condition, mutex, until));
}

void call_once(once_flag *flag, void (*function)(void)) { pthread_once(flag, function); }

int tss_create(tss_t *key, tss_dtor_t destructor) { return result_of(pthread_key_create(key, destructor)); }
void tss_delete(tss_t key) { pthread_key_delete(key); }
void *tss_get(tss_t key) { return pthread_getspecific(key); }
int tss_set(tss_t key, void *value) { return result_of(pthread_setspecific(key, value)); }
