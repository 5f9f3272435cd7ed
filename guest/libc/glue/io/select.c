/* select.c - select and pselect over poll (the standard modules have no select syscall). As on Linux:
 * a descriptor is readable when poll reports POLLIN, POLLHUP or POLLERR, writable on POLLOUT or
 * POLLERR, exceptional on POLLPRI; a descriptor in a set that is not open fails the whole call with
 * EBADF; the sets are rewritten to hold the ready descriptors; select writes the time left into its
 * timeout. Timeouts are rounded up to whole milliseconds (poll's unit), never down. */
#include "libc_internal.h"
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

#define READ_READY  (POLLIN | POLLHUP | POLLERR)
#define WRITE_READY (POLLOUT | POLLERR)
#define EXCEPT_READY POLLPRI

static int in_set(const fd_set *set, int fd) { return set && FD_ISSET(fd, set); }

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The common part: timeout_ns < 0 waits forever. Returns the ready count or -1 with errno. */
static int wait_sets(int n, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, int64_t timeout_ns,
                     int64_t *left_ns)
{
    if (n < 0) { errno = EINVAL; return -1; }
    int count = 0;
    for (int fd = 0; fd < n; fd++)
        if (in_set(readfds, fd) || in_set(writefds, fd) || in_set(exceptfds, fd)) count++;

    struct pollfd small[64];
    struct pollfd *fds = count <= 64 ? small : malloc((size_t)count * sizeof *fds);
    if (fds == NULL) { errno = ENOMEM; return -1; }
    int used = 0;
    for (int fd = 0; fd < n; fd++) {
        short events = 0;
        if (in_set(readfds, fd)) events |= POLLIN;
        if (in_set(writefds, fd)) events |= POLLOUT;
        if (in_set(exceptfds, fd)) events |= POLLPRI;
        if (events) fds[used++] = (struct pollfd){ .fd = fd, .events = events, .revents = 0 };
    }

    int64_t start = now_ns();
    int64_t deadline = timeout_ns < 0 ? -1 : start + timeout_ns;
    int r;
    for (;;) {
        int ms;
        if (deadline < 0) ms = -1;
        else {
            int64_t remaining = deadline - now_ns();
            if (remaining < 0) remaining = 0;
            int64_t rounded = (remaining + 999999) / 1000000;
            ms = rounded > INT_MAX ? INT_MAX : (int)rounded;
        }
        r = poll(fds, (nfds_t)used, ms);
        if (r != 0 || deadline < 0 || now_ns() >= deadline) break;   /* a long timeout waits again */
    }
    if (left_ns) {
        int64_t left = deadline < 0 ? 0 : deadline - now_ns();
        *left_ns = left < 0 ? 0 : left;
    }
    if (r < 0) {
        if (fds != small) free(fds);
        return -1;
    }
    for (int i = 0; i < used; i++) {
        if (fds[i].revents & POLLNVAL) {
            if (fds != small) free(fds);
            errno = EBADF;
            return -1;
        }
    }

    int ready = 0;
    size_t bytes = (size_t)((n + NFDBITS - 1) / NFDBITS) * sizeof(fd_mask);
    if (readfds) memset(readfds, 0, bytes);
    if (writefds) memset(writefds, 0, bytes);
    if (exceptfds) memset(exceptfds, 0, bytes);
    for (int i = 0; i < used; i++) {
        int fd = fds[i].fd;
        short got = fds[i].revents, asked = fds[i].events;
        if ((asked & POLLIN) && (got & READ_READY)) { FD_SET(fd, readfds); ready++; }
        if ((asked & POLLOUT) && (got & WRITE_READY)) { FD_SET(fd, writefds); ready++; }
        if ((asked & POLLPRI) && (got & EXCEPT_READY)) { FD_SET(fd, exceptfds); ready++; }
    }
    if (fds != small) free(fds);
    return ready;
}

int select(int n, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout)
{
    int64_t timeout_ns = -1;
    if (timeout) {
        if (timeout->tv_sec < 0 || timeout->tv_usec < 0 || timeout->tv_usec >= 1000000) { errno = EINVAL; return -1; }
        timeout_ns = timeout->tv_sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX / 2
                   : (int64_t)timeout->tv_sec * 1000000000 + (int64_t)timeout->tv_usec * 1000;
    }
    int64_t left;
    int r = wait_sets(n, readfds, writefds, exceptfds, timeout_ns, &left);
    if (timeout && r >= 0) {
        /* Linux reports the time not slept. */
        timeout->tv_sec = (time_t)(left / 1000000000);
        timeout->tv_usec = (suseconds_t)(left % 1000000000 / 1000);
    }
    return r;
}

/* pselect's signal mask changes nothing: no signal is ever delivered to a guest. */
int pselect(int n, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timespec *timeout,
            const sigset_t *mask)
{
    (void)mask;
    int64_t timeout_ns = -1;
    if (timeout) {
        if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000) { errno = EINVAL; return -1; }
        timeout_ns = timeout->tv_sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX / 2
                   : (int64_t)timeout->tv_sec * 1000000000 + timeout->tv_nsec;
    }
    return wait_sets(n, readfds, writefds, exceptfds, timeout_ns, NULL);
}
