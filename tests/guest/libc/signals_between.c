/* signals_between.c - signals one program sends another, compared with the same program built natively (LibcTests, on
 * both hosts: Windows carries no signal between processes, so the core keeps a mailbox for them, docs/hosts.md). A
 * child with handlers takes kill's SIGUSR1 (SI_USER, from its parent), sigqueue's (SI_QUEUE and its value), ignores a
 * SIGUSR2 it set to SIG_IGN, and handles SIGTERM; a child with no handlers lives through SIGCHLD and SIGURG (whose
 * default is to do nothing) and is ended by SIGUSR1, and another by SIGTERM, as their defaults say. Only the parent
 * prints: the children report through a pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t parent;
static volatile sig_atomic_t usr1_count, usr1_code, usr1_from_parent, usr1_value, term_taken;

static void on_usr1(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    usr1_code = info->si_code;
    usr1_from_parent = info->si_pid == parent;
    usr1_value = info->si_code == SI_QUEUE ? info->si_value.sival_int : -1;
    usr1_count++;
}

static void on_term(int sig)
{
    (void)sig;
    term_taken = 1;
}

static void pause_a_little(void)
{
    struct timespec pause = { 0, 10000000 };
    nanosleep(&pause, NULL);
}

static void handling_child(int ready, int report)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGTERM, on_term);
    signal(SIGUSR2, SIG_IGN);
    if (write(ready, "r", 1) != 1) _exit(2);
    int reported = 0;
    char line[160];
    for (int i = 0; i < 3000 && !term_taken; i++) {   /* 30 s at most */
        if (usr1_count > reported) {
            reported = usr1_count;
            int n = snprintf(line, sizeof line, "SIGUSR1 taken: %s, from the parent: %s, value %d\n",
                             usr1_code == SI_USER ? "SI_USER" : usr1_code == SI_QUEUE ? "SI_QUEUE" : "another code",
                             usr1_from_parent ? "yes" : "no", (int)usr1_value);
            if (write(report, line, (size_t)n) != n) _exit(2);
        }
        pause_a_little();
    }
    const char *end = term_taken ? "SIGTERM taken by its handler\n" : "no SIGTERM came\n";
    if (write(report, end, strlen(end)) < 0) _exit(2);
    _exit(7);
}

static void plain_child(int ready)
{
    if (write(ready, "r", 1) != 1) _exit(2);
    for (int i = 0; i < 3000; i++) pause_a_little();   /* until a signal ends it (30 s at most) */
    _exit(0);
}

/* The next line a child reported (a child that waits in vain gives up after 30 s and says so). */
static void print_report(int report)
{
    char line[160];
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t got = read(report, line + n, 1);
        if (got <= 0) break;
        if (line[n++] == '\n') break;
    }
    line[n] = 0;
    printf("child: %s", n ? line : "(nothing)\n");
}

static void print_end(const char *what, pid_t pid)
{
    int status = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: ended by signal %d (%s)\n", what, WTERMSIG(status), strsignal(WTERMSIG(status)));
    else printf("%s: status %#x\n", what, status);
}

static pid_t start(void (*body)(int, int), int report)
{
    int ready[2];
    if (pipe(ready) != 0) exit(1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        body(ready[1], report);
    }
    close(ready[1]);
    char c;
    if (read(ready[0], &c, 1) != 1) printf("a child never got ready\n");
    close(ready[0]);
    return pid;
}

static void plain(int ready, int report)
{
    (void)report;
    plain_child(ready);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    parent = getpid();
    int report[2];
    if (pipe(report) != 0) return 1;

    pid_t child = start(handling_child, report[1]);
    kill(child, SIGUSR1);
    print_report(report[0]);
    sigqueue(child, SIGUSR1, (union sigval){ .sival_int = 42 });
    print_report(report[0]);
    kill(child, SIGUSR2);   /* ignored: nothing to report */
    kill(child, SIGTERM);
    print_report(report[0]);
    print_end("the child with handlers", child);

    child = start(plain, -1);
    kill(child, SIGCHLD);
    kill(child, SIGURG);
    for (int i = 0; i < 20; i++) pause_a_little();
    int status;
    printf("a child with no handlers lives through SIGCHLD and SIGURG: %s\n", waitpid(child, &status, WNOHANG) == 0 ? "yes" : "no");
    kill(child, SIGUSR1);
    print_end("then SIGUSR1", child);

    child = start(plain, -1);
    kill(child, SIGTERM);
    print_end("a child with no handlers, SIGTERM", child);
    return 0;
}
