/* Socket addresses between Linux's layouts and Winsock's (socket.h). sockaddr_in and sockaddr_in6 have
 * the same layout on both; only AF_INET6's number differs (Linux 10, Windows 23). An AF_UNIX socket is a
 * loopback one underneath (socket_file.c): a path given to connect or sendto is the loopback address its
 * socket file records, and the names a guest reads back are the paths the module kept (socket.c). */
#include "socket.h"

static uint16_t family_of(const void *bytes)
{
    uint16_t family;
    memcpy(&family, bytes, sizeof family);
    return family;
}

static void set_family(void *bytes, uint16_t family) { memcpy(bytes, &family, sizeof family); }

intptr_t win_unix_path(const void *guest, intptr_t len, char path[109])
{
    if (len < 2 || len > (intptr_t)sizeof(struct linux_sockaddr_un)) return -LINUX_EINVAL;
    struct linux_sockaddr_un un;
    memset(&un, 0, sizeof un);
    if (lx_copy_in(&un, guest, (size_t)len) != 0) return -LINUX_EFAULT;
    if (un.sun_family != LINUX_AF_UNIX) return -LINUX_EINVAL;
    size_t room = (size_t)len - 2, n = 0;
    /* Linux's abstract names (a leading NUL) and autobind (no path) have no file to be found by. */
    if (room == 0 || un.sun_path[0] == 0) return -LINUX_EOPNOTSUPP;
    while (n < room && un.sun_path[n] != 0) n++;   /* the path ends at its NUL, or at the length */
    memcpy(path, un.sun_path, n);
    path[n] = 0;
    return (intptr_t)n;
}

/* The loopback address an AF_UNIX path's socket file records, for a socket of Linux type `type`. */
static intptr_t unix_address(int type, const void *guest, intptr_t len, BYTE out[WIN_SOCKADDR_MAX])
{
    char path[109];
    intptr_t r = win_unix_path(guest, len, path);
    if (r < 0) return r;
    WCHAR *cwd = win_cwd_path(&r);   /* a relative path is the program's working directory's */
    WCHAR *host = r == 0 ? host_path_in(cwd, path, &r) : NULL;
    host_path_free(cwd);
    if (host == NULL) return r;
    HANDLE h = CreateFileW(host, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    host_path_free(host);
    if (h == INVALID_HANDLE_VALUE) return lx_last_error();
    int there;
    int port = win_socket_file_port(h, &there);
    CloseHandle(h);
    if (port < 0) return -LINUX_ECONNREFUSED;   /* as Linux, for a file that is no socket */
    if (there != type) return -LINUX_EPROTOTYPE;
    struct linux_sockaddr_in in = { WIN_AF_INET, (uint16_t)(((port & 0xff) << 8) | (port >> 8)), 0x0100007f, { 0 } };
    memset(out, 0, WIN_SOCKADDR_MAX);
    memcpy(out, &in, sizeof in);
    return sizeof in;
}

intptr_t win_sockaddr_from_guest(const struct win_socket *s, const void *guest, intptr_t len, BYTE out[WIN_SOCKADDR_MAX])
{
    /* Linux takes up to a sockaddr_storage (128 bytes), reading what the family needs. */
    if (len < 2 || len > WIN_SOCKADDR_MAX) return -LINUX_EINVAL;
    unsigned char bytes[WIN_SOCKADDR_MAX];
    if (lx_copy_in(bytes, guest, (size_t)len) != 0) return -LINUX_EFAULT;
    memset(out, 0, WIN_SOCKADDR_MAX);
    uint16_t family = family_of(bytes);
    /* The loopback socket under an AF_UNIX one takes only AF_UNIX names; the others no path. */
    if (s->family == LINUX_AF_UNIX && family != LINUX_AF_UNIX && family != LINUX_AF_UNSPEC) return -LINUX_EINVAL;
    if (s->family != LINUX_AF_UNIX && family == LINUX_AF_UNIX) return -LINUX_EAFNOSUPPORT;
    switch (family) {
    case LINUX_AF_UNSPEC:   /* connect's "dissolve the association" of a datagram socket */
        return 2;
    case LINUX_AF_INET:
        if (len < (intptr_t)sizeof(struct linux_sockaddr_in)) return -LINUX_EINVAL;
        memcpy(out, bytes, sizeof(struct linux_sockaddr_in));
        set_family(out, WIN_AF_INET);
        return sizeof(struct linux_sockaddr_in);
    case LINUX_AF_INET6:
        if (len < (intptr_t)sizeof(struct linux_sockaddr_in6)) return -LINUX_EINVAL;
        memcpy(out, bytes, sizeof(struct linux_sockaddr_in6));
        set_family(out, WIN_AF_INET6);
        return sizeof(struct linux_sockaddr_in6);
    case LINUX_AF_UNIX:
        return unix_address(s->type, guest, len > (intptr_t)sizeof(struct linux_sockaddr_un) ? (intptr_t)sizeof(struct linux_sockaddr_un) : len, out);
    default:
        return -LINUX_EAFNOSUPPORT;
    }
}

size_t win_sockaddr_to_linux(const BYTE *host, int host_len, int linux_family, unsigned char buf[WIN_SOCKADDR_MAX])
{
    memset(buf, 0, WIN_SOCKADDR_MAX);
    uint16_t family = host_len >= 2 && linux_family != LINUX_AF_UNIX ? family_of(host) : 0xffff;
    if (family == WIN_AF_INET && host_len >= (int)sizeof(struct linux_sockaddr_in)) {
        memcpy(buf, host, sizeof(struct linux_sockaddr_in));
        set_family(buf, LINUX_AF_INET);
        return sizeof(struct linux_sockaddr_in);
    }
    if (family == WIN_AF_INET6 && host_len >= (int)sizeof(struct linux_sockaddr_in6)) {
        memcpy(buf, host, sizeof(struct linux_sockaddr_in6));
        set_family(buf, LINUX_AF_INET6);
        return sizeof(struct linux_sockaddr_in6);
    }
    /* An unnamed socket (an AF_UNIX one, or one not bound): just the family, as Linux gives. */
    set_family(buf, (uint16_t)linux_family);
    return 2;
}

/* Linux bytes of an address into the guest's pair: cut to the room, the length set to the whole. */
static intptr_t bytes_to_guest(const unsigned char *bytes, uint32_t full, void *guest, uint32_t *guest_len)
{
    uint32_t room;
    if (LX_COPY_IN(room, guest_len) != 0) return -LINUX_EFAULT;
    if ((int32_t)room < 0) return -LINUX_EINVAL;
    if (lx_copy_out(guest, bytes, room < full ? room : full) != 0) return -LINUX_EFAULT;
    return LX_COPY_OUT(guest_len, full);
}

intptr_t win_sockaddr_to_guest(const BYTE *host, int host_len, int linux_family, void *guest, uint32_t *guest_len)
{
    unsigned char buf[WIN_SOCKADDR_MAX];
    uint32_t full = (uint32_t)win_sockaddr_to_linux(host, host_len, linux_family, buf);
    return bytes_to_guest(buf, full, guest, guest_len);
}

intptr_t win_unix_name_to_guest(const char *path, size_t length, void *guest, uint32_t *guest_len)
{
    unsigned char buf[WIN_SOCKADDR_MAX];
    memset(buf, 0, sizeof buf);
    set_family(buf, LINUX_AF_UNIX);
    memcpy(buf + 2, path, length);
    /* A bound path's length counts its NUL, as Linux's does. */
    return bytes_to_guest(buf, (uint32_t)(length ? 2 + length + 1 : 2), guest, guest_len);
}
