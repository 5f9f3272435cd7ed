/* setsockopt (54) and getsockopt (55) on Windows: Linux's levels and names as Winsock's, with the values
 * whose form differs converted (struct linger has 16-bit fields on Windows). Some options are the
 * module's own rather than Winsock's:
 *   - SO_TYPE, SO_DOMAIN, SO_PROTOCOL: the Linux view kept with the socket (a pair is AF_UNIX here);
 *   - SO_RCVTIMEO, SO_SNDTIMEO: the module does the waiting (socket.h), so it applies them;
 *   - SO_REUSEADDR: remembered, not passed on. Linux's meaning (bind again while old connections linger in
 *     TIME_WAIT) is what Windows does without it; Windows' SO_REUSEADDR lets another socket take a port in
 *     use, which no Linux program means.
 * An option Linux has and Winsock not (TCP_CORK, SO_PEERCRED, SO_REUSEPORT) is -ENOPROTOOPT. */
#include "socket.h"

enum opt_kind { OPT_INT, OPT_BOOL, OPT_LINGER, OPT_ERROR, OPT_BYTES, OPT_TYPE, OPT_DOMAIN, OPT_PROTOCOL,
                OPT_RCVTIMEO, OPT_SNDTIMEO, OPT_REUSEADDR };

struct sock_option {
    int linux_level, linux_name;
    int host_level, host_name;
    enum opt_kind kind;
};

static const struct sock_option options[] = {
    { LINUX_SOL_SOCKET, LINUX_SO_DEBUG, WIN_SOL_SOCKET, WIN_SO_DEBUG, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_REUSEADDR, 0, 0, OPT_REUSEADDR },
    { LINUX_SOL_SOCKET, LINUX_SO_TYPE, 0, 0, OPT_TYPE },
    { LINUX_SOL_SOCKET, LINUX_SO_ERROR, WIN_SOL_SOCKET, WIN_SO_ERROR, OPT_ERROR },
    { LINUX_SOL_SOCKET, LINUX_SO_DONTROUTE, WIN_SOL_SOCKET, WIN_SO_DONTROUTE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_BROADCAST, WIN_SOL_SOCKET, WIN_SO_BROADCAST, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDBUF, WIN_SOL_SOCKET, WIN_SO_SNDBUF, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_RCVBUF, WIN_SOL_SOCKET, WIN_SO_RCVBUF, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_KEEPALIVE, WIN_SOL_SOCKET, WIN_SO_KEEPALIVE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_OOBINLINE, WIN_SOL_SOCKET, WIN_SO_OOBINLINE, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_LINGER, WIN_SOL_SOCKET, WIN_SO_LINGER, OPT_LINGER },
    { LINUX_SOL_SOCKET, LINUX_SO_RCVLOWAT, WIN_SOL_SOCKET, WIN_SO_RCVLOWAT, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDLOWAT, WIN_SOL_SOCKET, WIN_SO_SNDLOWAT, OPT_INT },
    { LINUX_SOL_SOCKET, LINUX_SO_RCVTIMEO, 0, 0, OPT_RCVTIMEO },
    { LINUX_SOL_SOCKET, LINUX_SO_SNDTIMEO, 0, 0, OPT_SNDTIMEO },
    { LINUX_SOL_SOCKET, LINUX_SO_ACCEPTCONN, WIN_SOL_SOCKET, WIN_SO_ACCEPTCONN, OPT_BOOL },
    { LINUX_SOL_SOCKET, LINUX_SO_PROTOCOL, 0, 0, OPT_PROTOCOL },
    { LINUX_SOL_SOCKET, LINUX_SO_DOMAIN, 0, 0, OPT_DOMAIN },
    { LINUX_IPPROTO_TCP, LINUX_TCP_NODELAY, WIN_IPPROTO_TCP, WIN_TCP_NODELAY, OPT_BOOL },
    { LINUX_IPPROTO_TCP, LINUX_TCP_MAXSEG, WIN_IPPROTO_TCP, WIN_TCP_MAXSEG, OPT_INT },
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPIDLE, WIN_IPPROTO_TCP, WIN_TCP_KEEPALIVE, OPT_INT },
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPINTVL, WIN_IPPROTO_TCP, WIN_TCP_KEEPINTVL, OPT_INT },
    { LINUX_IPPROTO_TCP, LINUX_TCP_KEEPCNT, WIN_IPPROTO_TCP, WIN_TCP_KEEPCNT, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_TOS, WIN_IPPROTO_IP, WIN_IP_TOS, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_TTL, WIN_IPPROTO_IP, WIN_IP_TTL, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_IF, WIN_IPPROTO_IP, WIN_IP_MULTICAST_IF, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_TTL, WIN_IPPROTO_IP, WIN_IP_MULTICAST_TTL, OPT_INT },
    { LINUX_IPPROTO_IP, LINUX_IP_MULTICAST_LOOP, WIN_IPPROTO_IP, WIN_IP_MULTICAST_LOOP, OPT_BOOL },
    { LINUX_IPPROTO_IP, LINUX_IP_ADD_MEMBERSHIP, WIN_IPPROTO_IP, WIN_IP_ADD_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IP, LINUX_IP_DROP_MEMBERSHIP, WIN_IPPROTO_IP, WIN_IP_DROP_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_UNICAST_HOPS, WIN_IPPROTO_IPV6, WIN_IPV6_UNICAST_HOPS, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_IF, WIN_IPPROTO_IPV6, WIN_IPV6_MULTICAST_IF, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_HOPS, WIN_IPPROTO_IPV6, WIN_IPV6_MULTICAST_HOPS, OPT_INT },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_MULTICAST_LOOP, WIN_IPPROTO_IPV6, WIN_IPV6_MULTICAST_LOOP, OPT_BOOL },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_ADD_MEMBERSHIP, WIN_IPPROTO_IPV6, WIN_IPV6_ADD_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_DROP_MEMBERSHIP, WIN_IPPROTO_IPV6, WIN_IPV6_DROP_MEMBERSHIP, OPT_BYTES },
    { LINUX_IPPROTO_IPV6, LINUX_IPV6_V6ONLY, WIN_IPPROTO_IPV6, WIN_IPV6_V6ONLY, OPT_BOOL },
};

