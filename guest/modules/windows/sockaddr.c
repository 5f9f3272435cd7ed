/* Socket addresses between Linux's layouts and Winsock's (socket.h). sockaddr_in, sockaddr_in6 and
 * sockaddr_un have the same layout on both; what differs is AF_INET6's number (Linux 10, Windows 23)
 * and what an AF_UNIX path means: a guest path, which Windows wants as its own path (UTF-8 bytes of
 * the Windows form, as host_path makes it), and which comes back the other way in getsockname. */
#include "socket.h"

static uint16_t family_of(const void *bytes)
{
    uint16_t family;
    memcpy(&family, bytes, sizeof family);
    return family;
}

static void set_family(void *bytes, uint16_t family) { memcpy(bytes, &family, sizeof family); }

/* A guest AF_UNIX path (path_len bytes, maybe not NUL-terminated) as Winsock's sun_path. */
static intptr_t unix_path_to_host(const char *path, size_t path_len, BYTE out[WIN_SOCKADDR_MAX])
{
    /* Linux's abstract names (a leading NUL) and autobind (no path) have no Windows equivalent. */
    if (path_len == 0 || path[0] == 0) return -LINUX_EOPNOTSUPP;
    char guest[109];
    memcpy(guest, path, path_len);
    guest[path_len] = 0;
    intptr_t error = 0;
    WCHAR *wide = host_path(guest, &error);
    if (wide == NULL) return error;
    char *narrow = utf8_of(wide);
    host_path_free(wide);
    if (narrow == NULL) return -LINUX_ENOMEM;
    size_t n = strlen(narrow);
    if (n >= 108) {   /* Windows' form can be longer than the guest's (a drive): too long for sun_path */
        host_free(narrow);
        return -LINUX_ENAMETOOLONG;
    }
    memset(out, 0, WIN_SOCKADDR_MAX);
    set_family(out, WIN_AF_UNIX);
    memcpy(out + 2, narrow, n + 1);
    host_free(narrow);
    return (intptr_t)(2 + n + 1);
}

intptr_t win_sockaddr_from_guest(const void *guest, intptr_t len, BYTE out[WIN_SOCKADDR_MAX])
{
    /* Linux takes up to a sockaddr_storage (128 bytes), reading what the family needs. */
    if (len < 2 || len > WIN_SOCKADDR_MAX) return -LINUX_EINVAL;
    unsigned char bytes[WIN_SOCKADDR_MAX];
    if (lx_copy_in(bytes, guest, (size_t)len) != 0) return -LINUX_EFAULT;
    memset(out, 0, WIN_SOCKADDR_MAX);
    switch (family_of(bytes)) {
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
    case LINUX_AF_UNIX: {
        size_t path_len = (size_t)len - 2;
        if (path_len > 108) path_len = 108;
        /* The path ends at its NUL, if it has one within the length. */
        const char *path = (const char *)bytes + 2;
        size_t end = 0;
        while (end < path_len && (end == 0 || path[end] != 0)) end++;
        return unix_path_to_host(path, end, out);
    }
    default:
        return -LINUX_EAFNOSUPPORT;
    }
}

size_t win_sockaddr_to_linux(const BYTE *host, int host_len, int linux_family, unsigned char buf[WIN_SOCKADDR_MAX])
{
    memset(buf, 0, WIN_SOCKADDR_MAX);
    uint16_t family = host_len >= 2 ? family_of(host) : 0xffff;
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
    if (family == WIN_AF_UNIX && host_len > 2 && host[2] != 0) {
        char path[WIN_SOCKADDR_MAX];
        size_t n = (size_t)host_len - 2 < sizeof path - 1 ? (size_t)host_len - 2 : sizeof path - 1;
        memcpy(path, host + 2, n);
        path[n] = 0;
        set_family(buf, LINUX_AF_UNIX);
        WCHAR *wide = utf16_of(path);
        intptr_t length = wide ? guest_path(wide, (char *)buf + 2, 108) : -1;
        host_free(wide);
        if (length < 0) return 2;   /* not a path this host can show: unnamed */
        return 2 + (size_t)length + 1;   /* with its NUL, as Linux counts a bound path */
    }
    /* An unnamed socket (AF_UNIX's peer, or one not bound): just the family, as Linux gives. */
    set_family(buf, (uint16_t)linux_family);
    return 2;
}

intptr_t win_sockaddr_to_guest(const BYTE *host, int host_len, int linux_family, void *guest, uint32_t *guest_len)
{
    uint32_t room;
    if (LX_COPY_IN(room, guest_len) != 0) return -LINUX_EFAULT;
    if ((int32_t)room < 0) return -LINUX_EINVAL;
    unsigned char buf[WIN_SOCKADDR_MAX];
    uint32_t full = (uint32_t)win_sockaddr_to_linux(host, host_len, linux_family, buf);
    if (lx_copy_out(guest, buf, room < full ? room : full) != 0) return -LINUX_EFAULT;
    return LX_COPY_OUT(guest_len, full);
}
