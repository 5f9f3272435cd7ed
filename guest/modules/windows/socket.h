/* socket.h - sockets on the Windows host over Winsock: what the socket module (libmc-socket.so) and the fd
 * module (read, write, poll and ioctl of a socket descriptor) share.
 *
 * Every Winsock socket behind a descriptor is kept in non-blocking mode, whatever the guest asked:
 * a call that should wait (a blocking socket's recv, send, accept, connect) waits here, in slices with
 * the checkpoint between them (module.h), as every other wait of these modules does. So O_NONBLOCK,
 * MSG_DONTWAIT and SO_RCVTIMEO / SO_SNDTIMEO are the module's to apply, per open file as on Linux.
 *
 * socketpair has no Winsock equivalent: it is a pair of loopback TCP (or UDP) sockets connected to each
 * other, which the guest sees as AF_UNIX (socketpair.c). Both ends being in this process, the pair
 * carries what TCP cannot: descriptors sent with SCM_RIGHTS (queued beside the stream, at the place of
 * the bytes they came with) and the knowledge that the peer has closed (EPIPE on send, as AF_UNIX).
 */
#ifndef MC_WINDOWS_SOCKET_H
#define MC_WINDOWS_SOCKET_H

#include "windows.h"

/* Descriptors sent with one message, waiting for the receiving end of a pair. The files are copies made
 * for the receiver (socket_msg.c), not yet in the descriptor table. */
struct win_rights {
    struct win_rights *next;
    uint64_t at;        /* where the message starts in the sender's stream (bytes; datagrams: their count) */
    uint64_t length;    /* how much the message carries (a read stops at its end, as Linux's does) */
    size_t count;
    struct win_file *files[];
};

/* The shared state of the two ends of a socketpair. */
struct win_pair {
    host_mutex lock;            /* held around each non-blocking send or receive of either end */
    int ends;                   /* ends still open: the pair goes with the last */
    uint8_t closed[2];
    uint64_t sent[2];           /* what end i has sent (bytes; datagrams: their count) */
    uint64_t received[2];       /* what end i has received, counted the same way */
    struct win_rights *queue[2];   /* rights waiting for end i, in stream order */
};

/* A socket's Linux view, kept because Winsock cannot say it (an AF_UNIX pair is TCP underneath) or
 * because the module applies it itself (timeouts, SO_REUSEADDR: docs/hosts-sockets-notes.md). */
struct win_socket {
    int family, type, protocol;   /* Linux's values */
    int reuseaddr;
    int64_t receive_timeout_ns, send_timeout_ns;   /* 0: none */
    struct win_pair *pair;
    int side;                     /* this end's index in pair */
    /* AF_UNIX: the paths (guest bytes, no NUL; length 0: unnamed) it is bound and connected to, which
     * the loopback socket underneath cannot say (socket_file.c). */
    uint8_t local_length, peer_length;
    char local[108], peer[108];
};

static inline SOCKET win_socket_of(const struct win_file *f) { return (SOCKET)(uintptr_t)f->handle; }

/* -errno of WSAGetLastError() (wsa_errno.c), and of a given Winsock error. */
MC_HIDDEN int lx_wsa_errno(int error);
static inline intptr_t lx_socket_error(void) { return -(intptr_t)lx_wsa_errno(WSAGetLastError()); }

/* ---- the socket module's own (libmc-socket.so) ------------------------------------------------------------ */

/* socket.c: a file object for a new Winsock socket (made non-blocking here) with its Linux view; NULL
 * (the socket closed) without memory. */
MC_HIDDEN struct win_file *win_socket_file(SOCKET sock, int family, int type, int protocol, uint32_t status);
/* socket.c: the file object into the descriptor table with SOCK_NONBLOCK / SOCK_CLOEXEC of `flags`: the
 * number, or -errno (the object closed). */
MC_HIDDEN intptr_t win_socket_install(struct win_file *f, intptr_t flags);
/* socketpair.c: socketpair (53). */
MC_HIDDEN intptr_t win_socketpair(intptr_t family, intptr_t type, intptr_t protocol, int32_t *guest);
/* socket_msg.c: sendmsg (46) and recvmsg (47). */
MC_HIDDEN intptr_t win_sendmsg(intptr_t fd, const void *guest, intptr_t flags);
MC_HIDDEN intptr_t win_recvmsg(intptr_t fd, void *guest, intptr_t flags);
/* socket_options.c: setsockopt (54) and getsockopt (55). */
MC_HIDDEN intptr_t win_setsockopt(intptr_t fd, intptr_t level, intptr_t name, const void *value, intptr_t len);
MC_HIDDEN intptr_t win_getsockopt(intptr_t fd, intptr_t level, intptr_t name, void *value, uint32_t *len);

