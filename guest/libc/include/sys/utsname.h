/* sys/utsname.h - uname (syscall 63; sysname is "Microcosm"). */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>

struct utsname {
  char sysname[65];
  char nodename[65];
  char release[65];
  char version[65];
  char machine[65];
  char domainname[65];
};

_BEGIN_STD_C
int uname(struct utsname *__name);
_END_STD_C

#endif
