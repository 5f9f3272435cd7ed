/* utmp.h - login_tty, as glibc declares it here (glue/tty/pty.c). There are no login records (utmp/wtmp): newlib's
 * own header only included a <sys/utmp.h> that this target does not have. */
#ifndef _UTMP_H_
#define _UTMP_H_

#include <_ansi.h>

_BEGIN_STD_C
/* Makes fd the calling process's controlling terminal in a new session, and its 0, 1 and 2; 0 or -1. */
int login_tty(int __fd);
_END_STD_C

#endif
