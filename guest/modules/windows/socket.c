/* libmc-socket.so for Windows: sockets over Winsock - socket, bind, listen, accept/accept4, connect,
 * shutdown, getsockname/getpeername, send/recv (sendto, recvfrom), with socketpair in socketpair.c,
 * sendmsg/recvmsg in socket_msg.c and the options in socket_options.c. An AF_UNIX socket is a loopback
 * TCP or UDP one named by a socket file at its path (socket_file.c), for Wine and older Windows have no
 * AF_UNIX and none has it for datagrams.
 *
 * A socket is a descriptor like a file's (windows.h, kind WIN_SOCKET): the fd module reads, writes, polls
 * and closes it through socket_io.c. Linux's families and addresses are translated (sockaddr.c), its
 * errno values given for Winsock's (wsa_errno.c), and what Winsock has not answers a clear errno. Calls
 * that wait do so here, the Winsock socket being non-blocking (socket.h). */
#include "socket.h"

/* ---- the file objects ------------------------------------------------------------------------------------ */

/* The close of a socket's file object (host_close): a pair's end says it is gone first, so that its
 * other end reads the end and gets EPIPE from then on, whatever TCP says. */
static void socket_close(struct win_file *f)
{
    struct win_socket *s = f->socket;
    struct win_rights *unread = NULL, *unsent = NULL;
    int last = 0;
    if (s && s->pair) {
        struct win_pair *pair = s->pair;
        host_lock(&pair->lock);
        pair->closed[s->side] = 1;
        unread = pair->queue[s->side];   /* descriptors sent to this end that it never received */
        pair->queue[s->side] = NULL;
        last = --pair->ends == 0;
        if (last) {
            unsent = pair->queue[!s->side];
            pair->queue[!s->side] = NULL;
        }
        host_unlock(&pair->lock);
        if (last) host_free(pair);
    }
    closesocket(win_socket_of(f));
    /* After the lock: a descriptor passed may be this pair's own other end, whose close takes it. */
    win_rights_release(unread);
    win_rights_release(unsent);
    host_free(s);
}

struct win_file *win_socket_file(SOCKET sock, int family, int type, int protocol, uint32_t status)
{
    uint32_t on = 1;
    struct win_socket *s = host_alloc(sizeof *s);
    struct win_file *f = s ? win_file_new(NULL, WIN_SOCKET, status) : NULL;
    if (f == NULL) {
        host_free(s);
        closesocket(sock);
        return NULL;
    }
    ioctlsocket(sock, FIONBIO, &on);   /* every wait is the module's (socket.h) */
    s->family = family;
    s->type = type;
    s->protocol = protocol;
    f->handle = (HANDLE)(uintptr_t)sock;
    f->socket = s;
    f->close = socket_close;
    return f;
}

intptr_t win_socket_install(struct win_file *f, intptr_t flags)
{
    if (f == NULL) return -LINUX_ENOMEM;
    if (flags & LINUX_SOCK_NONBLOCK) f->status |= LINUX_O_NONBLOCK;
    return lx_fd_install((intptr_t)f, 0, (flags & LINUX_SOCK_CLOEXEC) != 0);
}

/* The socket behind a descriptor: its file object, or NULL with *error -EBADF / -ENOTSOCK. */
#define SOCKET_OPEN(name, ref, guest)                                      \
    LX_FD_OPEN(ref, guest);                                                \
    struct win_file *name = win_file_of(&ref);                             \
    if (name->kind != WIN_SOCKET) return -LINUX_ENOTSOCK

/* ---- socket ------------------------------------------------------------------------------------------------ */

static int family_to_host(intptr_t family)
{
    switch (family) {
    case LINUX_AF_UNIX: return WIN_AF_UNIX;
    case LINUX_AF_INET: return WIN_AF_INET;
    case LINUX_AF_INET6: return WIN_AF_INET6;
    default: return -1;
    }
}

static int type_to_host(intptr_t type)
{
    switch (type & LINUX_SOCK_TYPE_MASK) {
    case LINUX_SOCK_STREAM: return WIN_SOCK_STREAM;
    case LINUX_SOCK_DGRAM: return WIN_SOCK_DGRAM;
    case LINUX_SOCK_RAW: return WIN_SOCK_RAW;
    case LINUX_SOCK_SEQPACKET: return WIN_SOCK_SEQPACKET;
    default: return -1;
    }
}

