/* Data in and out of a socket, and its readiness (socket.h): linked into the fd module (read, write,
 * readv, writev, poll) and the socket module (send*, recv*), which both act on the same objects.
 *
 * Winsock sockets are non-blocking here (socket.h): a call that finds nothing to do (WSAEWOULDBLOCK)
 * waits for readiness with WSAPoll in slices, unless the guest asked not to wait. A pair's ends (socket.h)
 * take the pair's lock around each non-blocking call, so that the stream positions they count and the
 * descriptors queued at those positions agree. */
#include "socket.h"

int64_t win_deadline(int64_t timeout_ns)
{
    return timeout_ns <= 0 ? INT64_MAX : lx_add_ns(monotonic_ns(), timeout_ns);
}

intptr_t win_socket_wait(struct win_file *f, int writing, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline == INT64_MAX ? LX_SLICE_NS : deadline - monotonic_ns();
        if (left <= 0) return -LINUX_EAGAIN;
        int ms = left >= LX_SLICE_NS ? (int)LX_SLICE_MS : (int)(left / 1000000) + 1;
        struct win_pollfd p = { win_socket_of(f), (int16_t)(writing ? WIN_POLLWRNORM : WIN_POLLRDNORM), 0 };
        int r = WSAPoll(&p, 1, ms);
        if (r > 0) return 0;   /* ready, or an error or hang-up that the next call reports */
        if (r < 0) return lx_socket_error();
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

int16_t win_socket_readiness(struct win_file *f, int16_t events)
{
    /* Always asked for reading too: Winsock refuses a poll for nothing, and errors come with any. */
    struct win_pollfd p = { win_socket_of(f), WIN_POLLRDNORM, 0 };
    if (events & (LINUX_POLLOUT | LINUX_POLLWRNORM)) p.events |= WIN_POLLWRNORM;
    if (WSAPoll(&p, 1, 0) < 0) return LINUX_POLLERR;
    int16_t ready = 0;
    if (p.revents & (WIN_POLLRDNORM | WIN_POLLRDBAND)) ready |= LINUX_POLLIN | LINUX_POLLRDNORM;
    if (p.revents & WIN_POLLWRNORM) ready |= LINUX_POLLOUT | LINUX_POLLWRNORM;
    if (p.revents & WIN_POLLERR) ready |= LINUX_POLLERR;
    if (p.revents & WIN_POLLNVAL) ready |= LINUX_POLLNVAL;
    /* Winsock's POLLHUP is the peer's FIN: Linux reports that as readable (a read returns 0), and hangs up
     * only when nothing can flow either way - for a pair, when its other end is closed. */
    if (p.revents & WIN_POLLHUP) ready |= LINUX_POLLIN | LINUX_POLLRDNORM;
    struct win_pair *pair = f->socket->pair;
    if (pair && pair->closed[!f->socket->side]) ready |= LINUX_POLLHUP;
    return ready & (events | LINUX_POLLERR | LINUX_POLLHUP | LINUX_POLLNVAL);
}

void win_rights_release(struct win_rights *r)
{
    while (r) {
        struct win_rights *next = r->next;
        for (size_t i = 0; i < r->count; i++) host_close((intptr_t)r->files[i]);
        host_free(r);
        r = next;
    }
}

static DWORD flags_to_host(int flags)
{
    DWORD host = 0;
    if (flags & LINUX_MSG_OOB) host |= WIN_MSG_OOB;
    if (flags & LINUX_MSG_PEEK) host |= WIN_MSG_PEEK;
    if (flags & LINUX_MSG_DONTROUTE) host |= WIN_MSG_DONTROUTE;
    return host;
}

static size_t buffers_length(const struct win_wsabuf *bufs, size_t count)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++) total += bufs[i].len;
    return total;
}

/* Moves past n bytes of the buffers. */
static void advance(struct win_wsabuf **bufs, size_t *count, size_t n)
{
    while (n > 0 && *count > 0) {
        if (n >= (*bufs)->len) {
            n -= (*bufs)->len;
            (*bufs)++;
            (*count)--;
        } else {
            (*bufs)->buf += n;
            (*bufs)->len -= (ULONG)n;
            n = 0;
        }
    }
}

