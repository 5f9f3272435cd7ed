/* spawning: other processes started with posix_spawn, the same on every host - this program started again
 * as a child (a Microcosm program the host starts: on Windows microcosm.exe runs it), its arguments
 * (spaces, quotes, backslashes, empty, UTF-8) and argv[0], an environment, the descriptors it inherits
 * (above 2 too, close-on-exec honoured, a closed 0) and the file actions (open, dup2, close, chdir), the
 * wait statuses of an exit (8 bits), of abort, of a fault and of kill, WNOHANG, wait for any child and
 * ECHILD, ENOENT, a script (through /bin/sh, Microcosm's shell on Windows) and a host program.
 * Run as `spawning SCRATCH`. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *self;
static char scratch[PATH_MAX];

/* ---- what the child does (argv[1]) ---------------------------------------------------------------------- */

static int child(int argc, char **argv)
{
    const char *what = argv[1];
    if (strcmp(what, "print") == 0) {   /* its argv[0], its arguments in brackets, GREETING; exit 7 */
        printf("%s:", argv[0]);
        for (int i = 2; i < argc; i++) printf("[%s]", argv[i]);
        const char *greeting = getenv("GREETING");
        printf(" %s\n", greeting ? greeting : "(no GREETING)");
        return 7;
    }
    if (strcmp(what, "exit300") == 0) exit(300);
    if (strcmp(what, "sleep") == 0) {
        sleep(60);
        return 0;
    }
    if (strcmp(what, "abort") == 0) abort();
    if (strcmp(what, "fault") == 0) {
        volatile int *volatile nowhere = NULL;
        *nowhere = 1;
        return 0;
    }
    if (strcmp(what, "cwd") == 0) {
        char here[PATH_MAX];
        printf("%s\n", getcwd(here, sizeof here) ? here : "(getcwd failed)");
        return 0;
    }
    if (strcmp(what, "fds") == 0) {   /* which of 0, 10, 11, 12 are open; 10's line; a line into 12 */
        int numbers[] = { 0, 10, 11, 12 };
        for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
            printf("%d %s%s", numbers[i], fcntl(numbers[i], F_GETFD) >= 0 ? "open" : "closed", i + 1 < 4 ? ", " : "\n");
        char line[64] = { 0 };
        ssize_t n = read(10, line, sizeof line - 1);
        printf("10 reads: %s", n > 0 ? line : "(nothing)\n");
        const char out[] = "written to 12\n";
        return write(12, out, sizeof out - 1) == (ssize_t)(sizeof out - 1) ? 0 : 1;
    }
    fprintf(stderr, "spawning: unknown child %s\n", what);
    return 2;
}

/* ---- the parent ------------------------------------------------------------------------------------------ */

/* Starts this program as `self WHAT ARGS...` with argv[0] `name`, its stdout into a pipe, the actions'
 * stderr into /dev/null when `quiet`; returns its pid and what it printed. */
