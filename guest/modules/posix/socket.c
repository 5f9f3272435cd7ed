/* libmc-socket.so: sockets - socket, socketpair, bind, listen, accept/accept4, connect, shutdown,
 * send/receive (sendto, recvfrom, sendmsg, recvmsg), addresses and options - on the host's sockets.
 *
 * A guest socket is a host descriptor like any other (the fd module reads, writes, polls and closes
 * it). What differs between Linux and a host is translated here: address families, socket types and
 * their SOCK_NONBLOCK/SOCK_CLOEXEC flags, the sockaddr layouts (Unix, IPv4, IPv6), option levels and
 * names, MSG_ flags, struct msghdr and SCM_RIGHTS control messages. Calls that wait (accept, connect,
 * receiving on a blocking socket) wait in the host, as read on a pipe does: a thread killed meanwhile
 * ends when the call returns.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include "fdtable.h"
#include "posix.h"

/* ---- families and types ------------------------------------------------------------------------------- */

static int family_to_host(intptr_t family)
{
    switch (family) {
    case LINUX_AF_UNSPEC: return AF_UNSPEC;
    case LINUX_AF_UNIX: return AF_UNIX;
    case LINUX_AF_INET: return AF_INET;
    case LINUX_AF_INET6: return AF_INET6;
    default: return -1;
    }
}

static int family_from_host(int family)
{
    switch (family) {
    case AF_UNIX: return LINUX_AF_UNIX;
    case AF_INET: return LINUX_AF_INET;
    case AF_INET6: return LINUX_AF_INET6;
    default: return LINUX_AF_UNSPEC;
    }
}

static int type_to_host(intptr_t type)
{
    switch (type & LINUX_SOCK_TYPE_MASK) {
    case LINUX_SOCK_STREAM: return SOCK_STREAM;
    case LINUX_SOCK_DGRAM: return SOCK_DGRAM;
    case LINUX_SOCK_RAW: return SOCK_RAW;
    case LINUX_SOCK_SEQPACKET: return SOCK_SEQPACKET;
    default: return -1;
    }
}

static int type_from_host(int type)
{
    switch (type) {
    case SOCK_STREAM: return LINUX_SOCK_STREAM;
    case SOCK_DGRAM: return LINUX_SOCK_DGRAM;
    case SOCK_RAW: return LINUX_SOCK_RAW;
    case SOCK_SEQPACKET: return LINUX_SOCK_SEQPACKET;
    default: return type;
    }
}

/* A new host socket into the descriptor table, with Linux's SOCK_NONBLOCK / SOCK_CLOEXEC: the
 * guest's close-on-exec belongs to the table; the host descriptor is close-on-exec whatever the guest
 * asked (made so atomically where the host has SOCK_CLOEXEC). On failure the socket is closed. */
static intptr_t install_socket(int fd, intptr_t flags)
{
#ifndef SOCK_CLOEXEC
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) goto fail;
#endif
    if (flags & LINUX_SOCK_NONBLOCK) {
        int fl = fcntl(fd, F_GETFL);
        if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) goto fail;
    }
    return lx_fd_install(fd, 0, (flags & LINUX_SOCK_CLOEXEC) != 0);
fail:;
    intptr_t error = -lx_errno(errno);
    close(fd);
    return error;
}

/* The host's SOCK_CLOEXEC for socket() and socketpair(), and MSG_CMSG_CLOEXEC, where it has them. */
#ifdef MSG_CMSG_CLOEXEC
#define HOST_CMSG_CLOEXEC MSG_CMSG_CLOEXEC
#else
#define HOST_CMSG_CLOEXEC 0
#endif
#ifdef SOCK_CLOEXEC
#define HOST_SOCK_CLOEXEC SOCK_CLOEXEC
#else
#define HOST_SOCK_CLOEXEC 0
#endif

/* ---- addresses ------------------------------------------------------------------------------------------ */

/* A relative AF_UNIX name (n bytes in sun_path), which the host would resolve from the host process's working
 * directory: made absolute from the program's own when the two differ (docs/embedding.md, "The working directory").
 * The name a getsockname gives back is then that absolute one. 0, or -errno (-ENAMETOOLONG if it does not fit). */
static intptr_t unix_name_below_cwd(char *sun_path, size_t *n, size_t room)
{
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    struct stat mine, host;
    if (cwd.host == AT_FDCWD || (fstat((int)cwd.host, &mine) == 0 && stat(".", &host) == 0 &&
                                 mine.st_dev == host.st_dev && mine.st_ino == host.st_ino))
        return 0;
    char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1], below[LINUX_PATH_MAX + 32], base[LINUX_PATH_MAX];
    memcpy(name, sun_path, *n);
    name[*n] = 0;
    intptr_t r = lx_directory_path(cwd.host, base, sizeof base);
    if (r != 0) return r;
    int full = snprintf(below, sizeof below, "%s/%s", base, name);
    if (full < 0 || (size_t)full > room) return -LINUX_ENAMETOOLONG;
    memcpy(sun_path, below, (size_t)full);
    if ((size_t)full < room) sun_path[full++] = 0;
    *n = (size_t)full;
    return 0;
}