static const struct sock_option *find_option(intptr_t level, intptr_t name)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].linux_level == level && options[i].linux_name == name) return &options[i];
    return NULL;
}

/* Linux's struct timeval of SO_RCVTIMEO / SO_SNDTIMEO (two longs). */
struct linux_timeval_opt {
    int64_t tv_sec;
    int64_t tv_usec;
};

static intptr_t result(int rc) { return rc == 0 ? 0 : lx_socket_error(); }

intptr_t win_setsockopt(intptr_t fd, intptr_t level, intptr_t name, const void *guest, intptr_t len)
{
    LX_FD_OPEN(ref, fd);
    struct win_file *f = win_file_of(&ref);
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    const struct sock_option *o = find_option(level, name);
    if (o == NULL) return -LINUX_ENOPROTOOPT;
    if (len < 0) return -LINUX_EINVAL;
    /* The value, copied in: every option here is small; more than that is not read. */
    unsigned char value[64];
    size_t taken = (size_t)len < sizeof value ? (size_t)len : sizeof value;
    if (lx_copy_in(value, guest, taken) != 0) return -LINUX_EFAULT;
    SOCKET sock = win_socket_of(f);
    int32_t v = 0;
    if (o->kind == OPT_INT || o->kind == OPT_BOOL || o->kind == OPT_REUSEADDR) {
        if (len < (intptr_t)sizeof v) return -LINUX_EINVAL;
        memcpy(&v, value, sizeof v);
    }
    switch (o->kind) {
    case OPT_INT:
        return result(setsockopt(sock, o->host_level, o->host_name, &v, sizeof v));
    case OPT_BOOL:
        v = v != 0;
        return result(setsockopt(sock, o->host_level, o->host_name, &v, sizeof v));
    case OPT_REUSEADDR:
        f->socket->reuseaddr = v != 0;
        return 0;
    case OPT_LINGER: {
        struct linux_linger l;
        if (len < (intptr_t)sizeof l) return -LINUX_EINVAL;
        memcpy(&l, value, sizeof l);
        int32_t seconds = l.l_linger < 0 ? 0 : l.l_linger > 0xffff ? 0xffff : l.l_linger;
        struct win_linger h = { (uint16_t)(l.l_onoff != 0), (uint16_t)seconds };
        return result(setsockopt(sock, o->host_level, o->host_name, &h, sizeof h));
    }
    case OPT_RCVTIMEO:
    case OPT_SNDTIMEO: {
        struct linux_timeval_opt t;
        if (len < (intptr_t)sizeof t) return -LINUX_EINVAL;
        memcpy(&t, value, sizeof t);
        if (t.tv_usec < 0 || t.tv_usec >= 1000000) return -LINUX_EDOM;
        /* Linux: a negative timeout is none; so is 0. */
        int64_t ns = t.tv_sec < 0 ? 0 : t.tv_sec > INT64_MAX / LX_NSEC_PER_SEC - 1 ? INT64_MAX : t.tv_sec * LX_NSEC_PER_SEC + t.tv_usec * 1000;
        if (o->kind == OPT_RCVTIMEO) f->socket->receive_timeout_ns = ns;
        else f->socket->send_timeout_ns = ns;
        return 0;
    }
    case OPT_BYTES:
        return result(setsockopt(sock, o->host_level, o->host_name, value, (int)taken));
    default:   /* read-only: SO_TYPE, SO_ERROR, SO_DOMAIN, SO_PROTOCOL */
        return -LINUX_ENOPROTOOPT;
    }
}

