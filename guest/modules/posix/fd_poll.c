/* poll (7) for libmc-fd.so. The host poll waits at most LX_SLICE_NS at a time so that a thread
 * killed while it waits ends within one slice (see lx_checkpoint). */
#include <poll.h>
#include <stdlib.h>
#include "fd.h"
#include "fdtable.h"

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
 * the number ready, 0, or -errno. The host array and the references to the descriptors live only for
 * this call, so that nothing is held across the checkpoint between slices. A number that is not open
 * is ready at once with POLLNVAL, as on Linux; a negative one is ignored. */
static intptr_t poll_once(struct linux_pollfd *guest, size_t count, int slice_ms)
{
    struct linux_pollfd small_copy[32];
    struct pollfd small[32];
    struct lx_fd small_refs[32];
    struct linux_pollfd *copy = count <= 32 ? small_copy : malloc(count * sizeof *copy);
    struct pollfd *host = count <= 32 ? small : malloc(count * sizeof *host);
    struct lx_fd *refs = count <= 32 ? small_refs : malloc(count * sizeof *refs);
    intptr_t result = 0;
    size_t held = 0;
    if (copy == NULL || host == NULL || refs == NULL) {
        result = -LINUX_ENOMEM;
        goto done;
    }
    if (lx_copy_in(copy, guest, count * sizeof *copy) != 0) {
        result = -LINUX_EFAULT;
        goto done;
    }
    int invalid = 0;
    for (; held < count; held++) {
        refs[held] = lx_fd_get(copy[held].fd < 0 ? -1 : copy[held].fd);
        host[held].fd = refs[held].host;
        host[held].events = events_to_host(copy[held].events);
        host[held].revents = 0;
        if (copy[held].fd >= 0 && refs[held].host == -1) invalid++;
    }
    int r = poll(host, (nfds_t)count, invalid ? 0 : slice_ms);
    if (r == -1 && errno != EINTR && !invalid) result = -lx_errno(errno);
    else result = (r > 0 ? r : 0) + invalid;
    for (size_t i = 0; i < count; i++) {
        int bad = copy[i].fd >= 0 && refs[i].host == -1;
        copy[i].revents = bad ? LINUX_POLLNVAL : r > 0 ? events_from_host(host[i].revents) : 0;
    }
    if (result >= 0 && lx_copy_out(guest, copy, count * sizeof *copy) != 0) result = -LINUX_EFAULT;
done:
    for (size_t i = 0; i < held; i++) lx_fd_put(&refs[i]);
    if (copy != small_copy) free(copy);
    if (host != small) free(host);
    if (refs != small_refs) free(refs);
    return result;
}

intptr_t sys_poll(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    struct linux_pollfd *guest = (struct linux_pollfd *)a;
    uint64_t count = (uint64_t)b;
    int timeout_ms = (int)c;
    if (count > (1u << 20)) return -LINUX_EINVAL;   /* Linux: more than RLIMIT_NOFILE allows */
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : lx_add_ns(lx_clock_ns(CLOCK_MONOTONIC), timeout_ms * 1000000LL);
    for (;;) {
        int64_t left = deadline - lx_clock_ns(CLOCK_MONOTONIC);
        if (left < 0) left = 0;
        int64_t slice = left < LX_SLICE_NS ? left : LX_SLICE_NS;
        /* Round up: a sub-millisecond remainder must still wait rather than spin. */
        intptr_t r = poll_once(guest, (size_t)count, (int)((slice + 999999) / 1000000));
        if (r != 0 || left == 0) return r;
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;   /* poll is never restarted after a handler (Linux) */
    }
}
