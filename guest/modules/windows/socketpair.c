/* socketpair (53) on Windows: Winsock has none, so an AF_UNIX pair is two loopback sockets connected to
 * each other - TCP for SOCK_STREAM, UDP for SOCK_DGRAM (loopback neither loses nor reorders datagrams) -
 * which the guest sees as AF_UNIX (SO_DOMAIN, unnamed addresses). Real AF_UNIX sockets would need a path
 * in the file system for each pair, and Windows has no SOCK_DGRAM ones. SOCK_SEQPACKET, whose message
 * boundaries TCP would not keep, is -EOPNOTSUPP. Both ends share a struct win_pair (socket.h). */
#include "socket.h"

static SOCKET loopback_socket(int type)
{
    return WSASocketW(WIN_AF_INET, type, type == WIN_SOCK_STREAM ? LINUX_IPPROTO_TCP : LINUX_IPPROTO_UDP, NULL, 0,
                      WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
}

/* A socket bound to 127.0.0.1 on a port the system picks, and that address. */
static SOCKET bound_socket(int type, struct linux_sockaddr_in *addr)
{
    SOCKET s = loopback_socket(type);
    if (s == INVALID_SOCKET) return s;
    struct linux_sockaddr_in any = { WIN_AF_INET, 0, 0x0100007f /* 127.0.0.1, network order */, { 0 } };
    int len = sizeof *addr;
    if (bind(s, &any, sizeof any) != 0 || getsockname(s, addr, &len) != 0) {
        int error = WSAGetLastError();
        closesocket(s);
        WSASetLastError(error);
        return INVALID_SOCKET;
    }
    return s;
}

static int same_address(const struct linux_sockaddr_in *x, const struct linux_sockaddr_in *y)
{
    return x->sin_port == y->sin_port && x->sin_addr == y->sin_addr;
}

/* Two connected TCP sockets. The listener is on the loopback for a moment: a connection from anyone else
 * (another process may try the port) is refused by checking that the one accepted is ours. */
static intptr_t stream_pair(SOCKET ends[2])
{
    struct linux_sockaddr_in listening, mine, peer;
    SOCKET listener = bound_socket(WIN_SOCK_STREAM, &listening);
    if (listener == INVALID_SOCKET) return lx_socket_error();
    intptr_t result = 0;
    SOCKET client = INVALID_SOCKET, server = INVALID_SOCKET;
    int len = sizeof mine;
    if (listen(listener, 1) != 0 || (client = loopback_socket(WIN_SOCK_STREAM)) == INVALID_SOCKET ||
        connect(client, &listening, sizeof listening) != 0 || getsockname(client, &mine, &len) != 0) {
        result = lx_socket_error();
    }
    for (int tries = 0; result == 0; tries++) {
        len = sizeof peer;
        server = accept(listener, &peer, &len);
        if (server == INVALID_SOCKET) result = lx_socket_error();
        else if (same_address(&peer, &mine)) break;
        else if (tries >= 8) result = -LINUX_ECONNABORTED;
        if (server != INVALID_SOCKET) closesocket(server), server = INVALID_SOCKET;
    }
    closesocket(listener);
    if (result != 0) {
        if (client != INVALID_SOCKET) closesocket(client);
        return result;
    }
    SetHandleInformation((HANDLE)(uintptr_t)server, HANDLE_FLAG_INHERIT, 0);
    /* AF_UNIX has no Nagle delay: small writes answered by small writes must not wait for an ACK. */
    int32_t on = 1;
    setsockopt(client, WIN_IPPROTO_TCP, WIN_TCP_NODELAY, &on, sizeof on);
    setsockopt(server, WIN_IPPROTO_TCP, WIN_TCP_NODELAY, &on, sizeof on);
    ends[0] = client;
    ends[1] = server;
    return 0;
}

/* Two UDP sockets, each connected to the other (so that nothing else reaches them). */
static intptr_t datagram_pair(SOCKET ends[2])
{
    struct linux_sockaddr_in addr[2];
    ends[0] = bound_socket(WIN_SOCK_DGRAM, &addr[0]);
    if (ends[0] == INVALID_SOCKET) return lx_socket_error();
    ends[1] = bound_socket(WIN_SOCK_DGRAM, &addr[1]);
    if (ends[1] == INVALID_SOCKET || connect(ends[0], &addr[1], sizeof addr[1]) != 0 || connect(ends[1], &addr[0], sizeof addr[0]) != 0) {
        intptr_t error = lx_socket_error();
        closesocket(ends[0]);
        if (ends[1] != INVALID_SOCKET) closesocket(ends[1]);
        return error;
    }
    return 0;
}

intptr_t win_socketpair(intptr_t family, intptr_t type, intptr_t protocol, int32_t *guest)
{
    if (family == LINUX_AF_INET || family == LINUX_AF_INET6) return -LINUX_EOPNOTSUPP;   /* as Linux */
    if (family != LINUX_AF_UNIX) return -LINUX_EAFNOSUPPORT;
    if (type & ~(intptr_t)(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_NONBLOCK | LINUX_SOCK_CLOEXEC)) return -LINUX_EINVAL;
    int kind = (int)(type & LINUX_SOCK_TYPE_MASK);
    if (kind == LINUX_SOCK_SEQPACKET) return -LINUX_EOPNOTSUPP;
    if (kind != LINUX_SOCK_STREAM && kind != LINUX_SOCK_DGRAM) return -LINUX_ESOCKTNOSUPPORT;
    if (protocol != 0) return -LINUX_EPROTONOSUPPORT;
    struct win_pair *pair = host_alloc(sizeof *pair);
    if (pair == NULL) return -LINUX_ENOMEM;
    SOCKET ends[2] = { INVALID_SOCKET, INVALID_SOCKET };
    intptr_t r = kind == LINUX_SOCK_STREAM ? stream_pair(ends) : datagram_pair(ends);
    if (r != 0) {
        host_free(pair);
        return r;
    }
    struct win_file *files[2];
    for (int i = 0; i < 2; i++) files[i] = win_socket_file(ends[i], LINUX_AF_UNIX, kind, 0, LINUX_O_RDWR);
    if (files[0] == NULL || files[1] == NULL) {
        for (int i = 0; i < 2; i++) host_close((intptr_t)files[i]);
        host_free(pair);
        return -LINUX_ENOMEM;
    }
    pair->ends = 2;
    for (int i = 0; i < 2; i++) {
        files[i]->socket->pair = pair;
        files[i]->socket->side = i;
    }
    intptr_t first = win_socket_install(files[0], type);
    if (first < 0) {
        host_close((intptr_t)files[1]);
        return first;
    }
    intptr_t second = win_socket_install(files[1], type);
    if (second < 0) {
        lx_fd_close(first);
        return second;
    }
    int32_t numbers[2] = { (int32_t)first, (int32_t)second };
    if (LX_COPY_OUT(guest, numbers) != 0) {
        lx_fd_close(first);
        lx_fd_close(second);
        return -LINUX_EFAULT;
    }
    return 0;
}