/* A pair's rights that a receive of `units` from position `from` reached: taken off the queue (under
 * the pair's lock). */
static struct win_rights *take_rights(struct win_pair *pair, int side, uint64_t from, uint64_t units)
{
    struct win_rights *taken = NULL, **tail = &taken;
    while (pair->queue[side] && pair->queue[side]->at < from + units) {
        struct win_rights *r = pair->queue[side];
        pair->queue[side] = r->next;
        r->next = NULL;
        *tail = r;
        tail = &r->next;
    }
    return taken;
}

/* One non-blocking receive: the length, -EAGAIN when nothing waits, or -errno. */
static intptr_t receive_once(struct win_file *f, struct win_wsabuf *bufs, size_t count, int flags, struct win_received *out)
{
    struct win_socket *s = f->socket;
    struct win_pair *pair = s->pair;
    int datagram = s->type != LINUX_SOCK_STREAM, peek = (flags & LINUX_MSG_PEEK) != 0;
    /* A datagram goes through a buffer of the largest size, so that a cut one's whole length is known
     * (Winsock only says WSAEMSGSIZE). Taken before the lock, and given back before any wait. */
    char *bounce = NULL;
    struct win_wsabuf whole;
    if (datagram) {
        if ((bounce = host_alloc(65536)) == NULL) return -LINUX_ENOMEM;
        whole = win_wsabuf(bounce, 65536);
    }
    size_t used = count;
    ULONG kept = 0;
    if (pair) {
        host_lock(&pair->lock);
        /* A read stops where a message with descriptors starts, and at its end (as Linux's does). */
        struct win_rights *next = pair->queue[s->side];
        uint64_t here = pair->received[s->side];
        if (next && !datagram && (next->at > here || next->length > 0)) {
            uint64_t cap = next->at > here ? next->at - here : next->length;
            for (used = 0; used < count && cap > 0; used++) {
                if (bufs[used].len >= cap) {
                    kept = bufs[used].len;
                    bufs[used].len = (ULONG)cap;
                    used++;
                    break;
                }
                cap -= bufs[used].len;
            }
        }
    }
    DWORD got = 0, host_flags = flags_to_host(flags);
    out->from_len = datagram ? (int)sizeof out->from : 0;
    int rc = WSARecvFrom(win_socket_of(f), datagram ? &whole : bufs, datagram ? 1 : (DWORD)used, &got, &host_flags,
                         datagram ? out->from : NULL, datagram ? &out->from_len : NULL, NULL, NULL);
    int error = rc == 0 ? 0 : WSAGetLastError();
    if (kept) bufs[used - 1].len = kept;
    struct win_rights *arrived = NULL;
    if (pair) {
        if (rc == 0 && !peek) {
            uint64_t units = datagram ? 1 : got;
            arrived = take_rights(pair, s->side, pair->received[s->side], units);
            pair->received[s->side] += units;
        }
        host_unlock(&pair->lock);
    }
    if (arrived) {
        if (out->want_rights) out->rights = arrived;
        else win_rights_release(arrived);   /* read() or recv() of them: Linux closes them too */
    }
    intptr_t result;
    if (rc != 0) {
        out->from_len = 0;
        if (error == WSAEWOULDBLOCK) result = -LINUX_EAGAIN;
        /* A pair's other end gone with data unread in its buffer resets the connection: AF_UNIX sees the end. */
        else if (pair && (error == WSAECONNRESET || error == WSAECONNABORTED || error == WSAESHUTDOWN)) result = 0;
        else result = -lx_wsa_errno(error);
    } else if (datagram) {
        size_t room = buffers_length(bufs, count), copied = 0;
        for (size_t i = 0; i < count && copied < got; i++) {
            size_t n = bufs[i].len < got - copied ? bufs[i].len : got - copied;
            if (lx_copy_out(bufs[i].buf, bounce + copied, n) != 0) {
                host_free(bounce);
                return -LINUX_EFAULT;
            }
            copied += n;
        }
        if (got > room) out->flags |= LINUX_MSG_TRUNC;
        result = got > room && !(flags & LINUX_MSG_TRUNC) ? (intptr_t)room : (intptr_t)got;
    } else {
        result = (intptr_t)got;
    }
    host_free(bounce);
    return result;
}

