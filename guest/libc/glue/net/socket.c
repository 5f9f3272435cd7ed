/* socket.c - the socket calls: each is its Linux syscall (41-55, 288), which the standard socket
 * module implements on the host's sockets. Addresses, options and flags keep Linux's values and
 * layouts (<sys/socket.h>, <netinet/in.h>); the module translates them for the host. */
#include "libc_internal.h"
#include "io/io_internal.h"
#include <sys/socket.h>


#define SYSCALL6(num, a, b, c, d, e, f) \
    mc_errno_result(mc_sys6((num), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f)))

int socket(int domain, int type, int protocol) { return (int)SYSCALL(SYS_socket, domain, type, protocol, 0); }

int socketpair(int domain, int type, int protocol, int fds[2])
{
    return (int)SYSCALL(SYS_socketpair, domain, type, protocol, fds);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) { return (int)SYSCALL(SYS_bind, fd, addr, len, 0); }

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    return (int)SYSCALL(SYS_connect, fd, addr, len, 0);
}

int listen(int fd, int backlog) { return (int)SYSCALL(SYS_listen, fd, backlog, 0, 0); }

int accept(int fd, struct sockaddr *addr, socklen_t *len) { return (int)SYSCALL(SYS_accept, fd, addr, len, 0); }

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    return (int)SYSCALL(SYS_accept4, fd, addr, len, flags);
}

int shutdown(int fd, int how) { return (int)SYSCALL(SYS_shutdown, fd, how, 0, 0); }

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    return (int)SYSCALL(SYS_getsockname, fd, addr, len, 0);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    return (int)SYSCALL(SYS_getpeername, fd, addr, len, 0);
}

int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
    return (int)SYSCALL6(SYS_getsockopt, fd, level, name, value, len, 0);
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    return (int)SYSCALL6(SYS_setsockopt, fd, level, name, value, len, 0);
}

/* EPIPE raises SIGPIPE first (io/io.c), unless MSG_NOSIGNAL asks not to, as on Linux. */
ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr, socklen_t len)
{
    long r = mc_sys6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)addr, len);
    return flags & MSG_NOSIGNAL ? mc_errno_result(r) : __mc_write_result(r);
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr, socklen_t *len)
{
    return SYSCALL6(SYS_recvfrom, fd, buf, n, flags, addr, len);
}

/* As in glibc, send and recv are sendto and recvfrom without an address. */
ssize_t send(int fd, const void *buf, size_t n, int flags) { return sendto(fd, buf, n, flags, NULL, 0); }

ssize_t recv(int fd, void *buf, size_t n, int flags) { return recvfrom(fd, buf, n, flags, NULL, NULL); }

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    long r = mc_sys(SYS_sendmsg, fd, (long)msg, flags, 0);
    return flags & MSG_NOSIGNAL ? mc_errno_result(r) : __mc_write_result(r);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) { return SYSCALL(SYS_recvmsg, fd, msg, flags, 0); }