/* A guest (Linux) address as a host one. 0, or -errno. */
static intptr_t addr_to_host(const void *guest_addr, intptr_t len, struct sockaddr_storage *out, socklen_t *out_len)
{
    if (len < 2 || len > (intptr_t)sizeof(struct sockaddr_storage)) return -LINUX_EINVAL;
    unsigned char guest[sizeof(struct sockaddr_storage)];
    if (lx_copy_in(guest, guest_addr, (size_t)len) != 0) return -LINUX_EFAULT;
    uint16_t family;
    memcpy(&family, guest, sizeof family);
    memset(out, 0, sizeof *out);
    switch (family) {
    case LINUX_AF_UNSPEC:
        out->ss_family = AF_UNSPEC;
        *out_len = (socklen_t)len;
        return 0;
    case LINUX_AF_INET: {
        struct linux_sockaddr_in in;
        if (len < (intptr_t)sizeof in) return -LINUX_EINVAL;
        memcpy(&in, guest, sizeof in);
        struct sockaddr_in *h = (struct sockaddr_in *)out;
        h->sin_family = AF_INET;
        h->sin_port = in.sin_port;
        h->sin_addr.s_addr = in.sin_addr;
        *out_len = sizeof *h;
        return 0;
    }
    case LINUX_AF_INET6: {
        struct linux_sockaddr_in6 in6;
        if (len < (intptr_t)sizeof in6) return -LINUX_EINVAL;
        memcpy(&in6, guest, sizeof in6);
        struct sockaddr_in6 *h = (struct sockaddr_in6 *)out;
        h->sin6_family = AF_INET6;
        h->sin6_port = in6.sin6_port;
        h->sin6_flowinfo = in6.sin6_flowinfo;
        memcpy(&h->sin6_addr, in6.sin6_addr, 16);
        h->sin6_scope_id = in6.sin6_scope_id;
        *out_len = sizeof *h;
        return 0;
    }
    case LINUX_AF_UNIX: {
        /* The path's bytes as given (an abstract name starts with a NUL: Linux hosts only). */
        struct sockaddr_un *h = (struct sockaddr_un *)out;
        size_t path_len = (size_t)len - 2;
        if (path_len > sizeof h->sun_path) return -LINUX_EINVAL;
        h->sun_family = AF_UNIX;
        memcpy(h->sun_path, (const char *)guest + 2, path_len);
        if (path_len > 0 && h->sun_path[0] != '/' && h->sun_path[0] != 0) {
            intptr_t r = unix_name_below_cwd(h->sun_path, &path_len, sizeof h->sun_path);
            if (r != 0) return r;
        }
        *out_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path_len);
        return 0;
    }
    default:
        return -LINUX_EAFNOSUPPORT;
    }
}

/* A host address in Linux's layout: its bytes in buf, and their number. */
static size_t addr_encode(const struct sockaddr *host, socklen_t host_len, unsigned char buf[sizeof(struct linux_sockaddr_un)])
{
    size_t len;
    memset(buf, 0, sizeof(struct linux_sockaddr_un));
    if (host_len < sizeof(sa_family_t)) {
        len = sizeof(uint16_t);   /* an unnamed socket: just the family */
        uint16_t family = LINUX_AF_UNSPEC;
        memcpy(buf, &family, sizeof family);
    } else if (host->sa_family == AF_INET) {
        const struct sockaddr_in *h = (const struct sockaddr_in *)host;
        struct linux_sockaddr_in in = { LINUX_AF_INET, h->sin_port, h->sin_addr.s_addr, { 0 } };
        memcpy(buf, &in, len = sizeof in);
    } else if (host->sa_family == AF_INET6) {
        const struct sockaddr_in6 *h = (const struct sockaddr_in6 *)host;
        struct linux_sockaddr_in6 in6 = { LINUX_AF_INET6, h->sin6_port, h->sin6_flowinfo, { 0 }, h->sin6_scope_id };
        memcpy(in6.sin6_addr, &h->sin6_addr, 16);
        memcpy(buf, &in6, len = sizeof in6);
    } else if (host->sa_family == AF_UNIX) {
        const struct sockaddr_un *h = (const struct sockaddr_un *)host;
        size_t path_len = host_len > offsetof(struct sockaddr_un, sun_path)
                        ? host_len - offsetof(struct sockaddr_un, sun_path) : 0;
        if (path_len > 108) path_len = 108;
        uint16_t family = LINUX_AF_UNIX;
        memcpy(buf, &family, sizeof family);
        memcpy(buf + 2, h->sun_path, path_len);
        len = 2 + path_len;
    } else {
        uint16_t family = (uint16_t)family_from_host(host->sa_family);
        memcpy(buf, &family, sizeof family);
        len = sizeof family;
    }
    return len;
}

/* A host address into the guest's buffer of `room` bytes, cut if it is shorter (as Linux does);
 * *full is the address's whole length. 0, or -EFAULT. */
static intptr_t addr_to_guest(const struct sockaddr *host, socklen_t host_len, void *guest, uint32_t room, uint32_t *full)
{
    unsigned char buf[sizeof(struct linux_sockaddr_un)];
    size_t len = addr_encode(host, host_len, buf);
    *full = (uint32_t)len;
    return lx_copy_out(guest, buf, room < len ? room : len);
}

