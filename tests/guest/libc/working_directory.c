/* working_directory: the program's working directory - getcwd, chdir, fchdir and their errors; relative paths of
 * every kind resolved from it (open, stat, mkdir, rename, unlink, truncate, the *at calls with AT_FDCWD); a child
 * started by popen or posix_spawn, and a fork child, starting in it; dlopen of a relative path; and, on Linux
 * hosts, getcwd following a rename of the directory and failing once it is removed. Under Microcosm the working
 * directory is the instance's own, not the host process's (docs/embedding.md): the output is the same as
 * natively all the same. Paths are printed relative to the scratch directory the program makes. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#ifdef __microcosm__
#define PLUGINS "plugins"
#else
#define PLUGINS "native-plugins"
#endif

extern char **environ;
static char base[256];

/* The working directory as the program sees it, relative to the scratch directory ("$BASE/..."). */
static const char *where(void)
{
    static char shown[4096 + 8];
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        snprintf(shown, sizeof shown, "(getcwd: %s)", strerror(errno));
        return shown;
    }
    size_t n = strlen(base);
    if (strncmp(cwd, base, n) == 0) snprintf(shown, sizeof shown, "$BASE%s", cwd + n);
    else snprintf(shown, sizeof shown, "%s", cwd);
    return shown;
}

/* What a shell started by popen says its directory is, and the first line of a file it reads from there. */
static void shell_sees(const char *label)
{
    char line[4096] = "";
    FILE *p = popen("pwd; read line < note.txt && echo \"$line\"", "r");
    CHECK(p != NULL);
    if (p == NULL) return;
    char note[64] = "";
    if (fgets(line, sizeof line, p) == NULL) line[0] = 0;
    if (fgets(note, sizeof note, p) == NULL) note[0] = 0;
    CHECK(pclose(p) == 0);
    line[strcspn(line, "\n")] = 0;
    note[strcspn(note, "\n")] = 0;
    size_t n = strlen(base);
    printf("%s: the shell is in %s%s and reads \"%s\"\n", label, strncmp(line, base, n) == 0 ? "$BASE" : "",
           strncmp(line, base, n) == 0 ? line + n : line, note);
}

