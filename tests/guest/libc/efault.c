/* efault.c - every standard syscall that takes a pointer, given a bad one (an inaccessible page), as a
 * raw syscall: each line is "name: result", and the same program built for the host (efault-native,
 * where the calls go to Linux through syscall(2)) must print the same. Linux answers -EFAULT (or an
 * earlier error); no call may fault. argv[1]: a scratch directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
#ifdef __microcosm__
#include <microcosm.h>
#define RAW(n, a, b, c, d, e, f) mc_syscall6((n), (intptr_t)(a), (intptr_t)(b), (intptr_t)(c), (intptr_t)(d), (intptr_t)(e), (intptr_t)(f))
#else
#include <sys/syscall.h>
#define RAW(n, a, b, c, d, e, f) raw_linux((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
static long raw_linux(long n, long a, long b, long c, long d, long e, long f)
{
    long r = syscall(n, a, b, c, d, e, f);
    return r == -1 ? -errno : r;
}
#endif

static void show(const char *name, long result)
{
    printf("%s: %ld%s\n", name, result, result == -EFAULT ? " EFAULT" : "");
}

#define CALL(name, n, ...) show(name, RAW(n, __VA_ARGS__))

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char file[512], other[512];
    snprintf(file, sizeof file, "%s/file", argv[1]);
    snprintf(other, sizeof other, "%s/other", argv[1]);
    int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "data", 4);
    int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
    int p[2];
    pipe(p);
    write(p[1], "x", 1);

    /* fd */
    lseek(fd, 0, SEEK_SET);
    CALL("read into bad", 0, fd, bad, 4, 0, 0, 0);
    lseek(fd, 0, SEEK_SET);
    CALL("read into read-only", 0, fd, readonly, 4, 0, 0, 0);
    CALL("write from bad", 1, p[1], bad, 4, 0, 0, 0);
    CALL("pread into bad", 17, fd, bad, 4, 0, 0, 0);
    CALL("pwrite from bad", 18, fd, bad, 4, 0, 0, 0);
    CALL("fstat into bad", 5, fd, bad, 0, 0, 0, 0);
    CALL("fstat into read-only", 5, fd, readonly, 0, 0, 0, 0);
    CALL("readv bad vector", 19, fd, bad, 1, 0, 0, 0);
    struct { void *base; size_t len; } iov = { bad, 4 };
    lseek(fd, 0, SEEK_SET);
    CALL("readv into bad", 19, fd, &iov, 1, 0, 0, 0);
    CALL("writev bad vector", 20, p[1], bad, 1, 0, 0, 0);
    CALL("writev from bad", 20, p[1], &iov, 1, 0, 0, 0);
    CALL("pipe into bad", 22, bad, 0, 0, 0, 0, 0);
    CALL("pipe2 into read-only", 293, readonly, 0, 0, 0, 0, 0);
    CALL("poll bad array", 7, bad, 1, 0, 0, 0, 0);
    CALL("fcntl F_GETLK bad", 72, fd, F_GETLK, bad, 0, 0, 0);
    CALL("fcntl F_SETLK bad", 72, fd, F_SETLK, bad, 0, 0, 0);
    CALL("fstatfs into bad", 138, fd, bad, 0, 0, 0, 0);
    CALL("ioctl TCGETS of a pipe into bad", 16, p[0], 0x5401, bad, 0, 0, 0);
    CALL("ioctl FIONREAD into bad", 16, p[0], 0x541B, bad, 0, 0, 0);
    CALL("ioctl FIONBIO from bad", 16, p[0], 0x5421, bad, 0, 0, 0);

    /* paths */
    CALL("open bad path", 2, bad, O_RDONLY, 0, 0, 0, 0);
    CALL("openat bad path", 257, AT_FDCWD, bad, O_RDONLY, 0, 0, 0);
    CALL("stat bad path", 4, bad, readonly, 0, 0, 0, 0);
    CALL("stat into bad", 4, file, bad, 0, 0, 0, 0);
    CALL("lstat into bad", 6, file, bad, 0, 0, 0, 0);
    CALL("newfstatat into bad", 262, AT_FDCWD, file, bad, 0, 0, 0);
    CALL("newfstatat empty path into bad", 262, fd, "", bad, AT_EMPTY_PATH, 0, 0);
    CALL("newfstatat bad path with AT_EMPTY_PATH", 262, fd, bad, readonly, AT_EMPTY_PATH, 0, 0);
    CALL("access bad path", 21, bad, F_OK, 0, 0, 0, 0);
    CALL("faccessat bad path", 269, AT_FDCWD, bad, F_OK, 0, 0, 0);
    CALL("mkdir bad path", 83, bad, 0700, 0, 0, 0, 0);
    CALL("unlink bad path", 87, bad, 0, 0, 0, 0, 0);
    CALL("rmdir bad path", 84, bad, 0, 0, 0, 0, 0);
    CALL("rename bad old", 82, bad, other, 0, 0, 0, 0);
    CALL("rename bad new", 82, file, bad, 0, 0, 0, 0);
    CALL("link bad", 86, file, bad, 0, 0, 0, 0);
    CALL("symlink bad target", 88, bad, other, 0, 0, 0, 0);
    CALL("symlink bad path", 88, file, bad, 0, 0, 0, 0);
    CALL("readlink bad path", 89, bad, readonly, 10, 0, 0, 0);
    symlink("target", other);
    CALL("readlink into bad", 89, other, bad, 10, 0, 0, 0);
    unlink(other);
    CALL("chmod bad path", 90, bad, 0600, 0, 0, 0, 0);
    CALL("chown bad path", 92, bad, -1, -1, 0, 0, 0);
    CALL("truncate bad path", 76, bad, 0, 0, 0, 0, 0);
    CALL("chdir bad path", 80, bad, 0, 0, 0, 0, 0);
    CALL("mknod bad path", 133, bad, S_IFIFO | 0600, 0, 0, 0, 0);
    CALL("statfs bad path", 137, bad, readonly, 0, 0, 0, 0);
    CALL("statfs into bad", 137, argv[1], bad, 0, 0, 0, 0);
    CALL("utimensat bad times", 280, AT_FDCWD, file, bad, 0, 0, 0);
    CALL("utimensat bad path", 280, AT_FDCWD, bad, NULL, 0, 0, 0);
    CALL("getcwd into bad", 79, bad, 100, 0, 0, 0, 0);
    CALL("getdents64 into bad", 217, dir, bad, 4096, 0, 0, 0);

    /* time */
    struct timespec short_sleep = { 0, 1000 };
    CALL("nanosleep bad request", 35, bad, NULL, 0, 0, 0, 0);
    CALL("nanosleep bad remainder", 35, &short_sleep, bad, 0, 0, 0, 0);
    CALL("clock_nanosleep bad request", 230, CLOCK_MONOTONIC, 0, bad, NULL, 0, 0);
    CALL("clock_gettime into bad", 228, CLOCK_REALTIME, bad, 0, 0, 0, 0);
    CALL("clock_getres into bad", 229, CLOCK_REALTIME, bad, 0, 0, 0, 0);
    CALL("gettimeofday into bad", 96, bad, NULL, 0, 0, 0, 0);
    show("time into bad", RAW(201, bad, 0, 0, 0, 0, 0) == -EFAULT ? -EFAULT : 0);

    /* process */
    CALL("uname into bad", 63, bad, 0, 0, 0, 0, 0);
    CALL("getrlimit into bad", 97, RLIMIT_NOFILE, bad, 0, 0, 0, 0);
    CALL("setrlimit from bad", 160, RLIMIT_NOFILE, bad, 0, 0, 0, 0);
    CALL("prlimit64 bad new", 302, 0, RLIMIT_NOFILE, bad, NULL, 0, 0);
    CALL("prlimit64 bad old", 302, 0, RLIMIT_NOFILE, NULL, bad, 0, 0);
    CALL("getrusage into bad", 98, RUSAGE_SELF, bad, 0, 0, 0, 0);
    CALL("sysinfo into bad", 99, bad, 0, 0, 0, 0, 0);
    CALL("getresuid into bad", 118, bad, bad, bad, 0, 0, 0);
    CALL("getresgid into bad", 120, bad, bad, bad, 0, 0, 0);
    CALL("getrandom into bad", 318, bad, 16, 0, 0, 0, 0);
    CALL("sched_getaffinity into bad", 204, 0, 128, bad, 0, 0, 0);
    CALL("getcpu into bad", 309, bad, NULL, NULL, 0, 0, 0);
    CALL("futex wait on bad", 202, bad, 0 /* FUTEX_WAIT */, 0, NULL, 0, 0);
    CALL("futex wait bad timeout", 202, readonly, 0, 0, bad, 0, 0);

    /* sockets */
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    socklen_t len = 16;
    char addr[128];
    CALL("socketpair into bad", 53, AF_UNIX, SOCK_STREAM, 0, bad, 0, 0);
    CALL("bind bad address", 49, s, bad, 16, 0, 0, 0);
    CALL("connect bad address", 42, s, bad, 16, 0, 0, 0);
    CALL("getsockname bad address", 51, s, bad, &len, 0, 0, 0);
    CALL("getsockname bad length", 51, s, addr, bad, 0, 0, 0);
    CALL("sendto bad buffer", 44, s, bad, 4, 0, NULL, 0);
    CALL("sendto bad address", 44, s, "x", 1, 0, bad, 16);
    CALL("sendmsg bad header", 46, s, bad, 0, 0, 0, 0);
    CALL("recvmsg bad header", 47, s, bad, MSG_DONTWAIT, 0, 0, 0);
    CALL("recvfrom bad length", 45, s, addr, 1, MSG_DONTWAIT, addr, bad);
    int one = 1;
    CALL("setsockopt bad value", 54, s, SOL_SOCKET, SO_REUSEADDR, bad, sizeof one, 0);
    CALL("getsockopt bad value", 55, s, SOL_SOCKET, SO_TYPE, bad, &len, 0);
    CALL("getsockopt bad length", 55, s, SOL_SOCKET, SO_TYPE, addr, bad, 0);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct { unsigned short family; char path[108]; } where = { AF_UNIX, "" };
    snprintf(where.path, sizeof where.path, "%s/sock", argv[1]);
    bind(listener, (void *)&where, sizeof where);
    listen(listener, 1);
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(client, (void *)&where, sizeof where);
    CALL("accept into bad", 43, listener, bad, &len, 0, 0, 0);
    unlink(where.path);

    /* Starting a process: Microcosm's own call, whose Linux counterpart (execve, which a native build
     * cannot call here and go on) copies its arguments and answers EFAULT for what it cannot read. */
    char *good_argv[] = { "true", NULL }, *bad_argv[] = { "true", bad, NULL };
