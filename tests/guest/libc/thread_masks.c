/* thread_masks: each thread has its own signal mask, as on Linux: a new thread starts with its creator's, a
 * thread that blocks a signal does not block it for the others (an alarm's handler still runs on the main
 * thread while a worker blocks SIGALRM), a signal every thread but one blocks goes to that one's sigwait, and
 * a thread's own raise waits for that thread alone, and one the main thread blocks goes to a thread that does not
 * (its blocked read ends with EINTR, the handler runs there); pthread_kill of another thread runs the handler on
 * that thread, ending its blocked read or sleep, or stays pending for it alone while it blocks the signal. The same
 * on every host; the same source passes natively. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static pthread_t main_thread;
static volatile sig_atomic_t alarms, on_main, usr1, usr1_on_main;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    on_main = pthread_equal(pthread_self(), main_thread);
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1++;
    usr1_on_main = pthread_equal(pthread_self(), main_thread);
}

static int blocks(int sig)
{
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

static void only(int sig, sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, sig);
}

/* A worker that blocks SIGALRM and sleeps through the alarm. */
static void *blocking_sleeper(void *arg)
{
    (void)arg;
    sigset_t set;
    only(SIGALRM, &set);
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    CHECK(nanosleep(&(struct timespec){ 2, 0 }, NULL) == 0);   /* never interrupted: it blocks the alarm */
    return NULL;
}

static void *waiter(void *arg)
{
    (void)arg;
    CHECK(blocks(SIGALRM));   /* inherited from the main thread */
    sigset_t set;
    only(SIGALRM, &set);
    int sig = 0;
    CHECK(sigwait(&set, &sig) == 0 && sig == SIGALRM);
    return NULL;
}

static void *raiser(void *arg)
{
    (void)arg;
    sigset_t set, seen;
    only(SIGUSR1, &set);
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(usr1 == 0);
    CHECK(sigpending(&seen) == 0 && sigismember(&seen, SIGUSR1));
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0);   /* delivered here, before this returns */
    CHECK(usr1 == 1 && !usr1_on_main);
    return NULL;
}

static int pipe_fds[2];
static pthread_t reader_thread;
static volatile sig_atomic_t usr2, usr2_on_reader;

static void on_usr2(int sig)
{
    (void)sig;
    usr2++;
    usr2_on_reader = pthread_equal(pthread_self(), reader_thread);
}

/* Does not block SIGUSR2, which the main thread blocks: the program's SIGUSR2 is this thread's. */
static void *reader(void *arg)
{
    (void)arg;
    sigset_t set;
    only(SIGUSR2, &set);
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0);
    char c;
    errno = 0;
    CHECK(read(pipe_fds[0], &c, 1) == -1 && errno == EINTR);
    CHECK(usr2 == 1 && usr2_on_reader);
    return NULL;
}

static volatile sig_atomic_t hup, hup_on_target;
static pthread_t target_thread;
static volatile int target_ready;

static void on_hup(int sig)
{
    (void)sig;
    hup++;
    hup_on_target = pthread_equal(pthread_self(), target_thread);
}

/* Blocked in a read, then in a sleep, each ended by the main thread's pthread_kill; then blocking SIGHUP, for which a
 * pthread_kill stays pending for this thread alone until it unblocks it. */
static void *target(void *arg)
{
    (void)arg;
    char c;
    target_ready = 1;
    errno = 0;
    CHECK(read(pipe_fds[0], &c, 1) == -1 && errno == EINTR);
    CHECK(hup == 1 && hup_on_target);
    target_ready = 2;
    errno = 0;
    CHECK(nanosleep(&(struct timespec){ 5, 0 }, NULL) == -1 && errno == EINTR);
    CHECK(hup == 2 && hup_on_target);
    sigset_t set, seen;
    only(SIGHUP, &set);
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    target_ready = 3;
    while (target_ready != 4) nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    CHECK(hup == 2);
    CHECK(sigpending(&seen) == 0 && sigismember(&seen, SIGHUP));
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0);   /* delivered here, before this returns */
    CHECK(hup == 3 && hup_on_target);
    return NULL;
}

/* Waits (a bounded while) for the target to reach `stage`, then a moment for it to block there. */
static void await_target(int stage)
{
    for (int i = 0; i < 500 && target_ready != stage; i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    CHECK(target_ready == stage);
    nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
}

int main(void)
{
    main_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    sa.sa_handler = on_usr1;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);

    /* A worker's mask is its own: the alarm still reaches the main thread. */
    pthread_t worker;
    CHECK(pthread_create(&worker, NULL, blocking_sleeper, NULL) == 0);
    nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
    CHECK(!blocks(SIGALRM));
    alarm(1);
    errno = 0;
    CHECK(nanosleep(&(struct timespec){ 5, 0 }, NULL) == -1 && errno == EINTR);
    CHECK(alarms == 1 && on_main);
    CHECK(pthread_join(worker, NULL) == 0);

    /* Blocked in the main thread (and so in the thread it creates next), taken by that thread's sigwait. */
    sigset_t set;
    only(SIGALRM, &set);
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    CHECK(pthread_create(&worker, NULL, waiter, NULL) == 0);
    alarm(1);
    CHECK(pthread_join(worker, NULL) == 0);
    CHECK(alarms == 1);
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0);
    CHECK(alarms == 1);   /* sigwait took it: nothing is left pending */

    /* A thread's raise waits for that thread: the main thread neither sees it pending nor runs its handler. */
    CHECK(pthread_create(&worker, NULL, raiser, NULL) == 0);
    CHECK(pthread_join(worker, NULL) == 0);
    sigset_t seen;
    CHECK(sigpending(&seen) == 0 && !sigismember(&seen, SIGUSR1));

    /* A signal for the program that the main thread blocks goes to the thread that does not, where it blocks. */
    sa.sa_handler = on_usr2;   /* no SA_RESTART: the read ends */
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    only(SIGUSR2, &set);
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    CHECK(pipe(pipe_fds) == 0);
    CHECK(pthread_create(&reader_thread, NULL, reader, NULL) == 0);
    nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
    CHECK(kill(getpid(), SIGUSR2) == 0);
    for (int i = 0; i < 300 && !usr2; i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    CHECK(usr2 == 1);
    if (!usr2) CHECK(write(pipe_fds[1], "x", 1) == 1);   /* a failure, not a hang */
    CHECK(pthread_join(reader_thread, NULL) == 0);

    /* pthread_kill of another thread: the handler runs on it, ending its blocked calls; or it waits for it alone. */
    sa.sa_handler = on_hup;
    CHECK(sigaction(SIGHUP, &sa, NULL) == 0);
    CHECK(pthread_create(&target_thread, NULL, target, NULL) == 0);
    await_target(1);
    CHECK(pthread_kill(target_thread, SIGHUP) == 0);
    await_target(2);
    CHECK(pthread_kill(target_thread, SIGHUP) == 0);
    await_target(3);
    CHECK(pthread_kill(target_thread, SIGHUP) == 0);
    sigset_t seen_here;
    CHECK(sigpending(&seen_here) == 0 && !sigismember(&seen_here, SIGHUP));   /* the target's alone */
    target_ready = 4;
    CHECK(pthread_kill(target_thread, 0) == 0);
    CHECK(pthread_join(target_thread, NULL) == 0);
    CHECK(hup == 3);
    return CHECK_DONE();
}
