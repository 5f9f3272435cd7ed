/* processes: processes from a guest - system, popen/pclose both ways, posix_spawn(p) with file actions (open,
 * dup2, close, chdir), environments, kill and the wait family with signal numbers translated both ways (SIGUSR1
 * and SIGUSR2 differ between newlib and Linux), WNOHANG, the errors (ENOENT, EACCES, ECHILD), and a Microcosm
 * program (this one) started as a child. The same on both hosts: the commands are the shell's own, and /bin/sh is
 * the host's on Linux and Microcosm's shell on Windows (docs/hosts.md, "The shell"). */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char scratch[] = "/tmp/mc-processes-XXXXXX";

static char *slurp(const char *path, char *buffer, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f) return strcpy(buffer, "(missing)");
    size_t n = fread(buffer, 1, size - 1, f);
    buffer[n] = 0;
    fclose(f);
    return buffer;
}

/* Runs program with argv and envp, its standard output through a pipe into buffer; returns its exit status. */
static int output_of(const char *program, char *const argv[], char *const envp[], char *buffer, size_t size)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid;
    CHECK(posix_spawn(&pid, program, &actions, NULL, argv, envp) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    size_t used = 0;
    for (ssize_t n; used + 1 < size && (n = read(fds[0], buffer + used, size - 1 - used)) > 0;) used += (size_t)n;
    buffer[used] = 0;
    close(fds[0]);
    int status = -1;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void shell(void)
{
    CHECK(system(NULL) == 1);
    int s = system("exit 3");
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 3);
    s = system("kill -USR1 $$");
    CHECK(WIFSIGNALED(s) && WTERMSIG(s) == SIGUSR1);
    char command[128], buffer[256], path[96];
    snprintf(path, sizeof path, "%s/out.txt", scratch);
    snprintf(command, sizeof command, "echo shell > %s", path);
    CHECK(system(command) == 0);
    CHECK_STR(slurp(path, buffer, sizeof buffer), "shell\n");

    FILE *p = popen("echo one; echo two; exit 5", "r");
    CHECK(p != NULL);
    if (p) {
        char line[64];
        CHECK(fgets(line, sizeof line, p) && strcmp(line, "one\n") == 0);
        CHECK(fgets(line, sizeof line, p) && strcmp(line, "two\n") == 0);
        CHECK(fgets(line, sizeof line, p) == NULL);
        s = pclose(p);
        CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 5);
    }
    snprintf(command, sizeof command, "read line; echo \"read: $line\" > %s", path);
    p = popen(command, "w");
    CHECK(p != NULL);
    if (p) {
        fputs("written through a pipe\n", p);
        CHECK(pclose(p) == 0);
    }
    CHECK_STR(slurp(path, buffer, sizeof buffer), "read: written through a pipe\n");
    CHECK(pclose(stdout) == -1 && errno == ECHILD);   /* not a stream popen made */
    errno = 0;
    CHECK(popen("true", "x") == NULL && errno == EINVAL);
}

