/* queued_signals: real-time signals are queued and standard ones are not, as on Linux; built natively too
 * (queued_signals-native) and both must print the same. Blocked, two SIGUSR1s sent by sigqueue are delivered once
 * (with the first one's value), three SIGRTMINs three times in order with their values; kill and raise of a real-time signal queue too; sigwaitinfo takes queued ones one by one with their
 * si_code and value; an action set to ignore discards the queued ones. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char seen[512];

static void on(int sig, siginfo_t *info, void *context)
{
    (void)context;
    const char *code = info->si_code == SI_QUEUE ? "SI_QUEUE" : info->si_code == SI_USER ? "SI_USER"
                     : info->si_code == SI_TKILL ? "SI_TKILL" : "other";
    int value = info->si_code == SI_QUEUE ? info->si_value.sival_int : -1;
    char one[64];
    if (sig >= SIGRTMIN) snprintf(one, sizeof one, " RTMIN+%d:%s:%d", sig - SIGRTMIN, code, value);
    else snprintf(one, sizeof one, " USR1:%s:%d", code, value);
    strncat(seen, one, sizeof seen - strlen(seen) - 1);
}

static void handle(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void block(int sig, int how)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(how, &set, NULL);
}

static void queue(int sig, int value) { sigqueue(getpid(), sig, (union sigval){ .sival_int = value }); }

int main(void)
{
    handle(SIGRTMIN);
    handle(SIGRTMIN + 1);
    handle(SIGUSR1);

    /* (Unblocked one at a time: which of two different signals runs first is the kernel's to choose.) */
    block(SIGRTMIN, SIG_BLOCK);
    block(SIGUSR1, SIG_BLOCK);
    queue(SIGRTMIN, 1);
    queue(SIGRTMIN, 2);
    queue(SIGUSR1, 10);
    queue(SIGUSR1, 11);
    queue(SIGRTMIN, 3);
    block(SIGUSR1, SIG_UNBLOCK);
    block(SIGRTMIN, SIG_UNBLOCK);
    printf("sigqueue:%s\n", seen);

    seen[0] = 0;
    block(SIGRTMIN + 1, SIG_BLOCK);
    kill(getpid(), SIGRTMIN + 1);
    raise(SIGRTMIN + 1);
    kill(getpid(), SIGRTMIN + 1);
    block(SIGRTMIN + 1, SIG_UNBLOCK);
    printf("kill and raise:%s\n", seen);

    block(SIGRTMIN + 2, SIG_BLOCK);
    queue(SIGRTMIN + 2, 7);
    queue(SIGRTMIN + 2, 8);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    for (int i = 0; i < 2; i++) {
        siginfo_t info;
        int sig = sigwaitinfo(&set, &info);
        sigset_t now;
        sigpending(&now);
        printf("sigwaitinfo: RTMIN+%d code=%s value=%d pid=%s still pending=%d\n", sig - SIGRTMIN,
               info.si_code == SI_QUEUE ? "SI_QUEUE" : "other", info.si_value.sival_int,
               info.si_pid == getpid() ? "mine" : "other", sigismember(&now, SIGRTMIN + 2));
    }

    queue(SIGRTMIN + 2, 9);
    queue(SIGRTMIN + 2, 10);
    signal(SIGRTMIN + 2, SIG_IGN);
    sigset_t now;
    sigpending(&now);
    printf("ignored: still pending=%d\n", sigismember(&now, SIGRTMIN + 2));
    return 0;
}