/* ---- sockaddr.c: addresses ------------------------------------------------------------------------------ */

/* Room for any address Winsock gives or takes here (sockaddr_un: 110 bytes). */
#define WIN_SOCKADDR_MAX 128

/* A guest (Linux) address of `len` bytes for socket s, as Winsock's, into out: its length, or -errno
 * (-EAFNOSUPPORT for a family Windows or the socket has not, -EINVAL for a short one). An AF_UNIX path is
 * the loopback address its socket file records (-ENOENT without one, -ECONNREFUSED for a file that is
 * not a socket's, -EPROTOTYPE for a socket of the other type). */
MC_HIDDEN intptr_t win_sockaddr_from_guest(const struct win_socket *s, const void *guest, intptr_t len, BYTE out[WIN_SOCKADDR_MAX]);
/* The path of a guest AF_UNIX address, into path (NUL-terminated, at most 108 bytes): its length, or
 * -errno (-EOPNOTSUPP for Linux's abstract names and autobind, which this host has not). */
MC_HIDDEN intptr_t win_unix_path(const void *guest, intptr_t len, char path[109]);
/* A Winsock address in Linux's layout, into buf: its length. A socket the guest sees as AF_UNIX
 * (linux_family) is unnamed here (just the family); so is host_len 0. */
MC_HIDDEN size_t win_sockaddr_to_linux(const BYTE *host, int host_len, int linux_family, unsigned char buf[WIN_SOCKADDR_MAX]);
/* As win_sockaddr_to_linux, into the guest's (address, length pointer) pair, cut to the room the
 * length says (as Linux does) and the length set to the whole: 0, or -errno. */
MC_HIDDEN intptr_t win_sockaddr_to_guest(const BYTE *host, int host_len, int linux_family, void *guest, uint32_t *guest_len);
/* An AF_UNIX name (path bytes; length 0: unnamed) into the guest's (address, length pointer) pair. */
MC_HIDDEN intptr_t win_unix_name_to_guest(const char *path, size_t length, void *guest, uint32_t *guest_len);

/* ---- socket_io.c: data in and out, and readiness ------------------------------------------------------ */

/* What a receive reports besides its length. */
struct win_received {
    BYTE from[128];               /* the sender's address, Windows layout (from_len bytes; 0: none) */
    int from_len;
    int flags;                    /* Linux MSG_TRUNC for a datagram cut short */
    int want_rights;              /* recvmsg: keep SCM_RIGHTS for the caller (else they are closed) */
    struct win_rights *rights;    /* what arrived: the caller installs or releases them */
};

/* Receives into `bufs` (guest memory; `count` of them, advanced as they fill) with Linux's MSG_ flags:
 * waits unless O_NONBLOCK or MSG_DONTWAIT, honours SO_RCVTIMEO and MSG_WAITALL; a datagram longer than
 * the buffers is cut (MSG_TRUNC: its whole length returned). The length, or -errno. */
MC_HIDDEN intptr_t win_socket_receive(struct win_file *f, struct win_wsabuf *bufs, size_t count, int flags,
                                      struct win_received *out);
/* Sends `bufs` (one datagram on a datagram socket) to `to` (Windows layout; NULL: the peer), waiting on a
 * blocking socket until all is sent. `rights` (or NULL) go with the first byte, to a pair's other end.
 * The length sent, or -errno; on failure the rights are the caller's still. */
MC_HIDDEN intptr_t win_socket_send(struct win_file *f, struct win_wsabuf *bufs, size_t count, int flags,
                                   const void *to, int to_len, struct win_rights **rights);
/* Waits until the socket can be read (or accepted from) or written, at most until deadline (monotonic
 * ns; INT64_MAX: no end): 0, or -EAGAIN when the deadline passed. */
MC_HIDDEN intptr_t win_socket_wait(struct win_file *f, int writing, int64_t deadline);
/* Linux poll events of a socket, of those asked for (and POLLERR, POLLHUP). */
MC_HIDDEN int16_t win_socket_readiness(struct win_file *f, int16_t events);
/* Releases rights nobody will receive: the copies of the files are closed. */
MC_HIDDEN void win_rights_release(struct win_rights *r);
/* The deadline of a wait of timeout_ns from now (0: none). */
MC_HIDDEN int64_t win_deadline(int64_t timeout_ns);

/* A guest buffer as the WSABUF Winsock takes (its length cut to Linux's most for one call). */
static inline struct win_wsabuf win_wsabuf(const void *guest, size_t length)
{
    struct win_wsabuf b = { (ULONG)(length > 0x7ffff000 ? 0x7ffff000 : length), (char *)(uintptr_t)guest };
    return b;
}

#endif
