/* descriptors.c - what a program sees of its descriptors, printed line by line so that the same
 * program built for the host (descriptors-native) must print the same. Run as
 *     descriptors SCRATCH 3<FILE   with "stdin line" on stdin,
 * where FILE holds "inherited\n": the numbers a program gets, what it inherited, the names of its own
 * descriptors (/dev/fd/N, /dev/stdin), dup and its flags, close-on-exec across a spawned process,
 * poll of a closed descriptor, descriptors passed over a socket, and the errors for bad numbers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void say(const char *what, long value)
{
    printf("%s: %ld\n", what, value);
}

static void say_errno(const char *what, long result)
{
    printf("%s: %ld %s\n", what, result, result < 0 ? strerror(errno) : "");
}

static long read_line(int fd, char *buf, size_t size)
{
    long n = read(fd, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = '\0';
    return n;
}

/* Runs sh -c SCRIPT with stdout into a pipe; returns what it printed. */
static void run_shell(const char *script, char *out, size_t size)
{
    int p[2];
    pipe2(p, O_CLOEXEC);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, p[1], 1);
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    pid_t pid;
    if (posix_spawn(&pid, "/bin/sh", &actions, NULL, argv, environ) != 0) {
        snprintf(out, size, "spawn failed");
        return;
    }
    close(p[1]);
    size_t used = 0;
    long n;
    while (used + 1 < size && (n = read(p[0], out + used, size - 1 - used)) > 0) used += (size_t)n;
    out[used] = '\0';
    close(p[0]);
    int status;
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&actions);
}

int main(int argc, char **argv)
{
    char buf[512], path[600];
    if (argc < 2) return 2;

    /* What the program started with. */
    say("fd 3 inherited, close-on-exec", fcntl(3, F_GETFD));
    read_line(3, buf, sizeof buf);
    printf("fd 3 reads: %s\n", buf);
    read_line(0, buf, sizeof buf);
    printf("stdin reads: %s\n", buf);

    /* A new descriptor is the lowest free number. */
    snprintf(path, sizeof path, "%s/file", argv[1]);
    int file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    say("first open", file);
    write(file, "file data\n", 10);
    int again = open("/dev/fd/3", O_RDONLY);
    say("open /dev/fd/3", again);
    read_line(again, buf, sizeof buf);
    printf("/dev/fd/3 reads from the start: %s\n", buf);
    close(again);
    struct stat by_name, by_fd;
    stat("/dev/fd/3", &by_name);
    fstat(3, &by_fd);
    say("stat /dev/fd/3 is fd 3's file", by_name.st_ino == by_fd.st_ino && by_name.st_dev == by_fd.st_dev);
    long n = readlink("/proc/self/fd/3", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    say("readlink /proc/self/fd/3 names the file", n > 0 && strstr(buf, "inherited-file") != NULL);
    say_errno("open /dev/fd/200 (closed)", open("/dev/fd/200", O_RDONLY));

    /* dup, dup2, dup3, F_DUPFD and close-on-exec. */
    int d = dup(file);
    say("dup", d);
    say("dup's close-on-exec", fcntl(d, F_GETFD));
    lseek(file, 0, SEEK_SET);
    say("dup shares the offset", lseek(d, 0, SEEK_CUR));
    say("F_DUPFD from 10", fcntl(file, F_DUPFD, 10));
    int c = fcntl(file, F_DUPFD_CLOEXEC, 10);
    say("F_DUPFD_CLOEXEC from 10", c);
    say("its close-on-exec", fcntl(c, F_GETFD));
    say("F_SETFD 0", fcntl(c, F_SETFD, 0));
    say("now", fcntl(c, F_GETFD));
    say("dup2 onto an open one", dup2(file, d));
    say("dup2 to itself", dup2(file, file));
    say_errno("dup3 to itself", dup3(file, file, 0));
    say("dup3 O_CLOEXEC", dup3(file, 20, O_CLOEXEC));
    say("its close-on-exec", fcntl(20, F_GETFD));
    say("close", close(20));
    say_errno("close again", close(20));
    say_errno("close -1", close(-1));
    say_errno("dup2 to -1", dup2(file, -1));
    say_errno("fcntl of a closed one", fcntl(99, F_GETFD));
    say_errno("read of a closed one", read(99, buf, 1));
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    say_errno("dup2 past the limit", dup2(file, (int)limit.rlim_cur));
    say_errno("F_DUPFD past the limit", fcntl(file, F_DUPFD, (int)limit.rlim_cur));

    /* Many descriptors, and the lowest free number after closing one in the middle. */
    if (limit.rlim_cur < 3000 && limit.rlim_max >= 3000) {
        limit.rlim_cur = 3000;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    int many[2000], made = 0;
    for (; made < 2000; made++)
        if ((many[made] = dup(file)) < 0) break;
    say("2000 dups made", made);
    say("the last is", made ? many[made - 1] : -1);
    close(many[500]);
    int lowest = dup(file);
    say("a dup after closing the 501st takes its number", lowest == many[500]);
    many[500] = lowest;
    for (int i = 0; i < made; i++) close(many[i]);
    say("after closing them, dup gives", dup(file));

    /* Close-on-exec across a spawned process: the child sees the program's numbers. */
    int keep = open(path, O_RDONLY);
    int drop = open(path, O_RDONLY | O_CLOEXEC);
    char script[256];
    snprintf(script, sizeof script, "for n in 0 1 2 3 %d %d; do [ -e /proc/self/fd/$n ] && printf '%%s ' $n; done; echo", keep, drop);
    run_shell(script, buf, sizeof buf);
    printf("the child has (keep %d, drop %d): %s", keep, drop, buf);
    close(keep);
    close(drop);

    /* poll: a closed descriptor is POLLNVAL, a negative one is ignored. */
    struct pollfd fds[3] = { { file, POLLIN, 0 }, { 99, POLLIN, 0 }, { -1, POLLIN, 0 } };
    say("poll", poll(fds, 3, 0));
    printf("revents: %#x %#x %#x\n", fds[0].revents, fds[1].revents, fds[2].revents);

    /* A descriptor sent over a socket arrives as the lowest free number. */
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    say("socketpair", pair[0]);
    char control[CMSG_SPACE(sizeof(int))] = { 0 };
    char byte = 'x';
    struct iovec iov = { &byte, 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &file, sizeof file);
    say("sendmsg", sendmsg(pair[0], &msg, 0));
    memset(control, 0, sizeof control);
    msg.msg_controllen = sizeof control;
    say("recvmsg", recvmsg(pair[1], &msg, MSG_CMSG_CLOEXEC));
    int received;
    memcpy(&received, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof received);
    say("received as", received);
    say("its close-on-exec", fcntl(received, F_GETFD));
    lseek(received, 0, SEEK_SET);
    read_line(received, buf, sizeof buf);
    printf("it reads: %s\n", buf);

    /* 0 closed: the next open takes it; /dev/stdin names it. */
    close(0);
    say("open after closing 0", open(path, O_RDONLY));
    read_line(open("/dev/stdin", O_RDONLY), buf, sizeof buf);
    printf("/dev/stdin reads: %s\n", buf);
    fflush(stdout);
    return 0;
}
