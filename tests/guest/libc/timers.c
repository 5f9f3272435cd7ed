/* timers: the real interval timer and what its SIGALRM does - alarm() interrupting nanosleep (EINTR,
 * the time left, even for a sleep "forever" as gnulib's configure checks it), a periodic setitimer
 * delivered to pause() and sigsuspend(), getitimer and alarm's values, a blocked SIGALRM kept pending.
 * Modes that end the program: "watchdog" (the default action of an alarm while the main thread waits
 * in read: status 142) and "exit-thread" (exit() from a thread while the main thread waits in read). */
#include "check.h"
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;
static void on_alarm(int sig) { if (sig == SIGALRM) ticks++; }

static void *exiter(void *arg)
{
    (void)arg;
    usleep(100 * 1000);
    exit(3);
}

static void wait_in_read(void)
{
    int fds[2];
    char c;
    if (pipe(fds) == 0) read(fds[0], &c, 1);   /* nothing ever writes */
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "watchdog") == 0) {
        alarm(1);
        wait_in_read();
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "exit-thread") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, exiter, NULL);
        wait_in_read();
        return 1;
    }

    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_alarm;
    sigemptyset(&act.sa_mask);
    CHECK(sigaction(SIGALRM, &act, NULL) == 0);

    /* gnulib's check: a short sleep works, a "forever" one is ended by the alarm with EINTR. */
    struct timespec brief = { 0, 1 }, forever = { LONG_MAX, 999999999 }, left = { 0, 0 };
    CHECK(alarm(1) == 0);
    CHECK(nanosleep(&brief, NULL) == 0);
    errno = 0;
    CHECK(nanosleep(&forever, &left) == -1 && errno == EINTR);
    CHECK(left.tv_sec > LONG_MAX - 10);
    CHECK(ticks == 1);

    /* A two-second sleep cut short after 0.2 s: about 1.8 s left. */
    struct itimerval once = { { 0, 0 }, { 0, 200000 } }, value;
    CHECK(setitimer(ITIMER_REAL, &once, NULL) == 0);
    CHECK(getitimer(ITIMER_REAL, &value) == 0 && value.it_value.tv_sec == 0 && value.it_value.tv_usec > 0);
    struct timespec two = { 2, 0 };
    CHECK(nanosleep(&two, &left) == -1 && errno == EINTR);
    CHECK(left.tv_sec == 1 && left.tv_nsec > 500 * 1000 * 1000);
    CHECK(ticks == 2);
    CHECK(getitimer(ITIMER_REAL, &value) == 0 && value.it_value.tv_sec == 0 && value.it_value.tv_usec == 0);

    /* Periodic: three ticks through pause(), one through sigsuspend(). */
    struct itimerval every = { { 0, 50000 }, { 0, 50000 } };
    CHECK(setitimer(ITIMER_REAL, &every, NULL) == 0);
    for (int i = 0; i < 3; i++) CHECK(pause() == -1 && errno == EINTR);
    sigset_t none;
    sigemptyset(&none);
    CHECK(sigsuspend(&none) == -1 && errno == EINTR);
    CHECK(ticks == 6);
    struct itimerval off = { { 0, 0 }, { 0, 0 } }, old;
    CHECK(setitimer(ITIMER_REAL, &off, &old) == 0 && old.it_interval.tv_usec == 50000);

    /* Blocked, the signal waits; unblocked, it is delivered before sigprocmask returns. */
    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    CHECK(sigprocmask(SIG_BLOCK, &alrm, NULL) == 0);
    CHECK(setitimer(ITIMER_REAL, &once, NULL) == 0);
    usleep(400 * 1000);
    sigset_t pending;
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGALRM));
    CHECK(ticks == 6);
    CHECK(sigprocmask(SIG_UNBLOCK, &alrm, NULL) == 0);
    CHECK(ticks == 7);

    /* alarm's value: the previous alarm's seconds, rounded. */
    CHECK(alarm(10) == 0);
    CHECK(alarm(0) == 10);
    CHECK(alarm(0) == 0);
    CHECK(setitimer(ITIMER_PROF, &once, NULL) == -1 && errno == ENOSYS);
    return CHECK_DONE();
}
