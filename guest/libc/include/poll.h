/* poll.h - poll (syscall 7). */
#ifndef _POLL_H
#define _POLL_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>

#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200

typedef unsigned long nfds_t;

struct pollfd {
  int fd;
  short events;
  short revents;
};

_BEGIN_STD_C
int poll(struct pollfd *__fds, nfds_t __nfds, int __timeout);
_END_STD_C

#endif
