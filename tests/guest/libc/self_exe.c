/* self_exe: a program's own file through /proc/self/exe and /proc/PID/exe, printed so that the same program built for
 * the host (self_exe-native) must print the same: readlink gives the program's absolute path (not Microcosm's), stat
 * and open reach the program's file, and exec of it - by a fork child, by posix_spawn and by the program itself -
 * runs the program again, with its arguments. `self_exe again N` is the program run again. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *yes(int ok) { return ok ? "yes" : "no"; }

static void names_the_program(const char *link, const char *real)
{
    char got[PATH_MAX];
    ssize_t n = readlink(link, got, sizeof got - 1);
    if (n >= 0) got[n] = 0;
    printf("readlink(%s) is the program: %s\n", strncmp(link, "/proc/self", 10) == 0 ? link : "/proc/PID/exe",
           yes(n > 0 && strcmp(got, real) == 0));
}

static int ended(pid_t pid)
{
    int status = -1;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "again") == 0) {
        printf("run again (%s), argv[0] kept: %s\n", argv[2], yes(strstr(argv[0], "self_exe") != NULL));
        return atoi(argv[2]);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    char real[PATH_MAX];
    if (realpath(argv[0], real) == NULL) return 1;
    names_the_program("/proc/self/exe", real);
    char by_pid[64];
    snprintf(by_pid, sizeof by_pid, "/proc/%d/exe", (int)getpid());
    names_the_program(by_pid, real);

    struct stat a, b;
    printf("stat: the program's file: %s\n", yes(stat("/proc/self/exe", &a) == 0 && stat(real, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev));
    int fd = open("/proc/self/exe", O_RDONLY);
    char magic[4] = { 0 };
    printf("open: an ELF file: %s\n", yes(fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0));
    close(fd);

    pid_t child = fork();
    if (child == 0) {
        execl("/proc/self/exe", argv[0], "again", "3", (char *)NULL);
        _exit(127);
    }
    printf("a fork child's exec: exit %d\n", ended(child));
    char *spawned[] = { argv[0], "again", "4", NULL };
    pid_t pid;
    int r = posix_spawn(&pid, by_pid, NULL, NULL, spawned, environ);
    printf("posix_spawn: exit %d\n", r == 0 ? ended(pid) : -r);
    execl("/proc/self/exe", argv[0], "again", "0", (char *)NULL);
    printf("exec failed\n");
    return 1;
}
