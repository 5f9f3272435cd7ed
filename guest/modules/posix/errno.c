/* Host errno values to Linux's. On a Linux host this is the identity; elsewhere (a BSD or macOS
 * host numbers most errors differently above 34) it is where the values are translated. A table,
 * not a switch: hosts alias names (EWOULDBLOCK = EAGAIN, ENOTSUP = EOPNOTSUPP, EDEADLOCK = EDEADLK)
 * and a switch would not compile with duplicate values. Only the error path looks here. */
#include "posix.h"

#define E(name) { name, LINUX_##name },

static const struct {
    int host, lx;
} errno_map[] = {
    /* Every Linux error the host also names (abi/errno.tsv, through abi/generate.sh). */
#include "errno_from_host.inc"
};

int lx_errno(int host_errno)
{
    for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
        if (errno_map[i].host == host_errno) return errno_map[i].lx;
    if (host_errno == EWOULDBLOCK) return LINUX_EAGAIN;
    if (host_errno == ENOTSUP) return LINUX_EOPNOTSUPP;
    return LINUX_EIO;   /* a host error Linux has no name for */
}