/* The guest's room for an address (accept, getsockname, recvfrom): -EFAULT, -EINVAL, or 0. */
static intptr_t addr_room(const uint32_t *guest_len, uint32_t *room)
{
    if (LX_COPY_IN(*room, guest_len) != 0) return -LINUX_EFAULT;
    return (int32_t)*room < 0 ? -LINUX_EINVAL : 0;
}

/* An address and its length into the guest's (address, length pointer) pair: 0, or -errno. */
static intptr_t addr_pair_to_guest(const struct sockaddr *host, socklen_t host_len, void *guest_addr, uint32_t *guest_len)
{
    uint32_t room, full;
    intptr_t r = addr_room(guest_len, &room);
    if (r == 0) r = addr_to_guest(host, host_len, guest_addr, room, &full);
    if (r == 0 && LX_COPY_OUT(guest_len, full) != 0) r = -LINUX_EFAULT;
    return r;
}

/* ---- MSG_ flags ------------------------------------------------------------------------------------------- */

static const struct { int linux_flag, host_flag; } msg_flags[] = {
    { LINUX_MSG_OOB, MSG_OOB }, { LINUX_MSG_PEEK, MSG_PEEK }, { LINUX_MSG_DONTROUTE, MSG_DONTROUTE },
    { LINUX_MSG_CTRUNC, MSG_CTRUNC }, { LINUX_MSG_TRUNC, MSG_TRUNC }, { LINUX_MSG_DONTWAIT, MSG_DONTWAIT },
    { LINUX_MSG_EOR, MSG_EOR }, { LINUX_MSG_WAITALL, MSG_WAITALL },
#ifdef MSG_NOSIGNAL
    { LINUX_MSG_NOSIGNAL, MSG_NOSIGNAL },
#endif
#ifdef MSG_MORE
    { LINUX_MSG_MORE, MSG_MORE },
#endif
#ifdef MSG_CMSG_CLOEXEC
    { LINUX_MSG_CMSG_CLOEXEC, MSG_CMSG_CLOEXEC },
#endif
};

/* Linux flags a host lacks are dropped: MSG_NOSIGNAL changes nothing (the host runtime ignores
 * SIGPIPE), MSG_MORE is a hint. */
static int msg_flags_to_host(intptr_t flags)
{
    int host = 0;
    for (size_t i = 0; i < sizeof msg_flags / sizeof msg_flags[0]; i++)
        if (flags & msg_flags[i].linux_flag) host |= msg_flags[i].host_flag;
    return host;
}

static int msg_flags_from_host(int flags)
{
    int linux_flags = 0;
    for (size_t i = 0; i < sizeof msg_flags / sizeof msg_flags[0]; i++)
        if (flags & msg_flags[i].host_flag) linux_flags |= msg_flags[i].linux_flag;
    return linux_flags;
}

/* ---- the calls ---------------------------------------------------------------------------------------------- */

MC_HANDLER(sys_socket)
{
    int family = family_to_host(a), type = type_to_host(b);
    if (family < 0 || family == AF_UNSPEC) return -LINUX_EAFNOSUPPORT;
    if (type < 0 || (b & ~(intptr_t)(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC)))
        return -LINUX_EINVAL;
    int fd = socket(family, type | HOST_SOCK_CLOEXEC, (int)c);   /* protocol numbers are IANA's on every host */
    if (fd == -1) return -lx_errno(errno);
    return install_socket(fd, b);
}

MC_HANDLER(sys_socketpair)
{
    int family = family_to_host(a), type = type_to_host(b);
    int32_t *guest = (int32_t *)d;
    if (family < 0 || family == AF_UNSPEC) return -LINUX_EAFNOSUPPORT;
    if (type < 0 || (b & ~(intptr_t)(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC)))
        return -LINUX_EINVAL;
    int fds[2];
    if (socketpair(family, type | HOST_SOCK_CLOEXEC, (int)c, fds) == -1) return -lx_errno(errno);
    intptr_t first = install_socket(fds[0], b);
    if (first < 0) {
        close(fds[1]);
        return first;
    }
    intptr_t second = install_socket(fds[1], b);
    if (second < 0) {
        lx_fd_close(first);
        return second;
    }
    int32_t pair[2] = { (int32_t)first, (int32_t)second };
    if (LX_COPY_OUT(guest, pair) != 0) {
        lx_fd_close(first);
        lx_fd_close(second);
        return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_bind)
{
    LX_FD_OPEN(fd, a);
    struct sockaddr_storage addr;
    socklen_t len;
    intptr_t r = addr_to_host((const void *)b, c, &addr, &len);
    if (r < 0) return r;
    return lx_result(bind(fd.host, (struct sockaddr *)&addr, len));
}

/* connect waits in the host until the connection is made or fails (EINPROGRESS on a non-blocking
 * socket). Interrupted by a host signal, it is not repeated (that would fail with EALREADY): the
 * connection goes on, and it is waited for with poll as a non-blocking connect would be. */
MC_HANDLER(sys_connect)
{
    LX_FD_OPEN(fd, a);
    struct sockaddr_storage addr;
    socklen_t len;
    intptr_t r = addr_to_host((const void *)b, c, &addr, &len);
    if (r < 0) return r;
    if (connect(fd.host, (struct sockaddr *)&addr, len) == 0) return 0;
    if (errno != EINTR) return -lx_errno(errno);
    struct pollfd p = { fd.host, POLLOUT, 0 };
    while (poll(&p, 1, -1) == -1) {
        if (errno != EINTR) return -lx_errno(errno);
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;   /* the connection goes on being made, as on Linux */
    }
    int error = 0;
    socklen_t error_len = sizeof error;
    if (getsockopt(fd.host, SOL_SOCKET, SO_ERROR, &error, &error_len) == -1) return -lx_errno(errno);
    return error ? -lx_errno(error) : 0;
}

MC_HANDLER(sys_listen)
{
    LX_FD_OPEN(fd, a);
    return lx_result(listen(fd.host, (int)b));
}

static intptr_t do_accept(int fd, void *guest_addr, uint32_t *guest_len, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC)) return -LINUX_EINVAL;
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
#ifdef SOCK_CLOEXEC
    int client = (int)LX_RETRY(accept4(fd, (struct sockaddr *)&addr, &len, SOCK_CLOEXEC));
