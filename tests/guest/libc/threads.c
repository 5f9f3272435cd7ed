/* threads: errno per thread, malloc/free from 8 threads, mutexes (normal, recursive) and condition
 * variables under contention, timed waits, read-write locks, once, keys with destructors, barriers,
 * and detached threads. */
#include "check.h"
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define THREADS 8

/* ---- errno is per thread ---- */
static pthread_barrier_t errno_barrier;
static void *errno_worker(void *arg)
{
    int mine = (int)(intptr_t)arg;
    errno = mine;
    pthread_barrier_wait(&errno_barrier);   /* every thread has set its own before any checks */
    pthread_barrier_wait(&errno_barrier);
    return (void *)(intptr_t)(errno == mine);
}

/* ---- malloc/free stress ---- */
static void *malloc_worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    void *slots[64] = { 0 };
    size_t sizes[64] = { 0 };
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1664525 + 1013904223;
        int s = (seed >> 8) % 64;
        if (slots[s]) {
            unsigned char *p = slots[s];
            for (size_t k = 0; k < sizes[s]; k++) if (p[k] != (unsigned char)s) return (void *)0;
            free(slots[s]);
            slots[s] = NULL;
        } else {
            sizes[s] = (seed >> 16) % 4096 + 1;
            if ((seed & 0xff) == 0) sizes[s] *= 64;   /* now and then a large block */
            slots[s] = malloc(sizes[s]);
            if (!slots[s]) return (void *)0;
            memset(slots[s], s, sizes[s]);
        }
    }
    for (int s = 0; s < 64; s++) free(slots[s]);
    return (void *)1;
}

/* ---- mutex + condvar contention ---- */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *count_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn, rounds_done;
/* Threads take turns in a ring: each waits for its number, so every hand-over is a condvar wake. */
static void *ring_worker(void *arg)
{
    int me = (int)(intptr_t)arg - 1;   /* run_all numbers threads from 1 */
    for (int r = 0; r < 500; r++) {
        pthread_mutex_lock(&turn_lock);
        while (turn != me) pthread_cond_wait(&turn_changed, &turn_lock);
        turn = (turn + 1) % THREADS;
        rounds_done++;
        pthread_cond_broadcast(&turn_changed);
        pthread_mutex_unlock(&turn_lock);
    }
    return NULL;
}

/* ---- read-write lock ---- */
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long table[16];
static void *rw_worker(void *arg)
{
    int writer = (int)(intptr_t)arg % 4 == 0;
    for (int i = 0; i < 20000; i++) {
        if (writer) {
            pthread_rwlock_wrlock(&table_lock);
            for (int k = 0; k < 16; k++) table[k]++;
            pthread_rwlock_unlock(&table_lock);
        } else {
            pthread_rwlock_rdlock(&table_lock);
            long first = table[0];
            for (int k = 1; k < 16; k++) if (table[k] != first) { pthread_rwlock_unlock(&table_lock); return (void *)0; }
            pthread_rwlock_unlock(&table_lock);
        }
    }
    return (void *)1;
}

/* ---- once, keys ---- */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_init(void) { once_runs++; }
static pthread_key_t key;
static int destructor_runs;
static pthread_mutex_t destructor_lock = PTHREAD_MUTEX_INITIALIZER;
static void key_destructor(void *value)
{
    pthread_mutex_lock(&destructor_lock);
    destructor_runs++;
    pthread_mutex_unlock(&destructor_lock);
    free(value);
}
static void *key_worker(void *arg)
{
    pthread_once(&once, once_init);
    int *mine = malloc(sizeof *mine);
    *mine = (int)(intptr_t)arg;
    pthread_setspecific(key, mine);
    usleep(1000);
    int *back = pthread_getspecific(key);
    return (void *)(intptr_t)(back == mine && *back == (int)(intptr_t)arg);
}

static volatile int detached_ran;
static void *detached_worker(void *arg) { (void)arg; __atomic_add_fetch(&detached_ran, 1, __ATOMIC_SEQ_CST); return NULL; }

