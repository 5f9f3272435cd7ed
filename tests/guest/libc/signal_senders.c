/* signal_senders: who sent a signal from another process, as a SA_SIGINFO handler and sigwaitinfo see it; built
 * natively too (signal_senders-native) and both must print the same. A shell's kill gives its pid and uid with
 * SI_USER; a fork child's sigqueue gives SI_QUEUE, its pid and its value, three real-time signals sent while
 * blocked are three, in order, each with its value, and three SIGUSR2s are one, with the first one's; sigwaitinfo
 * takes one with its value; a child's end gives SIGCHLD with CLD_EXITED, its pid and its exit status. SIGRTMIN and
 * SIGRTMIN+6, which Microcosm's host process keeps for itself, are the program's all the same when another process
 * sends them: handled with their values, and at their default they end it. Pids are printed as which process they
 * are, never as numbers. */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define SEEN_MAX 16
static volatile sig_atomic_t seen_count;
static siginfo_t seen[SEEN_MAX];

static void on(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    if (seen_count < SEEN_MAX) seen[seen_count++] = *info;
}

static void handle(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(sig, &sa, NULL);
}

static void mask(int how, int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(how, &set, NULL);
}

/* Waits up to 5 s for `count` signals to have been seen. */
static int await(int count)
{
    for (int i = 0; i < 5000 && seen_count < count; i++) nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    return seen_count >= count;
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case CLD_EXITED: return "CLD_EXITED";
    default: return "other";
    }
}

static const char *who(pid_t pid, pid_t expected)
{
    return pid == expected ? "the sender" : pid == getpid() ? "itself" : pid == 0 ? "nobody" : "another";
}

static void print_seen(pid_t sender, int with_value)
{
    for (int i = 0; i < seen_count; i++) {
        const siginfo_t *s = &seen[i];
        const char *name = s->si_signo == SIGUSR1 ? "SIGUSR1" : s->si_signo == SIGUSR2 ? "SIGUSR2"
                         : s->si_signo == SIGCHLD ? "SIGCHLD" : s->si_signo >= SIGRTMIN ? "SIGRTMIN+n" : "?";
        printf("  %s", name);
        if (s->si_signo >= SIGRTMIN) printf("(%d)", s->si_signo - SIGRTMIN);
        printf(" %s from %s, uid %s", code_name(s->si_code), who(s->si_pid, sender), s->si_uid == getuid() ? "mine" : "another");
        if (with_value) printf(", value %d", s->si_value.sival_int);
        if (s->si_signo == SIGCHLD) printf(", status %d", s->si_status);
        printf("\n");
    }
    seen_count = 0;
}

/* A fork child that sends its parent what `send` says and ends. */
static pid_t child_sending(void (*send)(pid_t parent))
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        send(getppid());
        _exit(0);
    }
    return child;
}

/* Paced: the host process does not block what the program blocks, and the kernel may hand signals sent at once to two
 * of its threads, whose records can then swap (docs/processes.md). */
static void three_queued(pid_t parent)
{
    for (int i = 1; i <= 6; i++) {
        if (i <= 3) sigqueue(parent, SIGRTMIN + 1, (union sigval){ .sival_int = 100 + i });
        else sigqueue(parent, SIGUSR2, (union sigval){ .sival_int = 200 + i - 3 });
        nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
    }
}

static void one_to_wait_for(pid_t parent) { sigqueue(parent, SIGRTMIN + 2, (union sigval){ .sival_int = 42 }); }

static void the_kept_ones(pid_t parent)
{
    sigqueue(parent, SIGRTMIN, (union sigval){ .sival_int = 301 });
    nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
    sigqueue(parent, SIGRTMIN + 6, (union sigval){ .sival_int = 302 });
}

/* A fork child with `sig` at its default, sent `sig` once it says it is ready: how it ended. */
static void ended_by_default(int sig)
{
    int ready[2];
    if (pipe(ready) != 0) return;
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        signal(sig, SIG_DFL);
        if (write(ready[1], "r", 1) != 1) _exit(1);
        for (;;) pause();
    }
    char byte;
    if (read(ready[0], &byte, 1) != 1) return;
    kill(child, sig);
    int status;
    waitpid(child, &status, 0);
    printf("SIGRTMIN+%d at its default: %s\n", sig - SIGRTMIN,
           WIFSIGNALED(status) && WTERMSIG(status) == sig ? "ended by it" : "not ended by it");
    close(ready[0]);
    close(ready[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    siginfo_t info;
    /* A child's end, before any other child: at its default, SIGCHLD is nothing, and one arriving late could be seen. */
    handle(SIGCHLD);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) _exit(7);
    int got = await(1);
    waitpid(child, NULL, 0);
    printf("a child's end: %s\n", got ? "handled" : "not handled");
    print_seen(child, 0);
    signal(SIGCHLD, SIG_DFL);   /* the other children's ends are nothing to see */
    handle(SIGUSR1);

    /* A shell's kill. */
    char script[64];
    snprintf(script, sizeof script, "kill -USR1 %d", (int)getpid());
    char *argv[] = { "sh", "-c", script, NULL };
    pid_t shell;
    if (posix_spawn(&shell, "/bin/sh", NULL, NULL, argv, environ) != 0) return 1;
    waitpid(shell, NULL, 0);
    printf("kill from a shell: %s\n", await(1) ? "handled" : "not handled");
    print_seen(shell, 0);

    /* sigqueue from a fork child, while blocked: the real-time ones queued, the standard one merged. */
    handle(SIGRTMIN + 1);
    handle(SIGUSR2);
    mask(SIG_BLOCK, SIGRTMIN + 1);
    mask(SIG_BLOCK, SIGUSR2);
    child = child_sending(three_queued);
    waitpid(child, NULL, 0);
    nanosleep(&(struct timespec){ 0, 200000000 }, NULL);   /* all of them pending by now */
    mask(SIG_UNBLOCK, SIGUSR2);
    mask(SIG_UNBLOCK, SIGRTMIN + 1);
    printf("sigqueue from a child: %s\n", await(4) ? "handled" : "not all handled");
    print_seen(child, 1);

    /* sigwaitinfo of one another process queued. */
    mask(SIG_BLOCK, SIGRTMIN + 2);
    child = child_sending(one_to_wait_for);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    int sig = sigtimedwait(&set, &info, &(struct timespec){ 5, 0 });
    waitpid(child, NULL, 0);
    printf("sigtimedwait: %s, %s from %s, value %d\n", sig == SIGRTMIN + 2 ? "SIGRTMIN+2" : "nothing", code_name(info.si_code),
           who(info.si_pid, child), info.si_value.sival_int);

    /* The two numbers the host process keeps: another process's are the program's. */
    handle(SIGRTMIN);
    handle(SIGRTMIN + 6);
    child = child_sending(the_kept_ones);
    waitpid(child, NULL, 0);
    printf("SIGRTMIN and SIGRTMIN+6 from a child: %s\n", await(2) ? "handled" : "not all handled");
    print_seen(child, 1);
    snprintf(script, sizeof script, "kill -%d %d", SIGRTMIN, (int)getpid());
    if (posix_spawn(&shell, "/bin/sh", NULL, NULL, argv, environ) != 0) return 1;
    waitpid(shell, NULL, 0);
    printf("SIGRTMIN from a shell: %s\n", await(1) ? "handled" : "not handled");
    print_seen(shell, 0);
    ended_by_default(SIGRTMIN);
    ended_by_default(SIGRTMIN + 6);

    return 0;
}