#else
    int client = (int)LX_RETRY(accept(fd, (struct sockaddr *)&addr, &len));
#endif
    if (client == -1) return -lx_errno(errno);
    intptr_t r = install_socket(client, flags);
    /* As on Linux, the connection is taken first; an address that cannot be written drops it. */
    if (r >= 0 && guest_addr != NULL) {
        intptr_t written = addr_pair_to_guest((struct sockaddr *)&addr, len, guest_addr, guest_len);
        if (written < 0) {
            lx_fd_close(r);
            return written;
        }
    }
    return r;
}

MC_HANDLER(sys_accept)
{
    LX_FD_OPEN(fd, a);
    return do_accept(fd.host, (void *)b, (uint32_t *)c, 0);
}

MC_HANDLER(sys_accept4)
{
    LX_FD_OPEN(fd, a);
    return do_accept(fd.host, (void *)b, (uint32_t *)c, d);
}

MC_HANDLER(sys_shutdown)
{
    LX_FD_OPEN(fd, a);
    int how;
    switch (b) {
    case LINUX_SHUT_RD: how = SHUT_RD; break;
    case LINUX_SHUT_WR: how = SHUT_WR; break;
    case LINUX_SHUT_RDWR: how = SHUT_RDWR; break;
    default: return -LINUX_EINVAL;
    }
    return lx_result(shutdown(fd.host, how));
}

static intptr_t name_of(int fd, void *guest_addr, uint32_t *guest_len, int peer)
{
    uint32_t room;
    intptr_t checked = addr_room(guest_len, &room);   /* read before the call, as Linux does */
    if (checked != 0) return checked;
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    int r = peer ? getpeername(fd, (struct sockaddr *)&addr, &len) : getsockname(fd, (struct sockaddr *)&addr, &len);
    if (r == -1) return -lx_errno(errno);
    return addr_pair_to_guest((struct sockaddr *)&addr, len, guest_addr, guest_len);
}

MC_HANDLER(sys_getsockname)
{
    LX_FD_OPEN(fd, a);
    return name_of(fd.host, (void *)b, (uint32_t *)c, 0);
}

MC_HANDLER(sys_getpeername)
{
    LX_FD_OPEN(fd, a);
    return name_of(fd.host, (void *)b, (uint32_t *)c, 1);
}

/* sendto(fd, buf, len, flags, addr, addr_len) */
MC_HANDLER(sys_sendto)
{
    LX_FD_OPEN(fd, a);
    struct sockaddr_storage addr;
    socklen_t len = 0;
    if (e != 0) {
        intptr_t r = addr_to_host((const void *)e, f, &addr, &len);
        if (r < 0) return r;
    }
    return lx_result(LX_RETRY(sendto(fd.host, (const void *)b, (size_t)c, msg_flags_to_host(d),
                                     e ? (struct sockaddr *)&addr : NULL, len)));
}

/* recvfrom(fd, buf, len, flags, addr, addr_len) */
MC_HANDLER(sys_recvfrom)
{
    LX_FD_OPEN(fd, a);
    void *guest_addr = (void *)e;
    uint32_t *guest_len = (uint32_t *)f;
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    long n = LX_RETRY(recvfrom(fd.host, (void *)b, (size_t)c, msg_flags_to_host(d),
                               guest_addr ? (struct sockaddr *)&addr : NULL, guest_addr ? &len : NULL));
    if (n == -1) return -lx_errno(errno);
    /* A connected stream socket reports no address (len 0): Linux leaves the guest's untouched too. */
    intptr_t written = 0;
    if (guest_addr != NULL && len > 0) written = addr_pair_to_guest((struct sockaddr *)&addr, len, guest_addr, guest_len);
    else if (guest_addr != NULL) {
        uint32_t none = 0;
        written = LX_COPY_OUT(guest_len, none);
    }
    return written < 0 ? written : n;
}

/* ---- sendmsg / recvmsg ----------------------------------------------------------------------------------------- */

#define LX_CMSG_ALIGN(n) (((n) + 7) & ~(size_t)7)
#define MAX_MSG_FDS 253   /* SCM_MAX_FD */

/* The guest's message as a host one: name, vectors, and SCM_RIGHTS control data (the only kind
 * translated; others are -EINVAL). Buffers come from `scratch`, freed by the caller. */
