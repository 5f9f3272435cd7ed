/* pty.c - pseudo-terminals, compared with the same program built natively (LibcTests): openpty's pair (a slave that is
 * a terminal under /dev/pts, the name ptsname gives), data through it in raw mode, grantpt's refusal of a descriptor
 * that is no master, and forkpty's child: a session leader whose controlling terminal and standard descriptors are
 * the slave, with the window size given, its output read from the master until the slave's last close. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
    int master, slave;
    char name[64];
    if (openpty(&master, &slave, name, NULL, NULL) != 0) {
        printf("openpty: %s\n", strerror(errno));
        return 1;
    }
    printf("openpty: slave a terminal %s, named under /dev/pts %s, ptsname the same %s\n", isatty(slave) ? "yes" : "no",
           strncmp(name, "/dev/pts/", 9) == 0 ? "yes" : "no", strcmp(ptsname(master), name) == 0 ? "yes" : "no");
    struct termios raw;
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    write(master, "ping", 4);
    char buffer[512] = { 0 };
    read(slave, buffer, 4);
    write(slave, "pong", 4);
    read(master, buffer + 4, 4);
    printf("through the pair: %s\n", buffer);
    close(slave);
    close(master);
    int plain = open("/dev/null", O_RDWR);
    errno = 0;
    int granted = grantpt(plain);
    printf("grantpt of /dev/null: %d, %s\n", granted, errno == EINVAL ? "EINVAL" : strerror(errno));
    close(plain);

    struct winsize size = { .ws_row = 24, .ws_col = 100 };
    fflush(stdout);
    pid_t pid = forkpty(&master, name, NULL, &size);
    if (pid < 0) {
        printf("forkpty: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        struct winsize w;
        ioctl(0, TIOCGWINSZ, &w);
        printf("child: 0, 1 and 2 terminals %s, session leader %s, controlling terminal %s, %dx%d\n",
               isatty(0) && isatty(1) && isatty(2) ? "yes" : "no", getsid(0) == getpid() ? "yes" : "no",
               tcgetsid(0) == getsid(0) ? "yes" : "no", w.ws_col, w.ws_row);
        fflush(stdout);
        _exit(3);
    }
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buffer - 1 && ((n = read(master, buffer + got, sizeof buffer - 1 - got)) > 0 || (n < 0 && errno == EINTR)))
        if (n > 0) got += (size_t)n;
    buffer[got] = 0;
    for (char *c = buffer; *c; c++)   /* the terminal's ONLCR made each \n a \r\n */
        if (*c == '\r') memmove(c, c + 1, strlen(c));
    printf("from the child, through the terminal: %s", buffer);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("forkpty child: exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    close(master);
    return 0;
}