int main(int argc, char **argv)
{
    (void)argc;
    char program_dir[4096];
    CHECK(realpath(argv[0], program_dir) != NULL);
    char *slash = strrchr(program_dir, '/');
    if (slash) *slash = 0;

    snprintf(base, sizeof base, "/tmp/mc-cwd-XXXXXX");
    CHECK(mkdtemp(base) != NULL);
    CHECK(chdir(base) == 0);
    printf("after chdir to the scratch directory: %s\n", where());

    /* Relative paths resolve from the working directory. */
    CHECK(mkdir("a", 0755) == 0);
    CHECK(mkdir("a/b", 0755) == 0);
    CHECK(chdir("a") == 0);
    printf("after chdir(\"a\"): %s\n", where());
    CHECK(write_text("note.txt", "in a\n") == 0);
    struct stat st;
    CHECK(stat("note.txt", &st) == 0 && st.st_size == 5);
    CHECK(stat("../a/note.txt", &st) == 0 && st.st_size == 5);
    CHECK(access("note.txt", R_OK) == 0);
    CHECK(rename("note.txt", "b/moved.txt") == 0 && rename("b/moved.txt", "note.txt") == 0);
    CHECK(truncate("note.txt", 2) == 0 && stat("note.txt", &st) == 0 && st.st_size == 2);
    CHECK(write_text("note.txt", "in a\n") == 0);
    int fd = openat(AT_FDCWD, "b/at.txt", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    CHECK(fstatat(AT_FDCWD, "b/at.txt", &st, 0) == 0);
    CHECK(unlinkat(AT_FDCWD, "b/at.txt", 0) == 0);
    CHECK(stat(base, &st) == 0);   /* an absolute path is not affected */
    /* An AF_UNIX socket bound to a relative name, and connected to by it. */
    int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strcpy(addr.sun_path, "sock");
    CHECK(server >= 0 && client >= 0);
    CHECK(bind(server, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(server, 1) == 0);
    CHECK(access("../a/sock", F_OK) == 0);
    CHECK(connect(client, (struct sockaddr *)&addr, sizeof addr) == 0);
    close(client);
    close(server);
    CHECK(unlink("sock") == 0);

    /* Children start in it. */
    shell_sees("popen after chdir(\"a\")");
    pid_t pid;
    char *sh_argv[] = { "sh", "-c", "read line < note.txt && test \"$line\" = 'in a'", NULL };
    CHECK(posix_spawn(&pid, "/bin/sh", NULL, NULL, sh_argv, environ) == 0);
    int status = -1;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("posix_spawn's child read note.txt from there: %s\n", status == 0 ? "yes" : "no");
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("fork child: %s\n", where());
        fflush(stdout);
        _exit(chdir("b") == 0 ? 0 : 1);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("after the fork child's chdir: %s\n", where());   /* the child's is its own */

    /* fchdir, and back with "..". */
    int dir = open("b", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK(dir >= 0);
    CHECK(fchdir(dir) == 0);
    printf("after fchdir to b: %s\n", where());
    CHECK(close(dir) == 0);
    printf("with the descriptor closed: %s\n", where());
    CHECK(chdir("../..") == 0);
    printf("after chdir(\"../..\"): %s\n", where());

    /* The errors. */
    errno = 0;
    CHECK(chdir("missing") == -1 && errno == ENOENT);
    CHECK(write_text("file", "x") == 0);
    errno = 0;
    CHECK(chdir("file") == -1 && errno == ENOTDIR);
    errno = 0;
    CHECK(chdir("file/x") == -1 && errno == ENOTDIR);
    fd = open("file", O_RDONLY | O_CLOEXEC);
    errno = 0;
    CHECK(fd >= 0 && fchdir(fd) == -1 && errno == ENOTDIR);
    if (fd >= 0) close(fd);
    errno = 0;
    CHECK(fchdir(9999) == -1 && errno == EBADF);
    char small[4];
    errno = 0;
    CHECK(getcwd(small, sizeof small) == NULL && errno == ERANGE);
    printf("after the failed calls: %s\n", where());
    CHECK(unlink("file") == 0);

    /* dlopen of a relative path: from the working directory. */
    CHECK(chdir(program_dir) == 0);
    void *plugin = dlopen("./" PLUGINS "/libtlsdep.so", RTLD_NOW | RTLD_LOCAL);
    CHECK(plugin != NULL);
    if (plugin == NULL) fprintf(stderr, "dlopen: %s\n", dlerror());
    int (*get)(void) = plugin ? (int (*)(void))dlsym(plugin, "dep_get") : NULL;
    printf("dlopen(\"./.../libtlsdep.so\") from the program's directory: %d\n", get ? get() : -1);
    if (plugin) dlclose(plugin);
    CHECK(chdir(base) == 0);

    /* A Linux host's getcwd follows a rename of the directory, and fails once it is removed. Windows keeps a
     * directory that is a working directory from being renamed or removed. */
    if (!on_windows()) {
        CHECK(chdir("a") == 0);
        CHECK(rename("../a", "../renamed") == 0);
        printf("after the directory was renamed: %s\n", where());
        CHECK(unlink("note.txt") == 0 && rmdir("b") == 0 && rmdir("../renamed") == 0);
        char cwd[256];
        errno = 0;
        CHECK(getcwd(cwd, sizeof cwd) == NULL && errno == ENOENT);
        CHECK(chdir(base) == 0);
    } else {
        printf("after the directory was renamed: $BASE/renamed\n");
        CHECK(unlink("a/note.txt") == 0 && rmdir("a/b") == 0 && rmdir("a") == 0);
    }
    CHECK(chdir("/") == 0);
    CHECK(rmdir(base) == 0);
    return CHECK_DONE();
}