struct host_msg {
    struct msghdr msg;
    struct sockaddr_storage addr;
    struct iovec *iov;
    void *control;
    struct lx_fd *sent;   /* the descriptors being sent, held for the call */
    size_t sent_count;
    unsigned char *guest_control;   /* sending: a copy of the guest's control data */
};

/* The most control data a message may carry (Linux's default net.core.optmem_max). */
#define MAX_CONTROL 20480

static intptr_t msg_to_host(const struct linux_msghdr *g, struct host_msg *h, int receiving)
{
    memset(h, 0, sizeof *h);
    if (g->msg_iovlen > LINUX_UIO_MAXIOV) return -LINUX_EMSGSIZE;
    if (g->msg_name != 0) {
        if (receiving) {
            h->msg.msg_name = &h->addr;
            h->msg.msg_namelen = sizeof h->addr;
        } else {
            socklen_t len;
            intptr_t r = addr_to_host((const void *)(uintptr_t)g->msg_name, g->msg_namelen, &h->addr, &len);
            if (r < 0) return r;
            h->msg.msg_name = &h->addr;
            h->msg.msg_namelen = len;
        }
    }
    if (g->msg_iovlen > 0) {
        struct linux_iovec *giov = malloc(g->msg_iovlen * sizeof *giov);
        h->iov = malloc(g->msg_iovlen * sizeof *h->iov);
        intptr_t r = giov == NULL || h->iov == NULL ? -LINUX_ENOMEM
                   : lx_copy_in(giov, (const void *)(uintptr_t)g->msg_iov, g->msg_iovlen * sizeof *giov);
        for (uint64_t i = 0; r == 0 && i < g->msg_iovlen; i++) {
            h->iov[i].iov_base = (void *)(uintptr_t)giov[i].iov_base;
            h->iov[i].iov_len = (size_t)giov[i].iov_len;
        }
        free(giov);
        if (r != 0) return r;
    }
    h->msg.msg_iov = h->iov;
    h->msg.msg_iovlen = (int)g->msg_iovlen;
    if (g->msg_control == 0 || g->msg_controllen == 0) return 0;
    if (receiving) {
        /* Room for as many descriptors as the guest's buffer could hold. */
        size_t room = CMSG_SPACE(MAX_MSG_FDS * sizeof(int));
        h->control = calloc(1, room);
        if (h->control == NULL) return -LINUX_ENOMEM;
        h->msg.msg_control = h->control;
        h->msg.msg_controllen = room;
        return 0;
    }
    /* Sending: count the descriptors of every SCM_RIGHTS message, then copy them into one. */
    if (g->msg_controllen > MAX_CONTROL) return -LINUX_ENOBUFS;
    h->guest_control = malloc(g->msg_controllen);
    if (h->guest_control == NULL) return -LINUX_ENOMEM;
    if (lx_copy_in(h->guest_control, (const void *)(uintptr_t)g->msg_control, g->msg_controllen) != 0) return -LINUX_EFAULT;
    const unsigned char *base = h->guest_control;
    size_t total = 0;
    for (size_t off = 0; off + sizeof(struct linux_cmsghdr) <= g->msg_controllen;) {
        const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(base + off);
        if (c->cmsg_len < sizeof *c || off + c->cmsg_len > g->msg_controllen) return -LINUX_EINVAL;
        if (c->cmsg_level != LINUX_SOL_SOCKET || c->cmsg_type != LINUX_SCM_RIGHTS) return -LINUX_EINVAL;
        total += (c->cmsg_len - sizeof *c) / sizeof(int32_t);
        off += LX_CMSG_ALIGN(c->cmsg_len);
    }
    if (total == 0) return 0;
    if (total > MAX_MSG_FDS) return -LINUX_EINVAL;
    h->control = calloc(1, CMSG_SPACE(total * sizeof(int)));
    if (h->control == NULL) return -LINUX_ENOMEM;
    h->msg.msg_control = h->control;
    h->msg.msg_controllen = CMSG_SPACE(total * sizeof(int));
    struct cmsghdr *hc = CMSG_FIRSTHDR(&h->msg);
    hc->cmsg_level = SOL_SOCKET;
    hc->cmsg_type = SCM_RIGHTS;
    hc->cmsg_len = CMSG_LEN(total * sizeof(int));
    int *fds = (int *)CMSG_DATA(hc);
    h->sent = calloc(total, sizeof *h->sent);
    if (h->sent == NULL) return -LINUX_ENOMEM;
    for (size_t off = 0; off + sizeof(struct linux_cmsghdr) <= g->msg_controllen;) {
        const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(base + off);
        const int32_t *data = (const int32_t *)(c + 1);
        for (size_t i = 0; i < (c->cmsg_len - sizeof *c) / sizeof(int32_t); i++) {
            struct lx_fd *ref = &h->sent[h->sent_count++];
            *ref = lx_fd_get(data[i]);
            if (ref->host == -1) return -LINUX_EBADF;
            fds[h->sent_count - 1] = ref->host;
        }
        off += LX_CMSG_ALIGN(c->cmsg_len);
    }
    return 0;
}

/* Received SCM_RIGHTS descriptors into the descriptor table and their numbers into the guest's
 * control buffer; what does not fit (or finds no free number) is closed and reported as MSG_CTRUNC,
 * as Linux does. Other control messages are dropped (MSG_CTRUNC). A control buffer the guest cannot
 * take is -EFAULT, the descriptors closed again. */
