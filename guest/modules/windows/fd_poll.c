/* poll (7) for the Windows libmc-fd.so. Windows has no one wait for "readable" over files, pipes and
 * consoles alike, so readiness is asked of each descriptor and, when none is ready, asked again after a
 * short sleep (1 ms, growing to 10 ms), with the checkpoint between rounds:
 *   - files, directories, NUL, /dev/urandom: always ready to read and write, as on Linux;
 *   - a pipe: readable when PeekNamedPipe says bytes wait; POLLHUP when its writers are gone; writable;
 *   - a console: readable when a read would find text (console.c); writable;
 *   - a socket: what WSAPoll says of it (socket_io.c).
 * A closed descriptor is POLLNVAL and a negative one ignored, as on Linux. */
#include "fd.h"
#include "socket.h"

static int16_t readiness(struct win_file *f, int16_t events)
{
    int16_t ready = 0;
    switch (f->kind) {
    case WIN_PIPE: {
        if ((f->status & LINUX_O_ACCMODE) == LINUX_O_WRONLY) return events & LINUX_POLLOUT;
        DWORD available = 0;
        if (!PeekNamedPipe(f->handle, NULL, 0, NULL, &available, NULL)) return LINUX_POLLHUP;
        if (available > 0) ready |= LINUX_POLLIN | LINUX_POLLRDNORM;
        return ready & (events | LINUX_POLLHUP);
    }
    case WIN_SOCKET:
        return win_socket_readiness(f, events);
    case WIN_CONSOLE:
        if (win_console_readable(f)) ready |= LINUX_POLLIN | LINUX_POLLRDNORM;
        ready |= LINUX_POLLOUT | LINUX_POLLWRNORM;
        return ready & events;
    default:
        return events & (LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLOUT | LINUX_POLLWRNORM);
    }
}

/* One round over the guest's array: the number ready (their revents set, the others cleared), or -errno. */
static intptr_t poll_round(struct linux_pollfd *guest, size_t count)
{
    intptr_t ready = 0;
    for (size_t i = 0; i < count; i++) {
        struct linux_pollfd p;
        if (LX_COPY_IN(p, guest + i) != 0) return -LINUX_EFAULT;
        p.revents = 0;
        if (p.fd >= 0) {
            LX_FD(ref, p.fd);
            p.revents = ref.host == -1 ? LINUX_POLLNVAL : readiness(win_file_of(&ref), p.events);
        }
        if (p.revents) ready++;
        if (LX_COPY_OUT(guest + i, p) != 0) return -LINUX_EFAULT;
    }
    return ready;
}

intptr_t sys_poll(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    struct linux_pollfd *guest = (struct linux_pollfd *)a;
    uint64_t count = (uint64_t)b;
    int timeout_ms = (int)c;
    if (count > (1u << 20)) return -LINUX_EINVAL;
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : lx_add_ns(monotonic_ns(), timeout_ms * 1000000LL);
    DWORD pause = 1;
    for (;;) {
        intptr_t r = poll_round(guest, (size_t)count);
        if (r != 0) return r;
        int64_t left = deadline - monotonic_ns();
        if (left <= 0) return 0;
        DWORD wait = left / 1000000 < pause ? (DWORD)(left / 1000000) + 1 : pause;
        Sleep(wait);
        if (pause < 10) pause++;
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;   /* poll is never restarted after a handler (Linux) */
    }
}
