/* fd.h - the parts of the file descriptor module (libmc-fd.so) kept in their own files. */
#ifndef MC_FD_H
#define MC_FD_H

#include "posix.h"

/* poll (7): fd_poll.c */
MC_HIDDEN intptr_t sys_poll(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f);
/* ioctl (16): fd_ioctl.c */
MC_HIDDEN intptr_t sys_ioctl(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f);

#endif