static intptr_t control_from_host(struct host_msg *h, struct linux_msghdr *g, int cloexec)
{
    size_t room = g->msg_controllen < MAX_CONTROL ? g->msg_controllen : MAX_CONTROL, used = 0;
    unsigned char *base = calloc(1, room ? room : 1);
    if (base == NULL) {
        for (struct cmsghdr *hc = CMSG_FIRSTHDR(&h->msg); hc; hc = CMSG_NXTHDR(&h->msg, hc))
            if (hc->cmsg_level == SOL_SOCKET && hc->cmsg_type == SCM_RIGHTS)
                for (size_t i = 0; i < (hc->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) close(((int *)CMSG_DATA(hc))[i]);
        return -LINUX_ENOMEM;
    }
    for (struct cmsghdr *hc = CMSG_FIRSTHDR(&h->msg); hc; hc = CMSG_NXTHDR(&h->msg, hc)) {
        if (hc->cmsg_level != SOL_SOCKET || hc->cmsg_type != SCM_RIGHTS) {
            g->msg_flags |= LINUX_MSG_CTRUNC;
            continue;
        }
        int *fds = (int *)CMSG_DATA(hc);
        size_t count = (hc->cmsg_len - CMSG_LEN(0)) / sizeof(int), fit = 0;
        if (room >= used + sizeof(struct linux_cmsghdr))
            fit = (room - used - sizeof(struct linux_cmsghdr)) / sizeof(int32_t);
        if (fit > count) fit = count;
        if (fit > 0) {
            struct linux_cmsghdr *c = (struct linux_cmsghdr *)(base + used);
            c->cmsg_len = sizeof *c + fit * sizeof(int32_t);
            c->cmsg_level = LINUX_SOL_SOCKET;
            c->cmsg_type = LINUX_SCM_RIGHTS;
            int32_t *data = (int32_t *)(c + 1);
            size_t installed = 0;
            for (size_t i = 0; i < fit; i++) {
                intptr_t fd = lx_fd_install(fds[i], 0, cloexec);
                if (fd >= 0) data[installed++] = (int32_t)fd;
                else g->msg_flags |= LINUX_MSG_CTRUNC;
            }
            c->cmsg_len = sizeof *c + installed * sizeof(int32_t);
            used += LX_CMSG_ALIGN(c->cmsg_len);
            if (used > room) used = room;
        }
        for (size_t i = fit; i < count; i++) close(fds[i]);
        if (fit < count) g->msg_flags |= LINUX_MSG_CTRUNC;
    }
    intptr_t result = 0;
    if (lx_copy_out((void *)(uintptr_t)g->msg_control, base, used) != 0) {
        for (size_t off = 0; off + sizeof(struct linux_cmsghdr) <= used;) {
            const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(base + off);
            for (size_t i = 0; i < (c->cmsg_len - sizeof *c) / sizeof(int32_t); i++) lx_fd_close(((const int32_t *)(c + 1))[i]);
            off += LX_CMSG_ALIGN(c->cmsg_len);
        }
        result = -LINUX_EFAULT;
    }
    free(base);
    g->msg_controllen = used;
    return result;
}

static void host_msg_free(struct host_msg *h)
{
    for (size_t i = 0; i < h->sent_count; i++) lx_fd_put(&h->sent[i]);
    free(h->sent);
    free(h->iov);
    free(h->control);
    free(h->guest_control);
}

MC_HANDLER(sys_sendmsg)
{
    LX_FD_OPEN(fd, a);
    struct linux_msghdr g;
    if (LX_COPY_IN(g, (const void *)b) != 0) return -LINUX_EFAULT;
    struct host_msg h;
    intptr_t r = msg_to_host(&g, &h, 0);
    if (r == 0) r = lx_result(LX_RETRY(sendmsg(fd.host, &h.msg, msg_flags_to_host(c))));
    host_msg_free(&h);
    return r;
}

/* recvmsg: the guest's header is read, and written back with the name's and the control data's
 * lengths and the flags, as Linux writes them. */
MC_HANDLER(sys_recvmsg)
{
    LX_FD_OPEN(fd, a);
    struct linux_msghdr g;
    if (LX_COPY_IN(g, (const void *)b) != 0) return -LINUX_EFAULT;
    struct host_msg h;
    intptr_t r = msg_to_host(&g, &h, 1);
    if (r == 0) {
        /* Received descriptors come close-on-exec on the host, whatever the guest asked. */
        long n = LX_RETRY(recvmsg(fd.host, &h.msg, msg_flags_to_host(c) | HOST_CMSG_CLOEXEC));
        if (n == -1) {
            r = -lx_errno(errno);
        } else {
            r = n;
            g.msg_flags = msg_flags_from_host(h.msg.msg_flags) & ~LINUX_MSG_CTRUNC;
            if (h.msg.msg_flags & MSG_CTRUNC) g.msg_flags |= LINUX_MSG_CTRUNC;
            if (g.msg_name != 0) {
                uint32_t full = 0;
                if (h.msg.msg_namelen > 0 &&
                    addr_to_guest((struct sockaddr *)&h.addr, h.msg.msg_namelen, (void *)(uintptr_t)g.msg_name, g.msg_namelen, &full) != 0)
                    r = -LINUX_EFAULT;
                g.msg_namelen = full;
            }
            intptr_t control = 0;
            if (g.msg_control != 0 && h.control != NULL) control = control_from_host(&h, &g, (c & LINUX_MSG_CMSG_CLOEXEC) != 0);
            else g.msg_controllen = 0;
            if (control < 0) r = control;
            if (r >= 0 && LX_COPY_OUT((void *)b, g) != 0) r = -LINUX_EFAULT;
        }
    }
    host_msg_free(&h);
    return r;
}

/* ---- options ------------------------------------------------------------------------------------------------ */

enum opt_kind { OPT_INT, OPT_BOOL, OPT_LINGER, OPT_TIMEVAL, OPT_TYPE, OPT_ERROR, OPT_DOMAIN, OPT_BYTES };

struct sock_option {
    int linux_level, linux_name;
    int host_level, host_name;
    enum opt_kind kind;
};

static const struct sock_option options[] = {
    { LINUX_SOL_SOCKET, LINUX_SO_DEBUG, SOL_SOCKET, SO_DEBUG, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_REUSEADDR, SOL_SOCKET, SO_REUSEADDR, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_TYPE, SOL_SOCKET, SO_TYPE, OPT_TYPE },
    { LINUX_SOL_SOCKET, LINUX_SO_ERROR, SOL_SOCKET, SO_ERROR, OPT_ERROR },
    { LINUX_SOL_SOCKET, LINUX_SO_DONTROUTE, SOL_SOCKET, SO_DONTROUTE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_BROADCAST, SOL_SOCKET, SO_BROADCAST, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDBUF, SOL_SOCKET, SO_SNDBUF, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_RCVBUF, SOL_SOCKET, SO_RCVBUF, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_OOBINLINE, SOL_SOCKET, SO_OOBINLINE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_LINGER, SOL_SOCKET, SO_LINGER, OPT_LINGER },
#ifdef SO_REUSEPORT
    { LINUX_SOL_SOCKET, LINUX_SO_REUSEPORT, SOL_SOCKET, SO_REUSEPORT, OPT_BOOL },
#endif
#ifdef SO_PEERCRED
    { LINUX_SOL_SOCKET, LINUX_SO_PEERCRED, SOL_SOCKET, SO_PEERCRED, OPT_BYTES },   /* struct ucred: Linux hosts */
#endif
    { LINUX_SOL_SOCKET, LINUX_SO_RCVLOWAT, SOL_SOCKET, SO_RCVLOWAT, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDLOWAT, SOL_SOCKET, SO_SNDLOWAT, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_RCVTIMEO, SOL_SOCKET, SO_RCVTIMEO, OPT_TIMEVAL },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDTIMEO, SOL_SOCKET, SO_SNDTIMEO, OPT_TIMEVAL },
#ifdef SO_ACCEPTCONN
    { LINUX_SOL_SOCKET, LINUX_SO_ACCEPTCONN, SOL_SOCKET, SO_ACCEPTCONN, OPT_BOOL },
#endif
#ifdef SO_PROTOCOL
    { LINUX_SOL_SOCKET, LINUX_SO_PROTOCOL, SOL_SOCKET, SO_PROTOCOL, OPT_INT },
#endif
#ifdef SO_DOMAIN
    { LINUX_SOL_SOCKET, LINUX_SO_DOMAIN, SOL_SOCKET, SO_DOMAIN, OPT_DOMAIN },
#endif
    { LINUX_IPPROTO_TCP, LINUX_TCP_NODELAY, IPPROTO_TCP, TCP_NODELAY, OPT_BOOL },
    { LINUX_IPPROTO_TCP, LINUX_TCP_MAXSEG, IPPROTO_TCP, TCP_MAXSEG, OPT_INT },
#ifdef TCP_CORK
    { LINUX_IPPROTO_TCP, LINUX_TCP_CORK, IPPROTO_TCP, TCP_CORK, OPT_BOOL },
#endif
#ifdef TCP_KEEPIDLE
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPIDLE, IPPROTO_TCP, TCP_KEEPIDLE, OPT_INT },
#endif
#ifdef TCP_KEEPINTVL
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPINTVL, IPPROTO_TCP, TCP_KEEPINTVL, OPT_INT },
#endif
#ifdef TCP_KEEPCNT
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPCNT, IPPROTO_TCP, TCP_KEEPCNT, OPT_INT },
#endif
    { LINUX_IPPROTO_IP, LINUX_IP_TOS, IPPROTO_IP, IP_TOS, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_TTL, IPPROTO_IP, IP_TTL, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_IF, IPPROTO_IP, IP_MULTICAST_IF, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_ADD_MEMBERSHIP, IPPROTO_IP, IP_ADD_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_DROP_MEMBERSHIP, IPPROTO_IP, IP_DROP_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_UNICAST_HOPS, IPPROTO_IPV6, IPV6_UNICAST_HOPS, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_IF, IPPROTO_IPV6, IPV6_MULTICAST_IF, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_HOPS, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_LOOP, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_ADD_MEMBERSHIP, IPPROTO_IPV6, IPV6_JOIN_GROUP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_DROP_MEMBERSHIP, IPPROTO_IPV6, IPV6_LEAVE_GROUP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY, OPT_BOOL },
};

