/* terminal: termios and ttyname. On a pipe every terminal function fails with ENOTTY; when standard
 * input is a terminal (the test runs this under script(1)) the attributes round-trip through raw mode
 * and back, and the terminal has a name, a foreground group and a session. Prints which it checked. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

static void pipe_is_no_terminal(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct termios t;
    CHECK(tcgetattr(p[0], &t) == -1 && errno == ENOTTY);
    memset(&t, 0, sizeof t);
    CHECK(tcsetattr(p[1], TCSANOW, &t) == -1 && errno == ENOTTY);
    CHECK(tcflush(p[0], TCIFLUSH) == -1 && errno == ENOTTY);
    CHECK(tcdrain(p[1]) == -1 && errno == ENOTTY);
    CHECK(tcflow(p[1], TCOON) == -1 && errno == ENOTTY);
    CHECK(tcgetpgrp(p[0]) == -1 && errno == ENOTTY);
    CHECK(ttyname(p[0]) == NULL && errno == ENOTTY);
    char name[64];
    CHECK(ttyname_r(p[0], name, sizeof name) == ENOTTY);
    CHECK(!isatty(p[0]) && errno == ENOTTY);
    close(p[0]);
    close(p[1]);
    CHECK(tcgetattr(p[0], &t) == -1 && errno == EBADF);
    CHECK(ttyname_r(p[0], name, sizeof name) == EBADF);
    CHECK(tcsetattr(0, 99, &t) == -1 && errno == EINVAL);
}

static void speeds_and_raw_mode(void)
{
    struct termios t;
    memset(&t, 0, sizeof t);
    t.c_iflag = ICRNL | IXON | BRKINT;
    t.c_oflag = OPOST | ONLCR;
    t.c_lflag = ECHO | ICANON | ISIG | IEXTEN;
    t.c_cflag = CS7 | PARENB | CREAD;
    CHECK(cfsetospeed(&t, B9600) == 0 && cfsetispeed(&t, B9600) == 0);
    CHECK(cfgetospeed(&t) == B9600 && cfgetispeed(&t) == B9600);
    CHECK(cfsetspeed(&t, B115200) == 0 && cfgetospeed(&t) == B115200);
    CHECK(cfsetospeed(&t, 9600) == -1 && errno == EINVAL);   /* a number, not a B constant */
    cfmakeraw(&t);
    CHECK((t.c_iflag & (ICRNL | IXON | BRKINT)) == 0 && (t.c_oflag & OPOST) == 0);
    CHECK((t.c_lflag & (ECHO | ICANON | ISIG | IEXTEN)) == 0);
    CHECK((t.c_cflag & CSIZE) == CS8 && !(t.c_cflag & PARENB) && (t.c_cflag & CREAD));
    CHECK(t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0 && cfgetospeed(&t) == B115200);
}

static void on_a_terminal(void)
{
    struct termios saved, raw, now;
    CHECK(tcgetattr(0, &saved) == 0);
    CHECK(saved.c_lflag & ICANON);
    raw = saved;
    cfmakeraw(&raw);
    CHECK(tcsetattr(0, TCSAFLUSH, &raw) == 0);
    CHECK(tcgetattr(0, &now) == 0 && !(now.c_lflag & (ICANON | ECHO)) && (now.c_cflag & CSIZE) == CS8);
    CHECK(now.c_cc[VMIN] == 1 && now.c_cc[VTIME] == 0);
    CHECK(tcsetattr(0, TCSANOW, &saved) == 0);
    CHECK(tcgetattr(0, &now) == 0 && (now.c_lflag & ICANON) && now.c_cc[VINTR] == saved.c_cc[VINTR]);
    CHECK(cfgetospeed(&now) == cfgetospeed(&saved));
    CHECK(tcdrain(1) == 0 && tcflush(0, TCIFLUSH) == 0);
    CHECK(tcflush(0, 42) == -1 && errno == EINVAL);

    const char *name = ttyname(0);
    CHECK(name != NULL && strncmp(name, "/dev/", 5) == 0);
    char again[64];
    CHECK(ttyname_r(0, again, sizeof again) == 0 && name && strcmp(again, name) == 0);
    CHECK(ttyname_r(0, again, 3) == ERANGE);
    CHECK(tcgetsid(0) == getsid(0));
    CHECK(tcgetpgrp(0) > 0);
}

int main(void)
{
    pipe_is_no_terminal();
    speeds_and_raw_mode();
    int tty = isatty(0);
    if (tty) on_a_terminal();
    printf("checked: %s\n", tty ? "terminal" : "pipe");
    return CHECK_DONE();
}