static void spawning(const char *self)
{
    char path[96], buffer[256];
    snprintf(path, sizeof path, "%s/spawned.txt", scratch);
    posix_spawn_file_actions_t actions;
    CHECK(posix_spawn_file_actions_init(&actions) == 0);
    CHECK(posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0644) == 0);
    CHECK(posix_spawn_file_actions_adddup2(&actions, 1, 2) == 0);
    CHECK(posix_spawn_file_actions_addchdir_np(&actions, "/") == 0);
    CHECK(posix_spawn_file_actions_addopen(&actions, -1, path, O_RDONLY, 0) == EBADF);
    char *argv[] = { "sh", "-c", "pwd; echo \"$GREETING\" >&2", NULL };
    char *envp[] = { "GREETING=hello from the environment", "PATH=/bin:/usr/bin", NULL };
    pid_t pid = 0;
    CHECK(posix_spawnp(&pid, "sh", &actions, NULL, argv, envp) == 0);
    CHECK(posix_spawn_file_actions_destroy(&actions) == 0);
    int status = -1;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_STR(slurp(path, buffer, sizeof buffer), "/\nhello from the environment\n");

    /* A process group of its own, signals both ways, WNOHANG on a running child. */
    posix_spawnattr_t attr;
    CHECK(posix_spawnattr_init(&attr) == 0);
    CHECK(posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP) == 0);
    CHECK(posix_spawnattr_setpgroup(&attr, 0) == 0);
    char *sleeper[] = { "sleeper", "sleep", NULL };   /* this program, sleeping */
    CHECK(posix_spawn(&pid, self, NULL, &attr, sleeper, environ) == 0);
    posix_spawnattr_destroy(&attr);
    CHECK(waitpid(pid, &status, WNOHANG) == 0);
    CHECK(getpgid(pid) == pid || errno == ESRCH);      /* where the host lets it see other groups */
    CHECK(kill(pid, 0) == 0);
    CHECK(kill(pid, SIGUSR2) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR2);

    /* wait() and wait3 for any child. */
    char *quick[] = { "sh", "-c", "exit 0", NULL };
    CHECK(posix_spawnp(&pid, "sh", NULL, NULL, quick, envp) == 0);
    CHECK(wait(&status) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    errno = 0;
    CHECK(wait(&status) == -1 && errno == ECHILD);
    CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);

    /* Errors come back as posix_spawn's result. */
    char *missing[] = { "no-such-command-anywhere", NULL };
    CHECK(posix_spawnp(&pid, "no-such-command-anywhere", NULL, NULL, missing, environ) == ENOENT);
    CHECK(posix_spawn(&pid, "/no/such/file", NULL, NULL, missing, environ) == ENOENT);
    snprintf(path, sizeof path, "%s/not-executable", scratch);
    CHECK(write_text(path, "#!/bin/sh\n") == 0);
    if (on_windows()) {   /* every file is executable there (docs/hosts.md, "Ownership and mode"): it runs */
        CHECK(posix_spawn(&pid, path, NULL, NULL, missing, environ) == 0);
        CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    } else {
        CHECK(posix_spawn(&pid, path, NULL, NULL, missing, environ) == EACCES);
    }

    /* A script: its interpreter line's program runs it, with the line's argument, the script's path and the
     * arguments after argv[0]. */
    snprintf(path, sizeof path, "%s/script", scratch);
    CHECK(write_text(path, "#!/bin/sh -e\necho \"$# $1 $2\" > \"$0.out\"\nfalse\necho not reached\n") == 0);
    CHECK(chmod(path, 0755) == 0);
    char *script[] = { "ignored", "one", "two words", NULL };
    CHECK(posix_spawn(&pid, path, NULL, NULL, script, environ) == 0);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 1);
    char out[112];
    snprintf(out, sizeof out, "%s.out", path);
    CHECK_STR(slurp(out, buffer, sizeof buffer), "2 one two words\n");
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
        sleep(30);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "path") == 0) {
        printf("%s\n", getenv("PATH"));
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("child %s\n", argc > 2 ? argv[2] : "");
        return 7;
    }
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return 1;
    }
    shell();
    spawning(argv[0]);

    /* This program again, as a child: a Microcosm program that the host starts (its interpreter
     * runs microcosm), its output through a pipe. */
    char buffer[128];
    char *child[] = { argv[0], "child", "of a guest", NULL };
    CHECK(output_of(argv[0], child, environ, buffer, sizeof buffer) == 7);
    CHECK_STR(buffer, "child of a guest\n");

    /* The search path a child gets is the one it was given. On Windows it crosses as Windows' (C:\x;D:\y) and
     * comes back as the program's, with /bin, where the shell is, last (docs/hosts.md, "Paths"). */
    char *search[] = { "PATH=/mnt/d/tools:/work:relative", NULL };
    char *path_child[] = { argv[0], "path", NULL };
    CHECK(output_of(argv[0], path_child, search, buffer, sizeof buffer) == 0);
    CHECK_STR(buffer, on_windows() ? "/mnt/d/tools:/work:relative:/bin\n" : "/mnt/d/tools:/work:relative\n");

    const char *made[] = { "out.txt", "spawned.txt", "not-executable", "script", "script.out" };
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
        char path[96];
        snprintf(path, sizeof path, "%s/%s", scratch, made[i]);
        CHECK(unlink(path) == 0);
    }
    CHECK(rmdir(scratch) == 0);
    return CHECK_DONE();
}
