/* outside_signals: signals another process sends the program (a shell's kill, started for each), printed
 * line by line so that the same program built for the host (outside_signals-native) must print the same:
 * handlers run (SA_SIGINFO with SI_USER too, a real-time signal's too), an ignored signal does nothing, a blocked one stays pending
 * until it is unblocked, sigwait takes one, pause, nanosleep and a blocked read return EINTR after the
 * handler (on the thread that waited), SA_RESTART makes the read go on, an alarm times a read out,
 * SA_RESETHAND, and at the end SIGTERM's default action ends the program by the signal.
 * `outside_signals default`: a program that never touches its signals, ended by SIGTERM from outside.
 * `outside_signals spin [listen]`: prints "spinning" and computes without end (the test sends the signal). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static volatile sig_atomic_t usr1, usr1_code = -1, hup, intr, term;

static void on_usr1(int sig, siginfo_t *info, void *context)
{
    (void)context;
    if (sig == SIGUSR1 && info->si_signo == SIGUSR1) usr1++;
    usr1_code = info->si_code;
}
static volatile sig_atomic_t rt, rt_code = -1;
static void on_rt(int sig, siginfo_t *info, void *context)
{
    (void)context;
    if (sig == SIGRTMIN + 1 && info->si_signo == sig) rt++;
    rt_code = info->si_code;
}
static void on_hup(int sig) { (void)sig; hup++; }
static void on_int(int sig) { (void)sig; intr++; }
static void on_term(int sig) { (void)sig; term++; }

/* `sh -c "sleep DELAY; kill -SIG PID"`: from another process, after DELAY (0: at once, waited for). */
static pid_t send_from_outside(int sig, const char *delay)
{
    char script[96];
    if (delay) snprintf(script, sizeof script, "sleep %s; kill -%d %d", delay, sig, (int)getpid());
    else snprintf(script, sizeof script, "kill -%d %d", sig, (int)getpid());
    char *argv[] = { "sh", "-c", script, NULL };
    pid_t pid;
    if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) != 0) {
        printf("cannot start sh\n");
        return -1;
    }
    if (!delay) waitpid(pid, NULL, 0);
    return pid;
}

/* Waits (up to 5 s) for a flag a handler sets; nanosleep is where the handler runs if it has not yet. */
static int await(volatile sig_atomic_t *flag)
{
    for (int i = 0; i < 5000 && !*flag; i++) nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    return *flag != 0;
}

static void settle(void) { nanosleep(&(struct timespec){ 0, 100000000 }, NULL); }

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "spin") == 0) {   /* computes without a syscall until a signal ends it */
        if (argc > 2) signal(SIGUSR1, SIG_IGN);          /* the C library's listener takes the signals */
        printf("spinning\n");
        for (volatile unsigned long n = 0;; n++) { }
    }
    if (argc > 1 && strcmp(argv[1], "default") == 0) {
        printf("sending SIGTERM to a program that leaves it at its default\n");
        send_from_outside(SIGTERM, NULL);
        for (int i = 0; i < 50; i++) settle();
        printf("still running: wrong\n");
        return 1;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    send_from_outside(SIGUSR1, NULL);
    int handled = await(&usr1);
    printf("USR1: handled %d, si_code %s\n", handled, usr1_code == SI_USER ? "SI_USER" : "other");

    /* A real-time one (SIGRTMIN itself and SIGRTMIN+6 are the host's: docs/processes.md). */
    sa.sa_sigaction = on_rt;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    send_from_outside(SIGRTMIN + 1, NULL);
    handled = await(&rt);
    printf("RTMIN+1: handled %d, si_code %s\n", handled, rt_code == SI_USER ? "SI_USER" : "other");

    signal(SIGUSR2, SIG_IGN);
    send_from_outside(SIGUSR2, NULL);
    settle();
    printf("USR2: ignored, still running\n");

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGHUP, &sa, NULL);
    send_from_outside(SIGHUP, NULL);
    handled = await(&hup);
    struct sigaction now;
    sigaction(SIGHUP, NULL, &now);
    printf("HUP: handled %d, action reset to default %d\n", handled, now.sa_handler == SIG_DFL);

    /* Blocked: pending, then delivered when unblocked, before sigprocmask returns. */
    signal(SIGINT, on_int);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    send_from_outside(SIGINT, NULL);
    sigset_t pending;
    int seen = 0;
    for (int i = 0; i < 500 && !seen; i++) {
        sigpending(&pending);
        seen = sigismember(&pending, SIGINT);
        if (!seen) settle();
    }
    printf("INT: pending while blocked %d, handler run %d\n", seen, (int)intr);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("INT: handler run once unblocked %d\n", (int)intr);

    /* sigwait takes a blocked one. */
    sigemptyset(&set);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    send_from_outside(SIGQUIT, NULL);
    int got = 0;
    sigwait(&set, &got);
    printf("QUIT: sigwait took %d\n", got);

    /* pause and nanosleep: interrupted, after the handler. */
    signal(SIGTERM, on_term);
    pid_t later = send_from_outside(SIGTERM, "0.3");
    errno = 0;
    int r = pause();
    printf("TERM: pause returned %d %s, handler run %d\n", r, errno == EINTR ? "EINTR" : "?", (int)term);
    waitpid(later, NULL, 0);
    usr1 = 0;
    later = send_from_outside(SIGUSR1, "0.3");
    errno = 0;
    r = nanosleep(&(struct timespec){ 20, 0 }, NULL);
    printf("USR1: nanosleep returned %d %s, handler run %d\n", r, errno == EINTR ? "EINTR" : "?", (int)usr1);
    waitpid(later, NULL, 0);

    /* A read blocked on a pipe: a handler without SA_RESTART makes it return EINTR, on this thread. */
    int fds[2];
    pipe(fds);
    usr1 = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    later = send_from_outside(SIGUSR1, "0.3");
    char buffer[64];
    errno = 0;
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    printf("USR1: read returned %zd %s, handler run %d\n", n, errno == EINTR ? "EINTR" : "?", (int)usr1);
    waitpid(later, NULL, 0);

    /* With SA_RESTART the read goes on after the handler, and gets what is written later. */
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    usr1 = 0;
    char script[128];
    snprintf(script, sizeof script, "sleep 0.3; kill -%d %d; sleep 0.3; echo restarted >&%d", SIGUSR1, (int)getpid(), fds[1]);
    char *shell[] = { "sh", "-c", script, NULL };
    posix_spawn(&later, "/bin/sh", NULL, NULL, shell, environ);
    n = read(fds[0], buffer, sizeof buffer - 1);
    buffer[n > 0 ? n : 0] = 0;
    printf("USR1 with SA_RESTART: read returned %zd (%s), handler run %d\n", n, n > 0 ? strtok(buffer, "\n") : "-", (int)usr1);
    waitpid(later, NULL, 0);

    /* The classic timeout: alarm's handler without SA_RESTART ends a blocked read. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sigaction(SIGALRM, &sa, NULL);
    hup = 0;
    alarm(1);
    errno = 0;
    n = read(fds[0], buffer, sizeof buffer);
    printf("ALRM: read returned %zd %s, handler run %d\n", n, errno == EINTR ? "EINTR" : "?", (int)hup);
    close(fds[0]);
    close(fds[1]);

    /* The default action: the program ends by the signal. */
    signal(SIGTERM, SIG_DFL);
    printf("TERM at its default: the end\n");
    send_from_outside(SIGTERM, NULL);
    for (int i = 0; i < 50; i++) settle();
    printf("still running: wrong\n");
    return 1;
}
