/* open(2) flags, Linux <-> host. The access mode (O_RDONLY,
 * O_WRONLY, O_RDWR) is a value, not a bit set, so it is translated apart from the bits. */
#include <fcntl.h>
#include "posix.h"

/* Linux bit -> host bit. Bits a host lacks are left out: the flag is then ignored, which for these
 * (hints and options) is what an old Linux kernel does with a flag it does not know. */
static const struct {
    int lx, host;
} open_bits[] = {
    { LINUX_O_CREAT, O_CREAT },
    { LINUX_O_EXCL, O_EXCL },
    { LINUX_O_NOCTTY, O_NOCTTY },
    { LINUX_O_TRUNC, O_TRUNC },
    { LINUX_O_APPEND, O_APPEND },
    { LINUX_O_NONBLOCK, O_NONBLOCK },
    { LINUX_O_DIRECTORY, O_DIRECTORY },
    { LINUX_O_NOFOLLOW, O_NOFOLLOW },
    { LINUX_O_CLOEXEC, O_CLOEXEC },
#ifdef O_DSYNC
    { LINUX_O_DSYNC, O_DSYNC },
#endif
#ifdef O_ASYNC
    { LINUX_O_ASYNC, O_ASYNC },
#endif
#ifdef O_DIRECT
    { LINUX_O_DIRECT, O_DIRECT },
#endif
#ifdef O_NOATIME
    { LINUX_O_NOATIME, O_NOATIME },
#endif
    /* O_LARGEFILE: every file is large on a 64-bit host; the host's value is 0, nothing to set. */
};

int lx_open_flags_to_host(intptr_t flags)
{
    int host;
    switch (flags & LINUX_O_ACCMODE) {
    case LINUX_O_WRONLY: host = O_WRONLY; break;
    case LINUX_O_RDWR: host = O_RDWR; break;
    case LINUX_O_RDONLY: host = O_RDONLY; break;
    default: host = O_RDWR | O_WRONLY; break;  /* 3: Linux passes it through; the host decides */
    }
    for (size_t i = 0; i < sizeof(open_bits) / sizeof(open_bits[0]); i++)
        if (flags & open_bits[i].lx) host |= open_bits[i].host;
    /* Multi-bit flags: O_SYNC includes O_DSYNC's bit, O_TMPFILE includes O_DIRECTORY's. */
    if ((flags & LINUX_O_SYNC) == LINUX_O_SYNC) host |= O_SYNC;
#ifdef O_PATH
    if (flags & LINUX_O_PATH) host |= O_PATH;
#endif
#ifdef O_TMPFILE
    if ((flags & LINUX_O_TMPFILE) == LINUX_O_TMPFILE) host |= O_TMPFILE;
#endif
    return host;
}

intptr_t lx_open_flags_from_host(int host)
{
    intptr_t flags;
    switch (host & O_ACCMODE) {
    case O_WRONLY: flags = LINUX_O_WRONLY; break;
    case O_RDWR: flags = LINUX_O_RDWR; break;
    default: flags = LINUX_O_RDONLY; break;
    }
    if ((host & O_SYNC) == O_SYNC) flags |= LINUX_O_SYNC;
#ifdef O_PATH
    if (host & O_PATH) flags |= LINUX_O_PATH;
#endif
    for (size_t i = 0; i < sizeof(open_bits) / sizeof(open_bits[0]); i++)
        if (host & open_bits[i].host) flags |= open_bits[i].lx;
    /* O_LARGEFILE, which a 64-bit Linux sets on files opened with open(2), is not reported: the host
     * libc cannot name it (its O_LARGEFILE is 0), and no program needs it. */
    return flags;
}
