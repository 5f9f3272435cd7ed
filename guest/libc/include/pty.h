/* pty.h - a pseudo-terminal pair in one call, and a child on its slave (glue/tty/pty.c), as glibc declares them. */
#ifndef _PTY_H
#define _PTY_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/ioctl.h>      /* struct winsize */
#include <termios.h>

_BEGIN_STD_C
/* A new master and slave, the slave set up with *termp and *winp where given and its name written to name (room
 * for a path under /dev/pts) where given; 0, or -1 with errno. */
int openpty(int *__master, int *__slave, char *__name, const struct termios *__termp, const struct winsize *__winp);
/* openpty, then fork: the child runs with the slave as its controlling terminal and its 0, 1 and 2 (login_tty);
 * the parent gets the master. Returns as fork does. */
int forkpty(int *__master, char *__name, const struct termios *__termp, const struct winsize *__winp);
_END_STD_C

#endif
