/* poll (7) for libmc-fd.so. The host poll waits at most LX_SLICE_NS at a time so that a thread
 * killed while it waits ends within one slice (see lx_checkpoint). */
#include <poll.h>
#include <stdlib.h>
#include "fd.h"

static const struct {
    int16_t lx;
    short host;
} poll_bits[] = {
    { LINUX_POLLIN, POLLIN },
    { LINUX_POLLPRI, POLLPRI },
    { LINUX_POLLOUT, POLLOUT },
    { LINUX_POLLERR, POLLERR },
    { LINUX_POLLHUP, POLLHUP },
    { LINUX_POLLNVAL, POLLNVAL },
    { LINUX_POLLRDNORM, POLLRDNORM },
    { LINUX_POLLRDBAND, POLLRDBAND },
    { LINUX_POLLWRNORM, POLLWRNORM },
    { LINUX_POLLWRBAND, POLLWRBAND },
#ifdef POLLRDHUP
    { LINUX_POLLRDHUP, POLLRDHUP },
#endif
};

static short events_to_host(int16_t events)
{
    short host = 0;
    for (size_t i = 0; i < sizeof(poll_bits) / sizeof(poll_bits[0]); i++)
        if (events & poll_bits[i].lx) host |= poll_bits[i].host;
    return host;
}

static int16_t events_from_host(short host)
{
    int16_t events = 0;
    for (size_t i = 0; i < sizeof(poll_bits) / sizeof(poll_bits[0]); i++)
        if (host & poll_bits[i].host) events |= poll_bits[i].lx;
    return events;
}

/* One host poll of at most slice_ms; fills the guest's revents when something is ready. Returns
 * the number ready, 0, or -errno. The host array lives only for this call, so that nothing is
 * held across the checkpoint between slices. */
static intptr_t poll_once(struct linux_pollfd *guest, size_t count, int slice_ms)
{
    struct pollfd small[32];
    struct pollfd *host = count <= 32 ? small : malloc(count * sizeof *host);
    if (host == NULL) return -LINUX_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        host[i].fd = guest[i].fd;
        host[i].events = events_to_host(guest[i].events);
        host[i].revents = 0;
    }
    int r = poll(host, (nfds_t)count, slice_ms);
    intptr_t result = r == -1 ? (errno == EINTR ? 0 : -lx_errno(errno)) : r;
    for (size_t i = 0; i < count; i++)
        guest[i].revents = result > 0 ? events_from_host(host[i].revents) : 0;
    if (host != small) free(host);
    return result;
}

intptr_t mc_fd_poll(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    struct linux_pollfd *guest = (struct linux_pollfd *)a;
    uint64_t count = (uint64_t)b;
    int timeout_ms = (int)c;
    if (count > (1u << 20)) return -LINUX_EINVAL;   /* Linux: more than RLIMIT_NOFILE allows */
    if (count > 0 && guest == NULL) return -LINUX_EFAULT;
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : lx_add_ns(lx_clock_ns(CLOCK_MONOTONIC), timeout_ms * 1000000LL);
    for (;;) {
        int64_t left = deadline - lx_clock_ns(CLOCK_MONOTONIC);
        if (left < 0) left = 0;
        int64_t slice = left < LX_SLICE_NS ? left : LX_SLICE_NS;
        /* Round up: a sub-millisecond remainder must still wait rather than spin. */
        intptr_t r = poll_once(guest, (size_t)count, (int)((slice + 999999) / 1000000));
        if (r != 0 || left == 0) return r;
        lx_checkpoint();
    }
}
