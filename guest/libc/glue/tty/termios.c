/* termios.c - terminal attributes and control over the fd module's terminal ioctls. The program's
 * struct termios is glibc's (include/sys/termios.h: 32 control characters and the two speeds); the
 * ioctls take the kernel's (19 control characters, the speed in c_cflag), so the two are converted
 * here as glibc converts them. */
#include "libc_internal.h"
#include <fcntl.h>
#include <limits.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

enum { TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409,
       TCXONC = 0x540A, TCFLSH = 0x540B, TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410, TIOCGSID = 0x5429 };

#define KERNEL_NCCS 19
struct kernel_termios {
    tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
    cc_t c_line;
    cc_t c_cc[KERNEL_NCCS];
};

int tcgetattr(int fd, struct termios *t)
{
    struct kernel_termios k;
    if (SYSCALL(SYS_ioctl, fd, TCGETS, &k, 0) < 0) return -1;
    memset(t, 0, sizeof *t);
    t->c_iflag = k.c_iflag;
    t->c_oflag = k.c_oflag;
    t->c_cflag = k.c_cflag;
    t->c_lflag = k.c_lflag;
    t->c_line = k.c_line;
    memcpy(t->c_cc, k.c_cc, KERNEL_NCCS);
    t->c_ispeed = t->c_ospeed = k.c_cflag & (CBAUD | CBAUDEX);
    return 0;
}

int tcsetattr(int fd, int actions, const struct termios *t)
{
    long request;
    switch (actions) {
    case TCSANOW: request = TCSETS; break;
    case TCSADRAIN: request = TCSETSW; break;
    case TCSAFLUSH: request = TCSETSF; break;
    default: errno = EINVAL; return -1;
    }
    struct kernel_termios k = {
        .c_iflag = t->c_iflag, .c_oflag = t->c_oflag, .c_cflag = t->c_cflag, .c_lflag = t->c_lflag, .c_line = t->c_line,
    };
    memcpy(k.c_cc, t->c_cc, KERNEL_NCCS);
    return (int)SYSCALL(SYS_ioctl, fd, request, &k, 0);
}

/* Speeds are the B* codes kept in c_cflag (CBAUD | CBAUDEX), as on Linux. */
static int valid_speed(speed_t speed)
{
    return (speed & ~(speed_t)(CBAUD | CBAUDEX)) == 0 && (speed <= B38400 || (speed >= B57600 && speed <= B4000000));
}

speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & (CBAUD | CBAUDEX); }
speed_t cfgetispeed(const struct termios *t) { return t->c_cflag & (CBAUD | CBAUDEX); }

int cfsetospeed(struct termios *t, speed_t speed)
{
    if (!valid_speed(speed)) { errno = EINVAL; return -1; }
    t->c_cflag = (t->c_cflag & ~(tcflag_t)(CBAUD | CBAUDEX)) | speed;
    t->c_ospeed = speed;
    return 0;
}

/* The kernel keeps one speed for both directions; an input speed of 0 means "as the output". */
int cfsetispeed(struct termios *t, speed_t speed)
{
    if (!valid_speed(speed)) { errno = EINVAL; return -1; }
    if (speed == B0) return 0;
    t->c_cflag = (t->c_cflag & ~(tcflag_t)(CBAUD | CBAUDEX)) | speed;
    t->c_ispeed = speed;
    return 0;
}

int cfsetspeed(struct termios *t, speed_t speed)
{
    if (cfsetospeed(t, speed) < 0) return -1;
    t->c_ispeed = speed;
    return 0;
}

/* Raw mode: input byte by byte, no echo, no signals from keys, no output processing, 8 bits. */
void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

int tcdrain(int fd) { return (int)SYSCALL(SYS_ioctl, fd, TCSBRK, 1, 0); }
int tcsendbreak(int fd, int duration) { (void)duration; return (int)SYSCALL(SYS_ioctl, fd, TCSBRK, 0, 0); }
int tcflow(int fd, int action) { return (int)SYSCALL(SYS_ioctl, fd, TCXONC, action, 0); }
int tcflush(int fd, int queue) { return (int)SYSCALL(SYS_ioctl, fd, TCFLSH, queue, 0); }

pid_t tcgetpgrp(int fd)
{
    int group;
    if (SYSCALL(SYS_ioctl, fd, TIOCGPGRP, &group, 0) < 0) return -1;
    return group;
}

int tcsetpgrp(int fd, pid_t group)
{
    int value = group;
    return (int)SYSCALL(SYS_ioctl, fd, TIOCSPGRP, &value, 0);
}

pid_t tcgetsid(int fd)
{
    int session;
    if (SYSCALL(SYS_ioctl, fd, TIOCGSID, &session, 0) < 0) return -1;
    return session;
}

/* ---- ttyname ------------------------------------------------------------------------------------- */

/* Looks in dir for a character device with the terminal's device number. */
static int find_device(const char *dir, const struct stat *tty, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
        struct stat st;
        if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == tty->st_rdev) {
            if (strlen(path) >= size) { closedir(d); return -ERANGE; }
            strcpy(buf, path);
            found = 1;
        }
    }
    closedir(d);
    return found;
}

/* The terminal's path: on Linux the kernel names it in /proc/self/fd (checked against the
 * descriptor's device number, since a name can be stale); otherwise the devices in /dev/pts and
 * /dev are searched, as glibc does. */
int ttyname_r(int fd, char *buf, size_t size)
{
    if (!isatty(fd)) return errno;
    struct stat tty;
    if (fstat(fd, &tty) < 0) return errno;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n > 0) {
        path[n] = '\0';
        struct stat st;
        if (path[0] == '/' && stat(path, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == tty.st_rdev) {
            if ((size_t)n >= size) return ERANGE;
            memcpy(buf, path, (size_t)n + 1);
            return 0;
        }
    }
    int r = find_device("/dev/pts", &tty, buf, size);
    if (r == 0) r = find_device("/dev", &tty, buf, size);
    if (r < 0) return -r;
    return r ? 0 : ENOTTY;
}

char *ttyname(int fd)
{
    static char name[PATH_MAX];
    int error = ttyname_r(fd, name, sizeof name);
    if (error) { errno = error; return NULL; }
    return name;
}

char *ctermid(char *buf)
{
    static char name[L_ctermid];
    char *out = buf ? buf : name;
    strcpy(out, "/dev/tty");
    return out;
}