MC_HANDLER(sys_socket)
{
    int family = family_to_host(a), type = type_to_host(b);
    if (family < 0) return -LINUX_EAFNOSUPPORT;
    if (type < 0 || (b & ~(intptr_t)(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC))) return -LINUX_EINVAL;
    if (family == WIN_AF_UNIX) {
        /* Loopback TCP or UDP underneath (socket_file.c); SOCK_SEQPACKET's boundaries TCP would not keep. */
        if (type == WIN_SOCK_SEQPACKET || type == WIN_SOCK_RAW) return -LINUX_EOPNOTSUPP;
        if (c != 0) return -LINUX_EPROTONOSUPPORT;
        family = WIN_AF_INET;
        c = type == WIN_SOCK_STREAM ? LINUX_IPPROTO_TCP : LINUX_IPPROTO_UDP;
    }
    /* Not inheritable: a spawn hands over only what it is asked to (spawn.c). Protocol numbers are IANA's. */
    SOCKET sock = WSASocketW(family, type, (int)c, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (sock == INVALID_SOCKET) return lx_socket_error();
    int linux_type = (int)(b & LINUX_SOCK_TYPE_MASK), protocol = a == LINUX_AF_UNIX ? 0 : (int)c;
    if (protocol == 0 && a != LINUX_AF_UNIX)   /* SO_PROTOCOL says which one 0 chose, as on Linux */
        protocol = linux_type == LINUX_SOCK_STREAM ? LINUX_IPPROTO_TCP : linux_type == LINUX_SOCK_DGRAM ? LINUX_IPPROTO_UDP : 0;
    if (family == WIN_AF_INET6) {
        /* Linux's IPv6 sockets take IPv4 too unless asked not to; Windows' are IPv6-only by default. */
        int32_t off = 0;
        setsockopt(sock, WIN_IPPROTO_IPV6, WIN_IPV6_V6ONLY, &off, sizeof off);
    }
    return win_socket_install(win_socket_file(sock, (int)a, linux_type, protocol, LINUX_O_RDWR), b);
}

MC_HANDLER(sys_socketpair) { return win_socketpair(a, b, c, (int32_t *)d); }

/* ---- addresses and connections ------------------------------------------------------------------------------------- */

/* bind of an AF_UNIX socket: its loopback socket bound to a port the system picks, and a socket file at
 * the path saying which (socket_file.c). A path that exists already is EADDRINUSE, as on Linux. */
static intptr_t unix_bind(struct win_file *f, const void *guest, intptr_t len)
{
    struct win_socket *s = f->socket;
    char path[109];
    intptr_t length = win_unix_path(guest, len, path);
    if (length < 0) return length;
    if (s->local_length) return -LINUX_EINVAL;   /* bound already */
    intptr_t error = 0;
    WCHAR *cwd = win_cwd_path(&error);   /* a relative path is the program's working directory's */
    WCHAR *host = error == 0 ? host_path_in(cwd, path, &error) : NULL;
    host_path_free(cwd);
    if (host == NULL) return error;
    HANDLE file = CreateFileW(host, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        DWORD why = GetLastError();
        host_path_free(host);
        return why == ERROR_FILE_EXISTS || why == ERROR_ALREADY_EXISTS ? -LINUX_EADDRINUSE : -(intptr_t)lx_win_errno(why);
    }
    struct linux_sockaddr_in addr = { WIN_AF_INET, 0, 0x0100007f /* 127.0.0.1 */, { 0 } };
    int addr_len = sizeof addr;
    if (bind(win_socket_of(f), &addr, sizeof addr) != 0 || getsockname(win_socket_of(f), &addr, &addr_len) != 0) error = lx_socket_error();
    else if (!win_socket_file_write(file, s->type, (uint16_t)(((addr.sin_port & 0xff) << 8) | (addr.sin_port >> 8)))) error = lx_last_error();
    CloseHandle(file);
    if (error != 0) DeleteFileW(host);
    host_path_free(host);
    if (error != 0) return error;
    memcpy(s->local, path, (size_t)length);
    s->local_length = (uint8_t)length;
    return 0;
}

MC_HANDLER(sys_bind)
{
    SOCKET_OPEN(file, ref, a);
    if (file->socket->pair) return -LINUX_EINVAL;   /* a pair's ends are bound already, as on Linux */
    if (file->socket->family == LINUX_AF_UNIX) return unix_bind(file, (const void *)b, c);
    BYTE addr[WIN_SOCKADDR_MAX];
    intptr_t len = win_sockaddr_from_guest(file->socket, (const void *)b, c, addr);
    if (len < 0) return len;
    return bind(win_socket_of(file), addr, (int)len) == 0 ? 0 : lx_socket_error();
}

MC_HANDLER(sys_listen)
{
    SOCKET_OPEN(file, ref, a);
    if (file->socket->pair) return -LINUX_EINVAL;
    return listen(win_socket_of(file), (int)b) == 0 ? 0 : lx_socket_error();
}

/* A connection in progress (Winsock's non-blocking connect): waited for with select, which reports its
 * failure in the "except" set (where WSAPoll, on Windows before 10 2004, reported nothing). */
static intptr_t connect_wait(struct win_file *f)
{
    SOCKET sock = win_socket_of(f);
    for (;;) {
        struct win_fd_set writable = { 1, { sock } }, failed = { 1, { sock } };
        struct win_timeval slice = { 0, (int32_t)(LX_SLICE_MS * 1000) };
        int r = select(0, NULL, &writable, &failed, &slice);
        if (r < 0) return lx_socket_error();
        if (r > 0) break;
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;   /* the connection goes on being made, as on Linux */
    }
    int32_t error = 0;
    int len = sizeof error;
    if (getsockopt(sock, WIN_SOL_SOCKET, WIN_SO_ERROR, &error, &len) != 0) return lx_socket_error();
    return error ? -(intptr_t)lx_wsa_errno(error) : 0;
}

MC_HANDLER(sys_connect)
{
    SOCKET_OPEN(file, ref, a);
    struct win_socket *s = file->socket;
    if (s->pair) return -LINUX_EISCONN;
    BYTE addr[WIN_SOCKADDR_MAX];
    intptr_t len = win_sockaddr_from_guest(s, (const void *)b, c, addr);
    if (len < 0) return len;
    if (s->family == LINUX_AF_UNIX) {   /* the path connected to, for getpeername */
        char path[109];
        intptr_t length = win_unix_path((const void *)b, c, path);
        if (length > 0) memcpy(s->peer, path, (size_t)length), s->peer_length = (uint8_t)length;
    }
    if (connect(win_socket_of(file), addr, (int)len) == 0) return 0;
    int error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK) {
        if (file->status & LINUX_O_NONBLOCK) return -LINUX_EINPROGRESS;
        return connect_wait(file);
    }
    if (error == WSAEINVAL && file->socket->type == LINUX_SOCK_STREAM) return -LINUX_EALREADY;   /* older Windows, in progress */
    return -(intptr_t)lx_wsa_errno(error);
}