static const struct sock_option *find_option(intptr_t level, intptr_t name)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].linux_level == level && options[i].linux_name == name) return &options[i];
    return NULL;
}

struct linux_timeval_opt {
    int64_t tv_sec;
    int64_t tv_usec;
};

/* setsockopt(fd, level, name, value, len) */
MC_HANDLER(sys_setsockopt)
{
    LX_FD_OPEN(fd, a);
    const struct sock_option *o = find_option(b, c);
    intptr_t len = e;
    if (o == NULL) return -LINUX_ENOPROTOOPT;
    if (len < 0) return -LINUX_EINVAL;
    /* The option's value, copied in: every option here is small; more than that is not read. */
    unsigned char value[64];
    size_t taken = (size_t)len < sizeof value ? (size_t)len : sizeof value;
    if (lx_copy_in(value, (const void *)d, taken) != 0) return -LINUX_EFAULT;
    switch (o->kind) {
    case OPT_INT:
    case OPT_BOOL: {
        int v;
        if (len < (intptr_t)sizeof(int)) return -LINUX_EINVAL;
        memcpy(&v, value, sizeof v);
        return lx_result(setsockopt(fd.host, o->host_level, o->host_name, &v, sizeof v));
    }
    case OPT_LINGER: {
        struct linux_linger l;
        if (len < (intptr_t)sizeof l) return -LINUX_EINVAL;
        memcpy(&l, value, sizeof l);
        struct linger h = { l.l_onoff, l.l_linger };
        return lx_result(setsockopt(fd.host, o->host_level, o->host_name, &h, sizeof h));
    }
    case OPT_TIMEVAL: {
        struct linux_timeval_opt t;
        if (len < (intptr_t)sizeof t) return -LINUX_EINVAL;
        memcpy(&t, value, sizeof t);
        if (t.tv_usec < 0 || t.tv_usec >= 1000000) return -LINUX_EDOM;
        if (t.tv_sec < 0) t.tv_sec = 0, t.tv_usec = 0;   /* Linux: a negative timeout is none */
        struct timeval h = { (time_t)t.tv_sec, (suseconds_t)t.tv_usec };
        return lx_result(setsockopt(fd.host, o->host_level, o->host_name, &h, sizeof h));
    }
    case OPT_BYTES:
        return lx_result(setsockopt(fd.host, o->host_level, o->host_name, value, (socklen_t)taken));
    default:   /* read-only: SO_TYPE, SO_ERROR, SO_DOMAIN */
        return -LINUX_ENOPROTOOPT;
    }
}

