/* exec: execve and execl, printed line by line so that the same program built for the host (exec-native)
 * must print the same: a failed exec changes nothing, the new image (this program again) gets its arguments,
 * argv[0] and environment, the descriptors without close-on-exec (one above 2 among them) and not the
 * others, the same process id (on Linux: Windows has no exec, so there the new image is a new process), and
 * then executes a host program whose exit status is the program's. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

static void second_image(char **argv)
{
    printf("second image: argv[0] %s, same process %s\n", argv[0],
           atoi(argv[2]) == getpid() ? "yes" : on_windows() ? "no (a new one on Windows)" : "no");
    printf("fd 5 %s, fd 6 %s\n", fcntl(5, F_GETFD) >= 0 ? "open" : "closed", fcntl(6, F_GETFD) >= 0 ? "open" : "closed");
    char line[64] = { 0 };
    ssize_t n = read(5, line, sizeof line - 1);
    printf("fd 5 reads: %s", n > 0 ? line : "(nothing)\n");
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s, HOME %s\n", greeting ? greeting : "(none)", getenv("HOME") ? "set" : "unset");
    unlink(argv[3]);
    if (on_windows())
        execl("C:/windows/system32/cmd.exe", "cmd.exe", "/c", "echo third image: a host program& exit 7", (char *)NULL);
    else
        execl("/bin/sh", "sh", "-c", "echo third image: a host program; exit 7", (char *)NULL);
    printf("exec of the host program failed: %s\n", strerror(errno));
    exit(99);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4 && strcmp(argv[1], "second") == 0) second_image(argv);
    printf("first image\n");
    errno = 0;
    int r = execl("/no/such/program", "program", (char *)NULL);
    printf("failed exec: %d %s, still here\n", r, errno == ENOENT ? "ENOENT" : strerror(errno));

    char path[] = "/tmp/mc-exec-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, "inherited\n", 10) == 10 && lseek(fd, 0, SEEK_SET) == 0);
    CHECK(dup2(fd, 5) == 5);
    CHECK(dup3(fd, 6, O_CLOEXEC) == 6);
    close(fd);
    char self[PATH_MAX], pid[16];
    CHECK(realpath(argv[0], self) != NULL);
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    char *args[] = { "second-name", "second", pid, path, NULL };
    char *envp[] = { "GREETING=hello", NULL };
    execve(self, args, envp);
    printf("execve failed: %s\n", strerror(errno));
    return 98;
}