intptr_t win_socket_receive(struct win_file *f, struct win_wsabuf *bufs, size_t count, int flags, struct win_received *out)
{
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    struct win_socket *s = f->socket;
    int wait = !(flags & LINUX_MSG_DONTWAIT) && !(f->status & LINUX_O_NONBLOCK);
    int whole = (flags & LINUX_MSG_WAITALL) && !(flags & LINUX_MSG_PEEK) && s->type == LINUX_SOCK_STREAM;
    int64_t deadline = win_deadline(s->receive_timeout_ns);
    size_t total = buffers_length(bufs, count);
    intptr_t done = 0;
    for (;;) {
        intptr_t n = receive_once(f, bufs, count, flags, out);
        if (n == -LINUX_EAGAIN) {
            if (done > 0 && !wait) return done;
            if (!wait) return n;
            intptr_t r = win_socket_wait(f, 0, deadline);
            if (r < 0) return done ? done : r;
            continue;
        }
        if (n < 0) return done ? done : n;
        done += n;
        if (!whole || n == 0 || (size_t)done >= total || out->rights) return done;
        advance(&bufs, &count, (size_t)n);
    }
}

intptr_t win_socket_send(struct win_file *f, struct win_wsabuf *bufs, size_t count, int flags, const void *to,
                         int to_len, struct win_rights **rights)
{
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    struct win_socket *s = f->socket;
    struct win_pair *pair = s->pair;
    int datagram = s->type != LINUX_SOCK_STREAM;
    int wait = !(flags & LINUX_MSG_DONTWAIT) && !(f->status & LINUX_O_NONBLOCK);
    int64_t deadline = win_deadline(s->send_timeout_ns);
    size_t total = buffers_length(bufs, count);
    DWORD host_flags = flags_to_host(flags) & ~(DWORD)WIN_MSG_PEEK;
    intptr_t done = 0;
    for (;;) {
        /* AF_UNIX knows at once that nobody reads any more: EPIPE (a datagram: ECONNREFUSED). */
        if (pair && pair->closed[!s->side]) return done ? done : datagram ? -LINUX_ECONNREFUSED : -LINUX_EPIPE;
        if (pair) host_lock(&pair->lock);
        DWORD sent = 0;
        int rc = WSASendTo(win_socket_of(f), bufs, (DWORD)count, &sent, host_flags, to, to ? to_len : 0, NULL, NULL);
        int error = rc == 0 ? 0 : WSAGetLastError();
        if (pair) {
            if (rc == 0) {
                if (rights && *rights) {   /* the descriptors go with this message's first byte */
                    struct win_rights *r = *rights, **tail = &pair->queue[!s->side];
                    r->at = pair->sent[s->side];
                    r->length = datagram ? 1 : sent;
                    while (*tail) tail = &(*tail)->next;
                    *tail = r;
                    *rights = NULL;
                }
                pair->sent[s->side] += datagram ? 1 : sent;
            }
            host_unlock(&pair->lock);
        }
        if (rc == 0) {
            done += sent;
            if (datagram || (size_t)done >= total || !wait) return done;
            advance(&bufs, &count, sent);
            continue;
        }
        if (error == WSAEWOULDBLOCK) {
            if (!wait) return done ? done : -LINUX_EAGAIN;
            intptr_t r = win_socket_wait(f, 1, deadline);
            if (r < 0) return done ? done : r;
            continue;
        }
        if (done) return done;
        for (size_t i = 0; i < count; i++)   /* Linux reads the data before it looks at the connection */
            if (!lx_readable(bufs[i].buf, bufs[i].len)) return -LINUX_EFAULT;
        if (pair && (error == WSAECONNRESET || error == WSAECONNABORTED || error == WSAESHUTDOWN)) return -LINUX_EPIPE;
        if (!datagram && (error == WSAENOTCONN || error == WSAECONNRESET)) {
            /* A stream with no connection (never made, or gone): Linux's send says EPIPE. */
            BYTE name[128];
            int len = sizeof name;
            if (getpeername(win_socket_of(f), name, &len) != 0) return -LINUX_EPIPE;
        }
        return -lx_wsa_errno(error);
    }
}