static pid_t start_child(const char *name, char *const *args, char *const *envp, int quiet, posix_spawn_file_actions_t *more,
                         char *out, size_t size)
{
    char *argv[16] = { (char *)name };
    int argc = 1;
    for (; args[argc - 1] && argc < 15; argc++) argv[argc] = args[argc - 1];
    argv[argc] = NULL;
    int fds[2];
    CHECK(pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t own, *actions = more ? more : &own;
    if (!more) posix_spawn_file_actions_init(&own);
    CHECK(posix_spawn_file_actions_adddup2(actions, fds[1], 1) == 0);
    if (quiet) CHECK(posix_spawn_file_actions_addopen(actions, 2, "/dev/null", O_WRONLY, 0) == 0);
    pid_t pid = -1;
    int error = posix_spawn(&pid, self, actions, NULL, argv, envp);
    CHECK(error == 0);
    if (error) fprintf(stderr, "posix_spawn of %s: %s\n", self, strerror(error));
    posix_spawn_file_actions_destroy(actions);
    close(fds[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < size && (n = read(fds[0], out + used, size - 1 - used)) > 0) used += (size_t)n;
    out[used] = 0;
    close(fds[0]);
    return pid;
}

static int status_of(pid_t pid)
{
    int status = -1;
    CHECK(waitpid(pid, &status, 0) == pid);
    return status;
}

static void arguments_and_environment(void)
{
    char out[512];
    char *args[] = { "print", "two words", "with \"quotes\"", "back\\slash\\", "", "gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac", NULL };
    char *envp[] = { "GREETING=h\xc3\xa9llo w\xc3\xb6rld", "OTHER=1", NULL };
    pid_t pid = start_child("custom-name", args, envp, 0, NULL, out, sizeof out);
    CHECK_STR(out, "custom-name:[two words][with \"quotes\"][back\\slash\\][][gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac] h\xc3\xa9llo w\xc3\xb6rld\n");
    int status = status_of(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static void statuses(void)
{
    char out[256];
    int status = status_of(start_child(self, (char *[]){ "exit300", NULL }, environ, 0, NULL, out, sizeof out));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 300 % 256);

    status = status_of(start_child(self, (char *[]){ "abort", NULL }, environ, 1, NULL, out, sizeof out));
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    status = status_of(start_child(self, (char *[]){ "fault", NULL }, environ, 1, NULL, out, sizeof out));
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);

    /* A child still running: WNOHANG, kill 0, then SIGKILL. */
    char *argv[] = { (char *)self, "sleep", NULL };
    pid_t pid;
    CHECK(posix_spawn(&pid, self, NULL, NULL, argv, environ) == 0);
    CHECK(waitpid(pid, &status, WNOHANG) == 0);
    CHECK(kill(pid, 0) == 0);
    CHECK(kill(pid, SIGKILL) == 0);
    status = status_of(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    /* wait for any child, then none is left. */
    char *print[] = { (char *)self, "exit300", NULL };
    CHECK(posix_spawn(&pid, self, NULL, NULL, print, environ) == 0);
    CHECK(wait(&status) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 44);
    errno = 0;
    CHECK(wait(&status) == -1 && errno == ECHILD);
    CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
}

static void descriptors_and_actions(void)
{
    char path[PATH_MAX + 32], out[512];
    snprintf(path, sizeof path, "%s/inherited.txt", scratch);
    CHECK(write_text(path, "inherited line\n") == 0);
    int inherited = open(path, O_RDONLY), hidden = open(path, O_RDONLY | O_CLOEXEC);
    CHECK(inherited >= 0 && hidden >= 0);
    CHECK(dup2(inherited, 10) == 10);
    CHECK(dup3(hidden, 11, O_CLOEXEC) == 11);
    close(inherited);
    close(hidden);

    char written[PATH_MAX + 32];
    snprintf(written, sizeof written, "%s/written.txt", scratch);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    CHECK(posix_spawn_file_actions_addclose(&actions, 0) == 0);
    CHECK(posix_spawn_file_actions_addopen(&actions, 12, written, O_WRONLY | O_CREAT | O_TRUNC, 0644) == 0);
    pid_t pid = start_child(self, (char *[]){ "fds", NULL }, environ, 0, &actions, out, sizeof out);
    CHECK_STR(out, "0 closed, 10 open, 11 closed, 12 open\n10 reads: inherited line\n");
    int status = status_of(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(10);
    close(11);
    char buffer[64] = { 0 };
    int fd = open(written, O_RDONLY);
    CHECK(fd >= 0 && read(fd, buffer, sizeof buffer - 1) > 0);
    close(fd);
    CHECK_STR(buffer, "written to 12\n");
    unlink(written);
    unlink(path);

    /* chdir: the child starts in the directory the actions name. */
    posix_spawn_file_actions_init(&actions);
    CHECK(posix_spawn_file_actions_addchdir_np(&actions, scratch) == 0);
    pid = start_child(self, (char *[]){ "cwd", NULL }, environ, 0, &actions, out, sizeof out);
    char want[PATH_MAX + 2];
    snprintf(want, sizeof want, "%s\n", scratch);
    CHECK_STR(out, want);
    status = status_of(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void errors_scripts_and_host_programs(void)
{
    pid_t pid;
    int status;
    char *missing[] = { "no-such-program", NULL };
    CHECK(posix_spawn(&pid, "/no/such/program", NULL, NULL, missing, environ) == ENOENT);

    /* A script runs with its interpreter: on Windows /bin/sh is Microcosm's shell (docs/hosts.md, "The shell"). */
    char script[PATH_MAX + 32];
    snprintf(script, sizeof script, "%s/script.sh", scratch);
    CHECK(write_text(script, "#!/bin/sh\nexit 4\n") == 0);
    CHECK(chmod(script, 0755) == 0);
    char *argv[] = { script, NULL };
    int error = posix_spawn(&pid, script, NULL, NULL, argv, environ);
    CHECK(error == 0);
    status = error ? 0 : status_of(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);
    unlink(script);

    /* A host program: the host's command interpreter, asked to exit with 3. */
    char *windows[] = { "cmd.exe", "/c", "exit 3", NULL }, *posix[] = { "sh", "-c", "exit 3", NULL };
    const char *host = on_windows() ? "C:/windows/system32/cmd.exe" : "/bin/sh";
    CHECK((error = posix_spawn(&pid, host, NULL, NULL, on_windows() ? windows : posix, environ)) == 0);
    status = error ? 0 : status_of(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] != '/') return child(argc, argv);
    if (argc != 2 || !realpath(argv[1], scratch)) {
        fprintf(stderr, "usage: spawning SCRATCH\n");
        return 2;
    }
    static char program[PATH_MAX];
    self = realpath(argv[0], program) ? program : argv[0];   /* the chdir action makes a relative path wrong */
    arguments_and_environment();
    statuses();
    descriptors_and_actions();
    errors_scripts_and_host_programs();
    return CHECK_DONE();
}
