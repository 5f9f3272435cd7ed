/* cancel: pthread_cancel, built natively too (cancel-native); both must print the same. A thread cancelled where it
 * blocks - a read of an empty pipe, a condition wait (its cleanup handler finds the mutex held, as POSIX says), a
 * sleep, a semaphore wait, sigwait, pthread_join - runs its cleanup handlers, innermost first, and its thread-specific data's
 * destructor, and pthread_join gives PTHREAD_CANCELED. One with cancellation disabled is cancelled only once it
 * enables it again and reaches pthread_testcancel; one with asynchronous cancellation at its next call, or where it
 * computes without one; a thread cancelled before it runs at its first cancellation point. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static sem_t sem;
static pthread_key_t key;
static volatile int started;
static volatile int stage;

/* A line, written with cancellation disabled: writing is a cancellation point, and these lines are to show what
 * happened, not to be where a cancellation acts. */
static void say(const char *format, ...)
{
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
    pthread_setcancelstate(old, NULL);
}

static void cleanup(void *what) { say("cleanup: %s", (const char *)what); }

static void unlock_cleanup(void *arg)
{
    (void)arg;
    /* POSIX: the cancelled condition wait took the mutex back before this runs. */
    say("cleanup: mutex held=%d", pthread_mutex_unlock(&mutex) == 0);
}

static void destructor(void *value) { say("destructor: %s", (const char *)value); }

static void wait_started(void)
{
    while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) usleep(1000);
    usleep(100 * 1000);   /* into the blocking call */
}

static void *in_read(void *arg)
{
    (void)arg;
    pthread_setspecific(key, "read's value");
    pthread_cleanup_push(cleanup, "outer");
    pthread_cleanup_push(cleanup, "inner");
    started = 1;
    char c;
    read(fds[0], &c, 1);
    say("read: not cancelled");
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_cond_wait(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mutex);
    pthread_cleanup_push(unlock_cleanup, NULL);
    started = 1;
    for (;;) pthread_cond_wait(&cond, &mutex);
    pthread_cleanup_pop(1);
    return NULL;
}

static void *in_sleep(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "sleep");
    started = 1;
    sleep(100);
    say("sleep: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_sem_wait(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "sem_wait");
    started = 1;
    sem_wait(&sem);
    say("sem_wait: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_sigwait(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "sigwait");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    started = 1;
    int sig;
    sigwait(&set, &sig);
    say("sigwait: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static void *disabled(void *arg)
{
    (void)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_cleanup_push(cleanup, "disabled");
    started = 1;
    while (__atomic_load_n(&stage, __ATOMIC_ACQUIRE) == 0) usleep(1000);
    struct timespec ts = { 0, 50 * 1000 * 1000 };
    nanosleep(&ts, NULL);   /* not a cancellation while disabled */
    say("disabled: slept through");
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    say("disabled: was %s", old == PTHREAD_CANCEL_DISABLE ? "DISABLE" : "ENABLE");
    pthread_testcancel();
    say("disabled: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static void *asynchronous(void *arg)
{
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    pthread_cleanup_push(cleanup, "asynchronous");
    started = 1;
    for (;;) getppid();   /* no cancellation point, but a call */
    pthread_cleanup_pop(0);
    return NULL;
}

static volatile unsigned long spins;

static void *asynchronous_computing(void *arg)
{
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    pthread_cleanup_push(cleanup, "asynchronous, computing");
    started = 1;
    for (;;) spins++;   /* no call at all: stopped where it computes */
    pthread_cleanup_pop(0);
    return NULL;
}

static void *early(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "early");
    while (!__atomic_load_n(&stage, __ATOMIC_ACQUIRE)) { /* computes: no cancellation point */ }
    say("early: reached its first cancellation point");
    struct timespec ts = { 0, 1000 };
    nanosleep(&ts, NULL);
    say("early: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static pthread_t sleeper;

static void *forever(void *arg)
{
    (void)arg;
    for (;;) pause();
    return NULL;
}

static void *in_join(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "join");
    started = 1;
    pthread_join(sleeper, NULL);
    say("join: not cancelled");
    pthread_cleanup_pop(0);
    return NULL;
}

static void cancel_and_join(const char *name, void *(*fn)(void *))
{
    pthread_t t;
    started = 0;
    stage = 0;
    pthread_create(&t, NULL, fn, NULL);
    wait_started();
    say("%s: cancelling", name);
    int cancelled = pthread_cancel(t);
    if (fn == disabled) {
        usleep(20 * 1000);
        __atomic_store_n(&stage, 1, __ATOMIC_RELEASE);
    }
    void *result;
    pthread_join(t, &result);
    say("%s: cancel=%d, joined %s", name, cancelled, result == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "a value");
}

int main(void)
{
    pipe(fds);
    sem_init(&sem, 0, 0);
    pthread_key_create(&key, destructor);

    cancel_and_join("read", in_read);
    cancel_and_join("cond_wait", in_cond_wait);
    printf("cond_wait: mutex free afterwards=%d\n", pthread_mutex_trylock(&mutex) == 0);
    pthread_mutex_unlock(&mutex);
    cancel_and_join("sleep", in_sleep);
    cancel_and_join("sem_wait", in_sem_wait);
    cancel_and_join("sigwait", in_sigwait);
    pthread_create(&sleeper, NULL, forever, NULL);
    cancel_and_join("join", in_join);   /* pthread_join is a cancellation point; the thread it waited for runs on */
    pthread_cancel(sleeper);
    pthread_join(sleeper, NULL);
    cancel_and_join("disabled", disabled);
    cancel_and_join("asynchronous", asynchronous);
    cancel_and_join("asynchronous, computing", asynchronous_computing);

    pthread_t t;
    stage = 0;
    pthread_create(&t, NULL, early, NULL);
    int cancelled = pthread_cancel(t);
    __atomic_store_n(&stage, 1, __ATOMIC_RELEASE);
    void *result;
    pthread_join(t, &result);
    say("early: cancel=%d, joined %s", cancelled, result == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "a value");

    int old;
    printf("setcancelstate(bad)=%d setcanceltype(bad)=%d\n", pthread_setcancelstate(7, &old), pthread_setcanceltype(7, &old));
    say("done");
    return 0;
}
