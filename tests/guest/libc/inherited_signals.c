/* inherited_signals.c - what a new program inherits of signals, compared with the same program built natively
 * (LibcTests): a signal its parent ignores stays ignored across posix_spawn and exec (nohup's SIGHUP, the SIGINT of a
 * shell's background job), and the calling thread's mask stays; handlers do not (they were the old image's), nor what
 * POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK change; a host program (sh) started so ignores and blocks the same,
 * and survives the signal it inherited ignored; a child that then installs a handler for a signal it started with
 * ignored gets it from another process.
 *
 *   inherited_signals               the parent: ignores SIGHUP and SIGINT, handles SIGUSR1, blocks SIGUSR2, and starts
 *   inherited_signals report NAME   a child that says what it started with */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *action(int sig)
{
    struct sigaction old;
    sigaction(sig, NULL, &old);
    return old.sa_handler == SIG_IGN ? "ignored" : old.sa_handler == SIG_DFL ? "default" : "a handler";
}

static volatile sig_atomic_t hups;
static void on_hup(int sig) { (void)sig; hups++; }

static int report(const char *name, int child)
{
    sigset_t blocked;
    sigprocmask(SIG_BLOCK, NULL, &blocked);
    printf("%s: SIGHUP %s, SIGINT %s, SIGUSR1 %s, SIGTERM %s; blocked: SIGUSR2 %s, SIGTERM %s\n", name, action(SIGHUP),
           action(SIGINT), action(SIGUSR1), action(SIGTERM), sigismember(&blocked, SIGUSR2) ? "yes" : "no",
           sigismember(&blocked, SIGTERM) ? "yes" : "no");
    /* An ignored SIGHUP from itself changes nothing. */
    if (strcmp(action(SIGHUP), "ignored") == 0) kill(getpid(), SIGHUP);
    fflush(stdout);
    if (!child) return 0;
    /* A handler it installs then gets another process's SIGHUP (as a daemon started by nohup that reloads on it). */
    signal(SIGHUP, on_hup);
    pid_t sender = fork();
    if (sender == 0) {
        kill(getppid(), SIGHUP);
        _exit(0);
    }
    waitpid(sender, NULL, 0);
    for (int i = 0; i < 500 && !hups; i++) usleep(10000);
    printf("%s: a SIGHUP handler it installs then runs for another process's SIGHUP: %s\n", name, hups ? "yes" : "no");
    fflush(stdout);
    return 0;
}

static void wait_for(pid_t pid, const char *what)
{
    int status;
    if (waitpid(pid, &status, 0) != pid) printf("%s: not waited for\n", what);
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) printf("%s: status 0x%x\n", what, status);
}

static void on_usr1(int sig) { (void)sig; }

/* What a host program started with `spawned` (posix_spawn, else fork and exec) was given: grep's own view of its
 * process (/proc/self/status), read through a pipe; signals 1..31 (the C libraries keep some above for themselves)
 * but SIGPIPE, which a Microcosm program never starts with ignored (docs/processes.md: the .NET runtime ignores it
 * itself), while a native one started by a .NET program (this test's) does. */
static void host_view(int spawned)
{
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) return;
    char *argv[] = { "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status", NULL };
    pid_t pid = -1;
    fflush(stdout);
    if (spawned) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], 1);
        posix_spawnp(&pid, "grep", &actions, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
    } else if ((pid = fork()) == 0) {
        dup2(pipe_ends[1], 1);
        execvp("grep", argv);
        _exit(127);
    }
    close(pipe_ends[1]);
    char text[256] = "";
    size_t used = 0;
    ssize_t n;
    while (used < sizeof text - 1 && (n = read(pipe_ends[0], text + used, sizeof text - 1 - used)) > 0) used += (size_t)n;
    text[used] = 0;
    close(pipe_ends[0]);
    wait_for(pid, "grep");
    char *blocked = strstr(text, "SigBlk:"), *ignored = strstr(text, "SigIgn:");
    if (!blocked || !ignored) {
        printf("grep said: %s\n", text);
        return;
    }
    printf("a host program %s: blocks 0x%llx, ignores 0x%llx\n", spawned ? "posix_spawn'd" : "fork and exec'd",
           strtoull(blocked + 7, NULL, 16) & 0x7fffffff, strtoull(ignored + 7, NULL, 16) & 0x7fffffff & ~(1ULL << (SIGPIPE - 1)));
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "report") == 0) return report(argv[2], 1);
    char *self = argv[0];
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGUSR1, on_usr1);
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    report("the parent", 0);

    pid_t pid;
    char *spawned[] = { self, "report", "posix_spawn", NULL };
    if (posix_spawn(&pid, self, NULL, NULL, spawned, environ) == 0) wait_for(pid, "posix_spawn");

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    char *reset[] = { self, "report", "posix_spawn with SIGINT set to its default and no mask", NULL };
    if (posix_spawn(&pid, self, NULL, &attr, reset, environ) == 0) wait_for(pid, "posix_spawn with attributes");
    posix_spawnattr_destroy(&attr);

    fflush(stdout);
    if ((pid = fork()) == 0) {
        execl(self, self, "report", "fork and exec", (char *)NULL);
        _exit(127);
    }
    wait_for(pid, "fork and exec");

    /* Host programs: grep blocks and ignores what it was given; the shell survives the SIGHUP and SIGINT it inherited
     * ignored, through system() too. */
    host_view(1);
    host_view(0);
    fflush(stdout);
    if ((pid = fork()) == 0) {
        execl("/bin/sh", "sh", "-c", "kill -HUP $$; kill -INT $$; echo sh survived SIGHUP and SIGINT", (char *)NULL);
        _exit(127);
    }
    wait_for(pid, "sh");
    fflush(stdout);
    int status = system("kill -HUP $$; echo system\\'s shell survived SIGHUP");
    printf("system: exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