static intptr_t do_accept(intptr_t guest_fd, void *guest_addr, uint32_t *guest_len, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC)) return -LINUX_EINVAL;
    SOCKET_OPEN(f, ref, guest_fd);
    struct win_socket *s = f->socket;
    int64_t deadline = win_deadline(s->receive_timeout_ns);
    BYTE addr[WIN_SOCKADDR_MAX];
    int len;
    SOCKET client;
    for (;;) {
        len = sizeof addr;
        client = accept(win_socket_of(f), addr, &len);
        if (client != INVALID_SOCKET) break;
        int error = WSAGetLastError();
        if (error != WSAEWOULDBLOCK) return -(intptr_t)lx_wsa_errno(error);
        if (f->status & LINUX_O_NONBLOCK) return -LINUX_EAGAIN;
        intptr_t r = win_socket_wait(f, 0, deadline);
        if (r < 0) return r;
    }
    SetHandleInformation((HANDLE)(uintptr_t)client, HANDLE_FLAG_INHERIT, 0);
    struct win_file *accepted = win_socket_file(client, s->family, s->type, s->protocol, LINUX_O_RDWR);
    if (accepted && s->family == LINUX_AF_UNIX) {   /* its name is the listener's; its peer is unnamed */
        memcpy(accepted->socket->local, s->local, s->local_length);
        accepted->socket->local_length = s->local_length;
    }
    intptr_t fd = win_socket_install(accepted, flags);
    /* As on Linux, the connection is taken first; an address that cannot be written drops it. */
    if (fd >= 0 && guest_addr != NULL) {
        intptr_t written = win_sockaddr_to_guest(addr, len, s->family, guest_addr, guest_len);
        if (written < 0) {
            lx_fd_close(fd);
            return written;
        }
    }
    return fd;
}

MC_HANDLER(sys_accept) { return do_accept(a, (void *)b, (uint32_t *)c, 0); }
MC_HANDLER(sys_accept4) { return do_accept(a, (void *)b, (uint32_t *)c, d); }

