/* sys/select.h - Microcosm: fd_set with Linux's size (FD_SETSIZE 1024: newlib's default of 64 is too
 * small for programs with many descriptors; a program may define a larger FD_SETSIZE first), and
 * select/pselect (glue/io/select.c, over poll). */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <sys/cdefs.h>
#include <sys/_sigset.h>
#include <sys/_timeval.h>
#include <sys/timespec.h>

#if !defined(_SIGSET_T_DECLARED)
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t;
#endif

#define _SYS_TYPES_FD_SET
#ifndef FD_SETSIZE
#define FD_SETSIZE 1024
#endif

typedef unsigned long fd_mask;
#define NFDBITS (sizeof(fd_mask) * 8)
#ifndef _howmany
#define _howmany(x, y) (((x) + ((y) - 1)) / (y))
#endif

typedef struct _types_fd_set {
    fd_mask fds_bits[_howmany(FD_SETSIZE, NFDBITS)];
} fd_set;

#define FD_SET(n, p)   ((p)->fds_bits[(n) / NFDBITS] |= (1UL << ((n) % NFDBITS)))
#define FD_CLR(n, p)   ((p)->fds_bits[(n) / NFDBITS] &= ~(1UL << ((n) % NFDBITS)))
#define FD_ISSET(n, p) (((p)->fds_bits[(n) / NFDBITS] & (1UL << ((n) % NFDBITS))) != 0)
#define FD_ZERO(p)     ((void)__builtin_memset((p), 0, sizeof(*(p))))

__BEGIN_DECLS
int select(int __n, fd_set *__readfds, fd_set *__writefds, fd_set *__exceptfds, struct timeval *__timeout);
#if __POSIX_VISIBLE >= 200112
int pselect(int __n, fd_set *__readfds, fd_set *__writefds, fd_set *__exceptfds,
            const struct timespec *__timeout, const sigset_t *__set);
#endif
__END_DECLS

#endif