/* getsockopt(fd, level, name, value, len_ptr): at most *len bytes written, *len set to the size
 * written (Linux truncates an int option to a shorter buffer the same way). */
MC_HANDLER(sys_getsockopt)
{
    LX_FD_OPEN(fd, a);
    const struct sock_option *o = find_option(b, c);
    void *value = (void *)d;
    uint32_t *len_ptr = (uint32_t *)e;
    if (o == NULL) return -LINUX_ENOPROTOOPT;
    int32_t len;
    if (LX_COPY_IN(len, len_ptr) != 0) return -LINUX_EFAULT;
    if (len < 0) return -LINUX_EINVAL;
    unsigned char out[64];
    size_t out_len;
    switch (o->kind) {
    case OPT_LINGER: {
        struct linger h;
        socklen_t hl = sizeof h;
        if (getsockopt(fd.host, o->host_level, o->host_name, &h, &hl) == -1) return -lx_errno(errno);
        struct linux_linger l = { h.l_onoff, h.l_linger };
        memcpy(out, &l, out_len = sizeof l);
        break;
    }
    case OPT_TIMEVAL: {
        struct timeval h;
        socklen_t hl = sizeof h;
        if (getsockopt(fd.host, o->host_level, o->host_name, &h, &hl) == -1) return -lx_errno(errno);
        struct linux_timeval_opt t = { h.tv_sec, h.tv_usec };
        memcpy(out, &t, out_len = sizeof t);
        break;
    }
    case OPT_BYTES: {
        socklen_t hl = (socklen_t)(len < (int32_t)sizeof out ? len : (int32_t)sizeof out);
        if (getsockopt(fd.host, o->host_level, o->host_name, out, &hl) == -1) return -lx_errno(errno);
        out_len = hl;
        break;
    }
    default: {
        int v = 0;
        socklen_t hl = sizeof v;
        if (getsockopt(fd.host, o->host_level, o->host_name, &v, &hl) == -1) return -lx_errno(errno);
        if (o->kind == OPT_TYPE) v = type_from_host(v);
        else if (o->kind == OPT_ERROR) v = v ? lx_errno(v) : 0;
        else if (o->kind == OPT_DOMAIN) v = family_from_host(v);
        else if (o->kind == OPT_BOOL) v = v != 0;
        int32_t v32 = v;
        memcpy(out, &v32, out_len = sizeof v32);
        break;
    }
    }
    size_t n = (size_t)len < out_len ? (size_t)len : out_len;
    uint32_t written = (uint32_t)n;
    if (lx_copy_out(value, out, n) != 0 || LX_COPY_OUT(len_ptr, written) != 0) return -LINUX_EFAULT;
    return 0;
}

/* The socket family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry socket_syscalls[] = { MC_FAMILY_socket(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void socket_module_init(void)
{
    MC_REGISTER_TABLE(socket_syscalls);
}