static void run_all(void *(*fn)(void *), int expect_true, const char *what)
{
    pthread_t t[THREADS];
    for (intptr_t i = 0; i < THREADS; i++) CHECK(pthread_create(&t[i], NULL, fn, (void *)(i + 1)) == 0);
    int good = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0);
        if (r) good++;
    }
    if (expect_true && good != THREADS) { check_failures++; fprintf(stderr, "%s: %d of %d threads good\n", what, good, THREADS); }
}

int main(void)
{
    pthread_barrier_init(&errno_barrier, NULL, THREADS);
    run_all(errno_worker, 1, "errno");
    run_all(malloc_worker, 1, "malloc");
    run_all(count_worker, 0, "count");
    CHECK(counter == THREADS * 100000L);
    run_all(ring_worker, 0, "ring");
    CHECK(rounds_done == THREADS * 500);
    run_all(rw_worker, 1, "rwlock");
    CHECK(table[0] == 2 * 20000 && table[15] == 2 * 20000);

    CHECK(pthread_key_create(&key, key_destructor) == 0);
    run_all(key_worker, 1, "keys");
    CHECK(once_runs == 1);
    CHECK(destructor_runs == THREADS);
    /* A key made after one was deleted starts as NULL in every thread, though it may have the deleted one's number
     * (googletest's ThreadLocal relies on it). */
    pthread_key_t old_key, new_key;
    CHECK(pthread_key_create(&old_key, NULL) == 0 && pthread_setspecific(old_key, &counter) == 0);
    CHECK(pthread_key_delete(old_key) == 0 && pthread_key_create(&new_key, NULL) == 0);
    CHECK(pthread_getspecific(new_key) == NULL);
    CHECK(pthread_key_delete(new_key) == 0);

    pthread_mutex_t recursive;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&recursive, &attr);
    CHECK(pthread_mutex_lock(&recursive) == 0 && pthread_mutex_lock(&recursive) == 0 && pthread_mutex_trylock(&recursive) == 0);
    CHECK(pthread_mutex_unlock(&recursive) == 0 && pthread_mutex_unlock(&recursive) == 0 && pthread_mutex_unlock(&recursive) == 0);
    CHECK(pthread_mutex_unlock(&recursive) == EPERM);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_t checking;
    pthread_mutex_init(&checking, &attr);
    CHECK(pthread_mutex_lock(&checking) == 0 && pthread_mutex_lock(&checking) == EDEADLK);
    CHECK(pthread_mutex_trylock(&checking) == EBUSY);   /* a try by the holder is EBUSY, as POSIX says */
    CHECK(pthread_mutex_unlock(&checking) == 0);
    CHECK(pthread_mutexattr_setpshared(&attr, 5) == EINVAL && pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED) == 0);

    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec deadline, before, after;
    clock_gettime(CLOCK_REALTIME, &deadline);
    clock_gettime(CLOCK_MONOTONIC, &before);
    deadline.tv_nsec += 100 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    pthread_mutex_lock(&m);
    CHECK(pthread_cond_timedwait(&c, &m, &deadline) == ETIMEDOUT);
    CHECK(pthread_mutex_trylock(&m) == EBUSY);   /* the timed wait returned with the mutex held */
    pthread_mutex_unlock(&m);
    clock_gettime(CLOCK_MONOTONIC, &after);
    long waited = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
    CHECK(waited >= 95 && waited < 5000);

    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 20; i++) {
        pthread_t t;
        CHECK(pthread_create(&t, &detached, detached_worker, NULL) == 0);
    }
    for (int i = 0; i < 500 && detached_ran < 20; i++) usleep(2000);
    CHECK(detached_ran == 20);
    pthread_t joinable;
    CHECK(pthread_create(&joinable, NULL, detached_worker, NULL) == 0);
    CHECK(pthread_detach(joinable) == 0);
    CHECK(pthread_equal(pthread_self(), pthread_self()) && pthread_self() != 0);
    return CHECK_DONE();
}
