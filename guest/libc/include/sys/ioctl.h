/* sys/ioctl.h - the ioctl requests the standard fd module implements (docs/abi.md, syscall 16). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define FIONBIO    0x5421
#define TIOCSCTTY  0x540E       /* make the terminal the caller's controlling terminal (a session leader's) */
#define TIOCNOTTY  0x5422       /* give up the controlling terminal */
#define TIOCGPTN   0x80045430   /* a pseudo-terminal master's number: /dev/pts/N */
#define TIOCSPTLCK 0x40045431   /* lock (1) or unlock (0) a master's slave */

struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};

_BEGIN_STD_C
int ioctl(int __fd, unsigned long __request, ...);
_END_STD_C

#endif
