/* signals.c - signals a program sends itself, as with glibc on Linux: handlers that stay installed
 * (signal) or reset (SA_RESETHAND), SA_SIGINFO's information, masks that hold a signal pending until
 * it is unblocked, sigwait and sigtimedwait, one handler table for all threads, and the set
 * functions. With an argument, the program ends by a signal's default action instead:
 *   signals abort | term | kill | ignored   (status 134, 143, 137; "ignored" exits 0 after SIGCHLD) */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile int count, last, info_code, info_pid, masked_during;

static void counter(int sig) { count++; last = sig; }

static void with_info(int sig, siginfo_t *info, void *context)
{
    (void)context;
    last = sig;
    info_code = info->si_code;
    info_pid = info->si_pid;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    masked_during = sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2);
}

static void *raise_from_thread(void *arg)
{
    (void)arg;
    raise(SIGUSR2);   /* the handler installed by the main thread runs here */
    return NULL;
}

static void *send_later(void *arg)
{
    (void)arg;
    struct timespec t = { 0, 50 * 1000 * 1000 };
    nanosleep(&t, NULL);
    kill(getpid(), SIGUSR1);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        if (strcmp(argv[1], "abort") == 0) {
            signal(SIGABRT, counter);   /* a handler that returns does not stop abort */
            abort();
        }
        if (strcmp(argv[1], "term") == 0) raise(SIGTERM);
        if (strcmp(argv[1], "kill") == 0) kill(getpid(), SIGKILL);   /* not kill(0): that is the whole group, its caller too */
        if (strcmp(argv[1], "ignored") == 0) { raise(SIGCHLD); raise(SIGWINCH); return 0; }
        return 99;
    }

    CHECK(SIGUSR1 == 10 && SIGCHLD == 17 && SIGRTMIN == 34 && NSIG == 65);   /* Linux's numbers */

    /* signal(): BSD semantics, the handler stays */
    CHECK(signal(SIGUSR1, counter) == SIG_DFL);
    CHECK(raise(SIGUSR1) == 0 && raise(SIGUSR1) == 0);
    CHECK(count == 2 && last == SIGUSR1);
    CHECK(signal(SIGUSR1, SIG_IGN) == counter);
    CHECK(raise(SIGUSR1) == 0 && count == 2);
    CHECK(kill(getpid(), 0) == 0);
    errno = 0;
    CHECK(kill(0x3ffffff0, SIGUSR1) == -1 && errno == ESRCH);   /* no such process */
    errno = 0;
    CHECK(raise(NSIG) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(signal(SIGKILL, counter) == SIG_ERR && errno == EINVAL);

    /* sigaction with SA_SIGINFO, a mask during the handler, SA_RESETHAND */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    CHECK(sigaction(SIGUSR2, &sa, &old) == 0 && old.sa_handler == SIG_DFL);
    CHECK(kill(getpid(), SIGUSR2) == 0);
    CHECK(last == SIGUSR2 && info_code == SI_USER && info_pid == getpid() && masked_during);
    CHECK(sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_handler == SIG_DFL);   /* reset */
    sigset_t now;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && !sigismember(&now, SIGUSR2));

    /* blocked: pending until unblocked, then delivered before sigprocmask returns */
    CHECK(signal(SIGUSR1, counter) == SIG_IGN);
    count = 0;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
    CHECK(raise(SIGUSR1) == 0 && count == 0);
    sigset_t waiting;
    CHECK(sigpending(&waiting) == 0 && sigismember(&waiting, SIGUSR1) == 1);
    CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 && count == 1);
    CHECK(sigpending(&waiting) == 0 && !sigismember(&waiting, SIGUSR1));

    /* sigwait takes a blocked signal another thread sends; sigtimedwait times out */
    CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, send_later, NULL) == 0);
    int got = 0;
    CHECK(sigwait(&set, &got) == 0 && got == SIGUSR1 && count == 1);
    pthread_join(t, NULL);
    struct timespec brief = { 0, 20 * 1000 * 1000 };
    errno = 0;
    CHECK(sigtimedwait(&set, NULL, &brief) == -1 && errno == EAGAIN);
    raise(SIGUSR1);
    siginfo_t info;
    CHECK(sigtimedwait(&set, &info, &brief) == SIGUSR1 && info.si_signo == SIGUSR1);
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 && count == 1);

    /* one table for every thread */
    CHECK(signal(SIGUSR2, counter) == SIG_DFL);
    CHECK(pthread_create(&t, NULL, raise_from_thread, NULL) == 0);
    pthread_join(t, NULL);
    CHECK(count == 2 && last == SIGUSR2);
    CHECK(pthread_kill(pthread_self(), SIGUSR2) == 0 && count == 3);

    /* the set functions */
    sigfillset(&set);
    CHECK(sigismember(&set, SIGRTMAX) == 1 && sigdelset(&set, SIGRTMAX) == 0 && sigismember(&set, SIGRTMAX) == 0);
    errno = 0;
    CHECK(sigaddset(&set, 0) == -1 && errno == EINVAL);
    CHECK(strcmp(strsignal(SIGSEGV), "") != 0);
    return CHECK_DONE();
}
