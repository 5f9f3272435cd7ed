/* sendmsg (46) and recvmsg (47) on Windows: Linux's struct msghdr read and written back, its vectors
 * as WSABUFs over the guest's memory, and SCM_RIGHTS - which Winsock cannot carry - between the ends
 * of a socketpair, both in this process: the files sent are queued beside the stream (socket.h) and
 * come out of recvmsg as new descriptors for the same objects, as on Linux. Other sockets, and other
 * control messages, are -EOPNOTSUPP and -EINVAL. */
#include "socket.h"

#define LX_CMSG_ALIGN(n) (((n) + 7) & ~(size_t)7)
#define MAX_MSG_FDS 253     /* SCM_MAX_FD */
#define MAX_CONTROL 20480   /* Linux's default net.core.optmem_max */

/* The guest's vectors as WSABUFs (bufs has room for LINUX_UIO_MAXIOV): 0, or -errno. */
static intptr_t vectors(const struct linux_msghdr *g, struct win_wsabuf *bufs)
{
    if (g->msg_iovlen > LINUX_UIO_MAXIOV) return -LINUX_EMSGSIZE;
    for (uint64_t i = 0; i < g->msg_iovlen; i++) {
        struct linux_iovec v;
        if (LX_COPY_IN(v, (const struct linux_iovec *)(uintptr_t)g->msg_iov + i) != 0) return -LINUX_EFAULT;
        bufs[i] = win_wsabuf((const void *)(uintptr_t)v.iov_base, (size_t)v.iov_len);
    }
    return 0;
}

/* The descriptors of the guest's SCM_RIGHTS messages, as one set of rights (NULL: none): 0, or -errno. */
static intptr_t rights_of(const struct linux_msghdr *g, struct win_rights **out)
{
    *out = NULL;
    if (g->msg_control == 0 || g->msg_controllen == 0) return 0;
    if (g->msg_controllen > MAX_CONTROL) return -LINUX_ENOBUFS;
    unsigned char *control = host_alloc(g->msg_controllen);
    if (control == NULL) return -LINUX_ENOMEM;
    intptr_t r = lx_copy_in(control, (const void *)(uintptr_t)g->msg_control, g->msg_controllen) != 0 ? -LINUX_EFAULT : 0;
    size_t total = 0;
    for (size_t off = 0; r == 0 && off + sizeof(struct linux_cmsghdr) <= g->msg_controllen;) {
        const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(control + off);
        if (c->cmsg_len < sizeof *c || off + c->cmsg_len > g->msg_controllen) r = -LINUX_EINVAL;
        else if (c->cmsg_level != LINUX_SOL_SOCKET || c->cmsg_type != LINUX_SCM_RIGHTS) r = -LINUX_EINVAL;
        else total += (c->cmsg_len - sizeof *c) / sizeof(int32_t), off += LX_CMSG_ALIGN(c->cmsg_len);
    }
    if (r == 0 && total > MAX_MSG_FDS) r = -LINUX_EINVAL;
    struct win_rights *rights = NULL;
    if (r == 0 && total > 0 && (rights = host_alloc(sizeof *rights + total * sizeof(struct win_file *))) == NULL) r = -LINUX_ENOMEM;
    for (size_t off = 0; r == 0 && rights && off + sizeof(struct linux_cmsghdr) <= g->msg_controllen;) {
        const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(control + off);
        const int32_t *numbers = (const int32_t *)(c + 1);
        for (size_t i = 0; r == 0 && i < (c->cmsg_len - sizeof *c) / sizeof(int32_t); i++) {
            LX_FD(ref, numbers[i]);
            if (ref.host == -1) {
                r = -LINUX_EBADF;
                break;
            }
            /* One more owner of the same object, held while the rights wait (host_close lets go). */
            struct win_file *f = win_file_of(&ref);
            __atomic_fetch_add(&f->shares, 1, __ATOMIC_ACQ_REL);
            rights->files[rights->count++] = f;
        }
        off += LX_CMSG_ALIGN(c->cmsg_len);
    }
    host_free(control);
    if (r != 0) {
        win_rights_release(rights);
        return r;
    }
    *out = rights;
    return 0;
}

intptr_t win_sendmsg(intptr_t fd, const void *guest, intptr_t flags)
{
    LX_FD_OPEN(ref, fd);
    struct win_file *f = win_file_of(&ref);
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    struct linux_msghdr g;
    if (LX_COPY_IN(g, guest) != 0) return -LINUX_EFAULT;
    struct win_wsabuf bufs[LINUX_UIO_MAXIOV];
    intptr_t r = vectors(&g, bufs);
    if (r != 0) return r;
    BYTE addr[WIN_SOCKADDR_MAX];
    intptr_t len = 0;
    if (g.msg_name != 0) {
        if (f->socket->pair) return -LINUX_EISCONN;
        if ((len = win_sockaddr_from_guest(f->socket, (const void *)(uintptr_t)g.msg_name, g.msg_namelen, addr)) < 0) return len;
    }
    struct win_rights *rights;
    if ((r = rights_of(&g, &rights)) != 0) return r;
    if (rights && f->socket->pair == NULL) {
        win_rights_release(rights);
        return -LINUX_EOPNOTSUPP;   /* Winsock carries no descriptors: only a pair's ends pass them */
    }
    r = win_socket_send(f, bufs, (size_t)g.msg_iovlen, (int)flags, g.msg_name ? addr : NULL, (int)len, &rights);
    win_rights_release(rights);   /* not sent: nobody will receive them */
    return r;
}