static struct linux_timeval_opt timeval_of(int64_t ns)
{
    struct linux_timeval_opt t = { ns / LX_NSEC_PER_SEC, (ns % LX_NSEC_PER_SEC) / 1000 };
    return t;
}

intptr_t win_getsockopt(intptr_t fd, intptr_t level, intptr_t name, void *guest, uint32_t *guest_len)
{
    LX_FD_OPEN(ref, fd);
    struct win_file *f = win_file_of(&ref);
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    const struct sock_option *o = find_option(level, name);
    if (o == NULL) return -LINUX_ENOPROTOOPT;
    int32_t len;
    if (LX_COPY_IN(len, guest_len) != 0) return -LINUX_EFAULT;
    if (len < 0) return -LINUX_EINVAL;
    SOCKET sock = win_socket_of(f);
    struct win_socket *s = f->socket;
    unsigned char out[64];
    size_t out_len = sizeof(int32_t);
    int32_t v = 0;
    switch (o->kind) {
    case OPT_TYPE: v = s->type; break;
    case OPT_DOMAIN: v = s->family; break;
    case OPT_PROTOCOL: v = s->protocol; break;
    case OPT_REUSEADDR: v = s->reuseaddr; break;
    case OPT_RCVTIMEO:
    case OPT_SNDTIMEO: {
        struct linux_timeval_opt t = timeval_of(o->kind == OPT_RCVTIMEO ? s->receive_timeout_ns : s->send_timeout_ns);
        memcpy(out, &t, out_len = sizeof t);
        break;
    }
    case OPT_LINGER: {
        struct win_linger h = { 0, 0 };
        int hl = sizeof h;
        if (getsockopt(sock, o->host_level, o->host_name, &h, &hl) != 0) return lx_socket_error();
        struct linux_linger l = { h.l_onoff, h.l_linger };
        memcpy(out, &l, out_len = sizeof l);
        break;
    }
    case OPT_BYTES: {
        int hl = len < (int32_t)sizeof out ? len : (int32_t)sizeof out;
        if (getsockopt(sock, o->host_level, o->host_name, out, &hl) != 0) return lx_socket_error();
        out_len = (size_t)hl;
        break;
    }
    default: {   /* an int (or a BOOL, the same size), an error */
        int hl = sizeof v;
        if (getsockopt(sock, o->host_level, o->host_name, &v, &hl) != 0) return lx_socket_error();
        if (o->kind == OPT_ERROR) v = v ? lx_wsa_errno(v) : 0;
        else if (o->kind == OPT_BOOL) v = (hl == 1 ? (v & 0xff) : v) != 0;   /* some BOOLs come as one byte */
        break;
    }
    }
    if (out_len == sizeof(int32_t) && o->kind != OPT_BYTES && o->kind != OPT_LINGER) memcpy(out, &v, sizeof v);
    /* At most *len bytes written, *len set to what was (Linux cuts an int the same way). */
    size_t n = (size_t)len < out_len ? (size_t)len : out_len;
    uint32_t written = (uint32_t)n;
    if (lx_copy_out(guest, out, n) != 0 || LX_COPY_OUT(guest_len, written) != 0) return -LINUX_EFAULT;
    return 0;
}
