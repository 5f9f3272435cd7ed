/* group_signals: a signal to a process group reaches every process of it, the sender included; built natively too
 * (group_signals-native) and both must print the same. kill(0) and killpg(getpgrp()) reach a fork child in the
 * program's group and the program itself (before kill returns); a child that made its own group (setpgid) is not
 * reached by them, but by a kill of its group; a child at SIGTERM's default is ended by the group's SIGTERM while the
 * program, ignoring it, goes on. A fork child starts in the program's group and session and setsid gives it its own.
 * Children report what they saw through their exit status. It runs in a group of its own, never its caller's. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2;

static void on(int sig)
{
    if (sig == SIGUSR1) got_usr1++;
    else got_usr2++;
}

static void handle(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on;
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, NULL);
}

/* A fork child that, after `prepare` (if any), says it is ready and waits up to 3 s for SIGUSR1 or SIGUSR2; its exit
 * status says which it saw (1 + 2), 0 for none. */
static pid_t child_waiting(int own_group, int ready_fd)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        got_usr1 = got_usr2 = 0;
        if (own_group && setpgid(0, 0) != 0) _exit(99);
        if (write(ready_fd, "r", 1) != 1) _exit(98);
        for (int i = 0; i < 300 && !(got_usr1 && got_usr2); i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
        _exit((got_usr1 ? 1 : 0) + (got_usr2 ? 2 : 0));
    }
    char byte;
    if (read(ready_fd - 1, &byte, 1) != 1) exit(97);   /* the pipe's read end is just below its write end */
    return child;
}

static const char *saw(int status)
{
    if (!WIFEXITED(status)) return WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? "ended by SIGTERM" : "ended otherwise";
    switch (WEXITSTATUS(status)) {
    case 0: return "saw neither";
    case 1: return "saw SIGUSR1";
    case 2: return "saw SIGUSR2";
    case 3: return "saw both";
    default: return "failed";
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A group of its own first: the group it was started in is its caller's too (a shell's, a test runner's). */
    if (getpgrp() != getpid() && setpgid(0, 0) != 0) {
        printf("cannot make a group of its own\n");
        return 1;
    }
    int ready[2];
    if (pipe(ready) != 0 || ready[1] != ready[0] + 1) return 1;
    handle(SIGUSR1);
    handle(SIGUSR2);

    /* kill(0) and killpg: the child in the program's group and the program itself. */
    pid_t child = child_waiting(0, ready[1]);
    int r = kill(0, SIGUSR1);
    printf("kill(0, SIGUSR1): %d, the program %s before it returned\n", r, got_usr1 ? "handled it" : "had not handled it");
    r = killpg(getpgrp(), SIGUSR2);
    printf("killpg(getpgrp(), SIGUSR2): %d, the program %s before it returned\n", r, got_usr2 ? "handled it" : "had not handled it");
    int status;
    waitpid(child, &status, 0);
    printf("a child in the group: %s\n", saw(status));

    /* A child in a group of its own: not the program's group's, but its own group's. */
    got_usr1 = got_usr2 = 0;
    child = child_waiting(1, ready[1]);
    /* A shell makes the same call, whichever of the two comes first; on a Linux host it fails there with EACCES, the
     * child's process having been started by exec (docs/processes.md), so its answer is not compared. */
    (void)setpgid(child, child);
    int its_group = getpgid(child) == child;
    kill(0, SIGUSR1);
    kill(-child, SIGUSR2);
    waitpid(child, &status, 0);
    printf("a child in its own group (%s): %s; the program %s\n", its_group ? "seen so" : "not seen so",
           saw(status), got_usr1 && !got_usr2 ? "saw SIGUSR1 only" : "saw something else");

    /* The group's SIGTERM: the child at its default ends by it, the program ignores it. */
    signal(SIGTERM, SIG_IGN);
    fflush(stdout);
    child = fork();
    if (child == 0) {
        signal(SIGTERM, SIG_DFL);
        if (write(ready[1], "r", 1) != 1) _exit(98);
        for (int i = 0; i < 300; i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
        _exit(0);
    }
    char byte;
    if (read(ready[0], &byte, 1) != 1) return 1;
    r = kill(0, SIGTERM);
    waitpid(child, &status, 0);
    printf("kill(0, SIGTERM): %d; a child at its default: %s; the program goes on\n", r, saw(status));

    /* A fork child starts in the program's group and session, and setsid makes it a session and group of its own, which
     * the program sees. */
    int done[2];
    if (pipe(done) != 0) return 1;
    pid_t group = getpgrp(), session = getsid(0);
    fflush(stdout);
    child = fork();
    if (child == 0) {
        int inherited = getpgrp() == group && getpgid(0) == group && getsid(0) == session;
        pid_t made = setsid();
        int own = made == getpid() && getpgrp() == getpid() && getsid(0) == getpid();
        if (write(ready[1], "r", 1) != 1 || read(done[0], &byte, 1) != 1) _exit(98);
        _exit(inherited + 2 * own);
    }
    if (read(ready[0], &byte, 1) != 1) return 1;
    int seen = getpgid(child) == child && getsid(child) == child;
    if (write(done[1], "d", 1) != 1) return 1;
    waitpid(child, &status, 0);
    printf("a fork child: %s the program's group and session; after setsid %s; the program %s\n",
           WEXITSTATUS(status) & 1 ? "in" : "not in", WEXITSTATUS(status) & 2 ? "its own" : "not its own",
           seen ? "sees it so" : "does not see it so");
    printf("setsid of a group's leader: %s\n", setsid() == -1 && errno == EPERM ? "EPERM" : "something else");

    /* A group with no process in it. */
    r = kill(-999999, SIGUSR1);
    printf("an empty group: %s\n", r == -1 && errno == ESRCH ? "ESRCH" : "something else");
    return 0;
}
