/* Host errno values to Linux's. On a Linux host this is the identity; elsewhere (a BSD or macOS
 * host numbers most errors differently above 34) it is where the values are translated. A table,
 * not a switch: hosts alias names (EWOULDBLOCK = EAGAIN, ENOTSUP = EOPNOTSUPP, EDEADLOCK = EDEADLK)
 * and a switch would not compile with duplicate values. Only the error path looks here. */
#include "../module.h"

#define E(name) { name, LINUX_##name },

static const struct {
    int host, lx;
} errno_map[] = {
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF)
    E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV)
    E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC)
    E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG)
    E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENOMSG) E(EIDRM) E(ENOLINK) E(EPROTO)
    E(EMULTIHOP) E(EBADMSG) E(EOVERFLOW) E(EILSEQ) E(ENOTSOCK) E(EDESTADDRREQ) E(EMSGSIZE)
    E(EPROTOTYPE) E(ENOPROTOOPT) E(EPROTONOSUPPORT) E(EOPNOTSUPP) E(EAFNOSUPPORT) E(EADDRINUSE)
    E(EADDRNOTAVAIL) E(ENETDOWN) E(ENETUNREACH) E(ENETRESET) E(ECONNABORTED) E(ECONNRESET)
    E(ENOBUFS) E(EISCONN) E(ENOTCONN) E(ETIMEDOUT) E(ECONNREFUSED) E(EHOSTUNREACH) E(EALREADY)
    E(EINPROGRESS) E(ESTALE) E(EDQUOT) E(ECANCELED) E(EOWNERDEAD) E(ENOTRECOVERABLE)
    /* not in POSIX: only where the host has them */
#ifdef ENOTBLK
    E(ENOTBLK)
#endif
#ifdef ENOSTR
    E(ENOSTR)
#endif
#ifdef ENODATA
    E(ENODATA)
#endif
#ifdef ETIME
    E(ETIME)
#endif
#ifdef ENOSR
    E(ENOSR)
#endif
#ifdef EREMOTE
    E(EREMOTE)
#endif
#ifdef EUSERS
    E(EUSERS)
#endif
#ifdef ESOCKTNOSUPPORT
    E(ESOCKTNOSUPPORT)
#endif
#ifdef EPFNOSUPPORT
    E(EPFNOSUPPORT)
#endif
#ifdef ESHUTDOWN
    E(ESHUTDOWN)
#endif
#ifdef ETOOMANYREFS
    E(ETOOMANYREFS)
#endif
#ifdef EHOSTDOWN
    E(EHOSTDOWN)
#endif
};

int lx_errno(int host_errno)
{
    for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
        if (errno_map[i].host == host_errno) return errno_map[i].lx;
    if (host_errno == EWOULDBLOCK) return LINUX_EAGAIN;
    if (host_errno == ENOTSUP) return LINUX_EOPNOTSUPP;
    return LINUX_EIO;   /* a host error Linux has no name for */
}
