/* pty.c - pseudo-terminals as Linux has them: /dev/ptmx opens a master, whose slave is /dev/pts/N (the fd module's
 * TIOCGPTN) once unlocked (TIOCSPTLCK); devpts gives the slave its owner and mode itself, so grantpt only checks the
 * descriptor. login_tty makes a terminal the controlling one of a new session (TIOCSCTTY) and the standard
 * descriptors; forkpty runs a child that way (fork: docs/processes.md). */
#include "libc_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utmp.h>

int posix_openpt(int flags)
{
    if (flags & ~(O_RDWR | O_NOCTTY | O_CLOEXEC)) {
        errno = EINVAL;
        return -1;
    }
    return open("/dev/ptmx", flags);
}

/* The master's number: the slave is /dev/pts/N. EINVAL for a descriptor that is no master, as glibc says. */
static int slave_number(int fd, unsigned int *number)
{
    if (ioctl(fd, TIOCGPTN, number) == 0) return 0;
    if (errno == ENOTTY) errno = EINVAL;
    return -1;
}

int grantpt(int fd)
{
    unsigned int number;
    return slave_number(fd, &number);
}

int unlockpt(int fd)
{
    int unlock = 0;
    return ioctl(fd, TIOCSPTLCK, &unlock);
}

int ptsname_r(int fd, char *buffer, size_t size)
{
    unsigned int number;
    if (slave_number(fd, &number) != 0) return errno;
    if ((size_t)snprintf(buffer, size, "/dev/pts/%u", number) >= size) return errno = ERANGE;
    return 0;
}

char *ptsname(int fd)
{
    static char name[32];
    return ptsname_r(fd, name, sizeof name) == 0 ? name : NULL;
}

int openpty(int *master, int *slave, char *name, const struct termios *termp, const struct winsize *winp)
{
    char path[32];
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) return -1;
    int s = -1;
    if (grantpt(m) != 0 || unlockpt(m) != 0 || ptsname_r(m, path, sizeof path) != 0
        || (s = open(path, O_RDWR | O_NOCTTY)) < 0
        || (termp && tcsetattr(s, TCSANOW, termp) != 0)
        || (winp && ioctl(s, TIOCSWINSZ, winp) != 0)) {
        int error = errno;
        if (s >= 0) close(s);
        close(m);
        errno = error;
        return -1;
    }
    if (name) strcpy(name, path);   /* glibc's contract: the caller's buffer holds a /dev/pts path */
    *master = m;
    *slave = s;
    return 0;
}

int login_tty(int fd)
{
    setsid();
    if (ioctl(fd, TIOCSCTTY, 0) != 0) return -1;
    for (int n = 0; n <= 2; n++)
        if (dup2(fd, n) < 0) return -1;
    if (fd > 2) close(fd);
    return 0;
}

int forkpty(int *master, char *name, const struct termios *termp, const struct winsize *winp)
{
    int m, s;
    if (openpty(&m, &s, name, termp, winp) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int error = errno;
        close(m);
        close(s);
        errno = error;
        return -1;
    }
    if (pid == 0) {
        close(m);
        if (login_tty(s) != 0) _exit(1);
        return 0;
    }
    close(s);
    *master = m;
    return pid;
}