MC_HANDLER(sys_shutdown)
{
    SOCKET_OPEN(file, ref, a);
    int how;
    switch (b) {
    case LINUX_SHUT_RD: how = WIN_SD_RECEIVE; break;
    case LINUX_SHUT_WR: how = WIN_SD_SEND; break;
    case LINUX_SHUT_RDWR: how = WIN_SD_BOTH; break;
    default: return -LINUX_EINVAL;
    }
    return shutdown(win_socket_of(file), how) == 0 ? 0 : lx_socket_error();
}

static intptr_t name_of(intptr_t guest_fd, void *guest_addr, uint32_t *guest_len, int peer)
{
    SOCKET_OPEN(f, ref, guest_fd);
    uint32_t room;
    if (LX_COPY_IN(room, guest_len) != 0) return -LINUX_EFAULT;   /* read before the call, as Linux does */
    if ((int32_t)room < 0) return -LINUX_EINVAL;
    struct win_socket *s = f->socket;
    BYTE addr[WIN_SOCKADDR_MAX];
    int len = sizeof addr;
    /* The names of an AF_UNIX socket are the paths kept, whatever loopback ports carry it (a pair's ends
     * are unnamed); Winsock still says whether there is a peer. */
    if (s->pair) len = 0;
    else if ((peer ? getpeername : getsockname)(win_socket_of(f), addr, &len) != 0 && (peer || s->family != LINUX_AF_UNIX))
        return lx_socket_error();
    if (s->family == LINUX_AF_UNIX)
        return peer ? win_unix_name_to_guest(s->peer, s->peer_length, guest_addr, guest_len)
                    : win_unix_name_to_guest(s->local, s->local_length, guest_addr, guest_len);
    return win_sockaddr_to_guest(addr, len, s->family, guest_addr, guest_len);
}

MC_HANDLER(sys_getsockname) { return name_of(a, (void *)b, (uint32_t *)c, 0); }
MC_HANDLER(sys_getpeername) { return name_of(a, (void *)b, (uint32_t *)c, 1); }

/* ---- sendto and recvfrom --------------------------------------------------------------------------------------------- */

/* sendto(fd, buf, len, flags, addr, addr_len) */
MC_HANDLER(sys_sendto)
{
    SOCKET_OPEN(file, ref, a);
    BYTE addr[WIN_SOCKADDR_MAX];
    intptr_t len = 0;
    if (e != 0) {
        if (file->socket->pair) return -LINUX_EISCONN;
        if ((len = win_sockaddr_from_guest(file->socket, (const void *)e, f, addr)) < 0) return len;
    }
    struct win_wsabuf buf = win_wsabuf((const void *)b, (size_t)c);
    return win_socket_send(file, &buf, 1, (int)d, e ? addr : NULL, (int)len, NULL);
}

/* recvfrom(fd, buf, len, flags, addr, addr_len) */
MC_HANDLER(sys_recvfrom)
{
    SOCKET_OPEN(file, ref, a);
    void *guest_addr = (void *)e;
    uint32_t *guest_len = (uint32_t *)f;
    struct win_wsabuf buf = win_wsabuf((void *)b, (size_t)c);
    struct win_received got = { 0 };
    intptr_t n = win_socket_receive(file, &buf, 1, (int)d, &got);
    if (n < 0 || guest_addr == NULL) return n;
    /* A stream reports no address (length 0), as Linux's connected sockets do, and so does an AF_UNIX
     * datagram (its sender, a loopback port here, is unnamed). */
    intptr_t written;
    if (got.from_len > 0 && file->socket->family != LINUX_AF_UNIX) {
        written = win_sockaddr_to_guest(got.from, got.from_len, file->socket->family, guest_addr, guest_len);
    } else {
        uint32_t none = 0;
        written = LX_COPY_OUT(guest_len, none);
    }
    return written < 0 ? written : n;
}

MC_HANDLER(sys_sendmsg) { return win_sendmsg(a, (const void *)b, c); }
MC_HANDLER(sys_recvmsg) { return win_recvmsg(a, (void *)b, c); }
MC_HANDLER(sys_setsockopt) { return win_setsockopt(a, b, c, (const void *)d, e); }
MC_HANDLER(sys_getsockopt) { return win_getsockopt(a, b, c, (void *)d, (uint32_t *)e); }

/* The socket family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry socket_syscalls[] = { MC_FAMILY_socket(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void socket_module_init(void)
{
    /* Winsock 2.2, once for the process (WSAStartup counts; the instance never ends it: other instances
     * in the process may use it still). Without it every call fails with WSANOTINITIALISED (-ENETDOWN). */
    struct win_wsadata data;
    WSAStartup(0x0202, &data);
    MC_REGISTER_TABLE(socket_syscalls);
}
