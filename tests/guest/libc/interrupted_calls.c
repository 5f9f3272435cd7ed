/* interrupted_calls: a signal's handler interrupts the main thread where it blocks, as on Linux, on every
 * host: alarm's handler without SA_RESTART ends a blocked read of a pipe and a poll with EINTR, with
 * SA_RESTART the read goes on and gets what another thread writes later, the handler runs on the main
 * thread (the one blocked), and a condition wait goes on waiting after the handler. (Signals from other
 * processes take the same path: outside_signals, Linux only, compares that with native.) */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static pthread_t main_thread;
static volatile sig_atomic_t on_main;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    on_main = pthread_equal(pthread_self(), main_thread);
}

static void set_handler(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
}

static int write_end;

static void *write_later(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){ 1, 500000000 }, NULL);   /* after the alarm */
    CHECK(write(write_end, "late\n", 5) == 5);
    return NULL;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;

static void *signal_later(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){ 1, 500000000 }, NULL);
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    main_thread = pthread_self();
    int fds[2];
    CHECK(pipe(fds) == 0);
    write_end = fds[1];
    char buffer[16];

    /* Without SA_RESTART: the read ends with EINTR, after the handler ran on this thread. */
    set_handler(0);
    alarm(1);
    errno = 0;
    CHECK(read(fds[0], buffer, sizeof buffer) == -1 && errno == EINTR);
    CHECK(alarms == 1 && on_main);

    /* poll is never restarted. */
    set_handler(SA_RESTART);
    alarm(1);
    struct pollfd p = { fds[0], POLLIN, 0 };
    errno = 0;
    CHECK(poll(&p, 1, 5000) == -1 && errno == EINTR);
    CHECK(alarms == 2 && on_main);

    /* With SA_RESTART: the read goes on and gets what comes later. */
    pthread_t writer;
    CHECK(pthread_create(&writer, NULL, write_later, NULL) == 0);
    alarm(1);
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    CHECK(n == 5 && memcmp(buffer, "late\n", 5) == 0);
    CHECK(alarms == 3 && on_main);
    pthread_join(writer, NULL);

    /* A condition wait: the handler runs, the wait goes on until the condition is signalled. */
    pthread_t signaller;
    CHECK(pthread_create(&signaller, NULL, signal_later, NULL) == 0);
    alarm(1);
    pthread_mutex_lock(&lock);
    while (!ready) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    CHECK(ready == 1 && alarms == 4 && on_main);
    pthread_join(signaller, NULL);
    return CHECK_DONE();
}