/* Received rights into the descriptor table and their numbers into the guest's control buffer as one
 * SCM_RIGHTS message per message sent; what does not fit is closed and reported as MSG_CTRUNC, as Linux
 * does. Sets msg_controllen and msg_flags; 0 or -EFAULT. */
static intptr_t control_to_guest(struct win_rights *rights, struct linux_msghdr *g, int cloexec)
{
    size_t room = g->msg_controllen < MAX_CONTROL ? (size_t)g->msg_controllen : MAX_CONTROL, used = 0;
    unsigned char *control = host_alloc(room ? room : 1);
    if (control == NULL) {
        win_rights_release(rights);
        return -LINUX_ENOMEM;
    }
    for (struct win_rights *r = rights; r; r = r->next) {
        size_t fit = 0;
        if (room >= used + sizeof(struct linux_cmsghdr)) fit = (room - used - sizeof(struct linux_cmsghdr)) / sizeof(int32_t);
        if (fit > r->count) fit = r->count;
        struct linux_cmsghdr *c = (struct linux_cmsghdr *)(control + used);
        int32_t *numbers = (int32_t *)(c + 1);
        size_t installed = 0;
        for (size_t i = 0; i < r->count; i++) {
            struct win_file *file = r->files[i];
            r->files[i] = NULL;
            intptr_t number = i < fit ? lx_fd_install((intptr_t)file, 0, cloexec) : (host_close((intptr_t)file), -1);
            if (number >= 0) numbers[installed++] = (int32_t)number;
            else g->msg_flags |= LINUX_MSG_CTRUNC;
        }
        r->count = 0;
        if (installed > 0) {
            c->cmsg_len = sizeof *c + installed * sizeof(int32_t);
            c->cmsg_level = LINUX_SOL_SOCKET;
            c->cmsg_type = LINUX_SCM_RIGHTS;
            used += LX_CMSG_ALIGN(c->cmsg_len);
            if (used > room) used = room;
        }
    }
    win_rights_release(rights);
    intptr_t result = 0;
    if (lx_copy_out((void *)(uintptr_t)g->msg_control, control, used) != 0) {
        for (size_t off = 0; off + sizeof(struct linux_cmsghdr) <= used;) {
            const struct linux_cmsghdr *c = (const struct linux_cmsghdr *)(control + off);
            for (size_t i = 0; i < (c->cmsg_len - sizeof *c) / sizeof(int32_t); i++) lx_fd_close(((const int32_t *)(c + 1))[i]);
            off += LX_CMSG_ALIGN(c->cmsg_len);
        }
        result = -LINUX_EFAULT;
    }
    host_free(control);
    g->msg_controllen = used;
    return result;
}

intptr_t win_recvmsg(intptr_t fd, void *guest, intptr_t flags)
{
    LX_FD_OPEN(ref, fd);
    struct win_file *f = win_file_of(&ref);
    if (f->kind != WIN_SOCKET) return -LINUX_ENOTSOCK;
    struct linux_msghdr g;
    if (LX_COPY_IN(g, guest) != 0) return -LINUX_EFAULT;
    struct win_wsabuf bufs[LINUX_UIO_MAXIOV];
    intptr_t r = vectors(&g, bufs);
    if (r != 0) return r;
    struct win_received got = { 0 };
    got.want_rights = g.msg_control != 0 && g.msg_controllen > 0;
    intptr_t n = win_socket_receive(f, bufs, (size_t)g.msg_iovlen, (int)flags, &got);
    if (n < 0) return n;
    g.msg_flags = got.flags;
    if (g.msg_name != 0) {
        uint32_t full = 0;
        if (got.from_len > 0 && f->socket->family != LINUX_AF_UNIX) {   /* AF_UNIX: unnamed, length 0 */
            unsigned char name[WIN_SOCKADDR_MAX];
            full = (uint32_t)win_sockaddr_to_linux(got.from, got.from_len, f->socket->family, name);
            if (lx_copy_out((void *)(uintptr_t)g.msg_name, name, g.msg_namelen < full ? g.msg_namelen : full) != 0) r = -LINUX_EFAULT;
        }
        g.msg_namelen = full;
    }
    if (got.rights) {
        intptr_t c = control_to_guest(got.rights, &g, (flags & LINUX_MSG_CMSG_CLOEXEC) != 0);
        if (c < 0) r = c;
    } else {
        g.msg_controllen = 0;
    }
    if (r == 0 && LX_COPY_OUT(guest, g) != 0) r = -LINUX_EFAULT;
    return r < 0 ? r : n;
}