#ifdef __microcosm__
    CALL("spawn bad path", MC_SYS_PROCESS_SPAWN, bad, good_argv, environ, NULL, 0, 0);
    CALL("spawn bad argv", MC_SYS_PROCESS_SPAWN, "/bin/true", bad, environ, NULL, 0, 0);
    CALL("spawn bad argv string", MC_SYS_PROCESS_SPAWN, "/bin/true", bad_argv, environ, NULL, 0, 0);
    CALL("spawn bad envp", MC_SYS_PROCESS_SPAWN, "/bin/true", good_argv, bad, NULL, 0, 0);
    CALL("spawn bad request", MC_SYS_PROCESS_SPAWN, "/bin/true", good_argv, environ, bad, 0, 0);
#else
    (void)good_argv;
    (void)bad_argv;
    show("spawn bad path", RAW(59, bad, good_argv, environ, 0, 0, 0));
    show("spawn bad argv", RAW(59, "/bin/true", bad, environ, 0, 0, 0));
    show("spawn bad argv string", RAW(59, "/bin/true", bad_argv, environ, 0, 0, 0));
    show("spawn bad envp", RAW(59, "/bin/true", good_argv, bad, 0, 0, 0));
    show("spawn bad request", -EFAULT);   /* execve has no request: the answer a bad one gets */
#endif
    unlink(file);
    puts("done");
    return 0;
}
