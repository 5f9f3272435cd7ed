/* semaphores: POSIX unnamed semaphores - counting across threads, blocking waits woken by posts,
 * sem_trywait, timed waits that expire, a wait a handler interrupts (EINTR without SA_RESTART, as Linux's; the wait
 * goes on with it), the errors (EINVAL, EOVERFLOW, EAGAIN, ETIMEDOUT, ENOSYS). */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#define PRODUCERS 4
#define ITEMS 20000

static sem_t items, done;
static volatile int consumed;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITEMS; i++) CHECK(sem_post(&items) == 0);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < PRODUCERS * ITEMS / 2; i++) {
        CHECK(sem_wait(&items) == 0);
        __atomic_add_fetch(&consumed, 1, __ATOMIC_RELAXED);
    }
    CHECK(sem_post(&done) == 0);
    return NULL;
}

static sem_t gate;
static volatile int passed;

static void *waiter(void *arg)
{
    (void)arg;
    CHECK(sem_wait(&gate) == 0);
    __atomic_add_fetch(&passed, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static double elapsed(const struct timespec *from, clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (double)(now.tv_sec - from->tv_sec) + (double)(now.tv_nsec - from->tv_nsec) / 1e9;
}

static struct timespec after(clockid_t clock, long ms)
{
    struct timespec t;
    clock_gettime(clock, &t);
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

/* Posts once the second alarm's handler has run (during the wait it interrupted, which then went on). */
static void *post_later(void *sem)
{
    struct timespec pause = { 0, 10 * 1000 * 1000 };
    while (alarms < 2) nanosleep(&pause, NULL);
    nanosleep(&pause, NULL);
    sem_post(sem);
    return NULL;
}

int main(void)
{
    /* Counting: 4 producers, 2 consumers, every post taken exactly once. */
    CHECK(sem_init(&items, 0, 0) == 0 && sem_init(&done, 0, 0) == 0);
    pthread_t threads[PRODUCERS + 2];
    for (int i = 0; i < 2; i++) CHECK(pthread_create(&threads[i], NULL, consumer, NULL) == 0);
    for (int i = 0; i < PRODUCERS; i++) CHECK(pthread_create(&threads[2 + i], NULL, producer, NULL) == 0);
    CHECK(sem_wait(&done) == 0 && sem_wait(&done) == 0);
    for (int i = 0; i < PRODUCERS + 2; i++) CHECK(pthread_join(threads[i], NULL) == 0);
    int value = -1;
    CHECK(consumed == PRODUCERS * ITEMS && sem_getvalue(&items, &value) == 0 && value == 0);
    CHECK(sem_trywait(&items) == -1 && errno == EAGAIN);

    /* Threads blocked in sem_wait pass one per post. */
    CHECK(sem_init(&gate, 0, 0) == 0);
    pthread_t blocked[3];
    for (int i = 0; i < 3; i++) CHECK(pthread_create(&blocked[i], NULL, waiter, NULL) == 0);
    struct timespec pause = { 0, 100000000 };
    nanosleep(&pause, NULL);
    CHECK(passed == 0);
    CHECK(sem_post(&gate) == 0);
    nanosleep(&pause, NULL);
    CHECK(passed == 1);
    CHECK(sem_post(&gate) == 0 && sem_post(&gate) == 0);
    for (int i = 0; i < 3; i++) CHECK(pthread_join(blocked[i], NULL) == 0);
    CHECK(passed == 3 && sem_getvalue(&gate, &value) == 0 && value == 0);

    /* Timed waits: an expired deadline fails with ETIMEDOUT after the time has passed, not before. */
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    struct timespec deadline = after(CLOCK_REALTIME, 200);
    CHECK(sem_timedwait(&gate, &deadline) == -1 && errno == ETIMEDOUT);
    double waited = elapsed(&start, CLOCK_REALTIME);
    CHECK(waited >= 0.19 && waited < 5);
    clock_gettime(CLOCK_MONOTONIC, &start);
    deadline = after(CLOCK_MONOTONIC, 100);
    CHECK(sem_clockwait(&gate, CLOCK_MONOTONIC, &deadline) == -1 && errno == ETIMEDOUT);
    CHECK(elapsed(&start, CLOCK_MONOTONIC) >= 0.09);
    CHECK(sem_post(&gate) == 0);
    deadline = after(CLOCK_REALTIME, 0);
    CHECK(sem_timedwait(&gate, &deadline) == 0);   /* available: no wait, no timeout */
    deadline.tv_nsec = 1000000000;
    CHECK(sem_timedwait(&gate, &deadline) == -1 && errno == EINVAL);
    CHECK(sem_clockwait(&gate, CLOCK_PROCESS_CPUTIME_ID, &deadline) == -1 && errno == EINVAL);

    /* A handler interrupts a wait: without SA_RESTART the wait fails with EINTR, as on Linux (which never restarts
     * it then); with SA_RESTART it goes on until the post. */
    CHECK(sem_init(&gate, 0, 0) == 0);
    struct sigaction action = { .sa_handler = on_alarm };
    sigaction(SIGALRM, &action, NULL);
    struct itimerval soon = { .it_value = { 0, 50 * 1000 } };
    setitimer(ITIMER_REAL, &soon, NULL);
    errno = 0;
    CHECK(sem_wait(&gate) == -1 && errno == EINTR && alarms == 1);
    action.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &action, NULL);
    CHECK(ualarm(50 * 1000, 0) == 0);   /* as setitimer: nothing was left of the last one */
    pthread_t poster;
    pthread_create(&poster, NULL, post_later, &gate);
    CHECK(sem_wait(&gate) == 0 && alarms == 2);
    pthread_join(poster, NULL);
    signal(SIGALRM, SIG_DFL);

    /* Limits and what a single process cannot have. */
    CHECK(sem_init(&gate, 0, (unsigned int)SEM_VALUE_MAX + 1) == -1 && errno == EINVAL);
    CHECK(sem_init(&gate, 1, SEM_VALUE_MAX) == 0);
    CHECK(sem_post(&gate) == -1 && errno == EOVERFLOW);
    CHECK(sem_trywait(&gate) == 0 && sem_getvalue(&gate, &value) == 0 && value == SEM_VALUE_MAX - 1);
    CHECK(sem_destroy(&gate) == 0 && sem_destroy(&items) == 0 && sem_destroy(&done) == 0);
    CHECK(sem_open("/microcosm-test", O_CREAT, 0600, 1) == SEM_FAILED && errno == ENOSYS);
    return CHECK_DONE();
}
