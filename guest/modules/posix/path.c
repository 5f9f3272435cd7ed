/* libmc-path.so: paths and directories - open, stat, unlink, mkdir, mknod, rename, links,
 * permissions, times, file system statistics, the working directory, and directory listings
 * (getdents64).
 *
 * Paths are the host's: a guest sees the host's file system. Relative paths resolve against the program's
 * working directory, which is the instance's own (fdtable.h, lx_fd_cwd: a directory descriptor the table
 * holds; shared by the program's threads, as on Linux): AT_FDCWD becomes that descriptor, and chdir changes it,
 * never the host process's. Descriptor arguments and the names of the program's own
 * descriptors (/dev/fd/N, /proc/self/fd/N, /dev/stdin...) go through the descriptor table
 * (fdtable.h). The legacy calls (open, stat, mkdir, ...) are their *at() forms with AT_FDCWD, as in
 * the kernel.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>    /* renameat */
#include <string.h>
#include <sys/stat.h>
#if __has_include(<sys/sysmacros.h>)
#include <sys/sysmacros.h>   /* makedev */
#endif
#include <stdlib.h>
#include <unistd.h>
#include "fdtable.h"
#include "posix.h"

/* ---- guest paths -------------------------------------------------------------------------------------- */

/* A guest path as the host must see it. The names by which a Linux program reaches its own
 * descriptors - /dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N with its own
 * pid, and /dev/stdin, /dev/stdout, /dev/stderr - name guest descriptor N, which is host descriptor
 * M here: they become /proc/self/fd/M (and the rest of the path), N referenced for the call. Any
 * other path is the host's as it is. */
struct guest_path {
    struct lx_fd fd;
    char *heap;
    intptr_t error;
    char small[64];
};

static void guest_path_done(struct guest_path *p)
{
    lx_fd_put(&p->fd);
    free(p->heap);
}

/* The descriptor number a path names, and where the rest of the path starts; -1 if none. */
static intptr_t named_descriptor(const char *path, const char **rest)
{
    static const char *const std_names[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
    if (strncmp(path, "/dev/", 5) == 0) {
        for (int n = 0; n < 3; n++)
            if (strcmp(path, std_names[n]) == 0) {
                *rest = path + strlen(path);
                return n;
            }
        if (strncmp(path + 5, "fd/", 3) != 0) return -1;
        path += 8;
    } else if (strncmp(path, "/proc/", 6) == 0) {
        const char *own = strncmp(path, "/proc/thread-self/", 18) == 0 ? path + 18 : lx_proc_own_rest(path);
        if (own == NULL) return -1;
        path = own;
        if (strncmp(path, "fd/", 3) != 0) return -1;
        path += 3;
    } else {
        return -1;
    }
    if (*path < '0' || *path > '9') return -1;
    char *end;
    long n = strtol(path, &end, 10);
    if ((*end != '\0' && *end != '/') || n >= LX_FD_MAX) return -1;
    *rest = end;
    return n;
}

/* NULL with p->error: the path cannot be read (-EFAULT), names a descriptor that is not open (-ENOENT,
 * as Linux answers for the missing /proc/self/fd entry), or is too long (-ENAMETOOLONG). A path the
 * module need not read is passed on as it is: the host kernel checks it. */
static const char *guest_path(struct guest_path *p, const char *path)
{
    p->fd.host = -1;
    p->fd.file = NULL;
    p->heap = NULL;
    intptr_t length = lx_string_prefix(p->small, path, sizeof p->small);
    if (length < 0) {
        p->error = length;
        return NULL;
    }
    if (strncmp(p->small, "/dev/", 5) != 0 && strncmp(p->small, "/proc/", 6) != 0) return path;
    /* A name that may be one of the program's descriptors: read it whole. */
    char *whole = p->small;
    if (length == (intptr_t)sizeof p->small - 1) {
        if ((p->heap = malloc(LINUX_PATH_MAX)) == NULL) {
            p->error = -LINUX_ENOMEM;
            return NULL;
        }
        length = lx_string_prefix(p->heap, path, LINUX_PATH_MAX);
        if (length < 0 || length == LINUX_PATH_MAX - 1) {
            p->error = length < 0 ? length : -LINUX_ENAMETOOLONG;
            return NULL;
        }
        whole = p->heap;
    }
    if (lx_names_own_exe(whole) && lx_own_exe() != NULL) return lx_own_exe();   /* the program's file, not the CLI's */
    const char *rest;
    intptr_t n = named_descriptor(whole, &rest);
    if (n < 0) return path;
    p->fd = lx_fd_get(n);
    if (p->fd.host == -1) {
        p->error = -LINUX_ENOENT;
        return NULL;
    }
    char *name = malloc(strlen(rest) + 32);
    if (name == NULL) {
        p->error = -LINUX_ENOMEM;
        return NULL;
    }
    sprintf(name, "/proc/self/fd/%ld%s", (long)p->fd.host, rest);
    free(p->heap);
    return p->heap = name;
}

/* Declares `name`, the host's form of guest path `guest`, for the rest of the block; returns -EFAULT,
 * -ENOENT or -ENAMETOOLONG from the handler when it cannot be had. */
#define GUEST_PATH(name, guest)                                                              \
    struct guest_path name##_guest __attribute__((cleanup(guest_path_done)));               \
    const char *name = guest_path(&name##_guest, (const char *)(guest));                     \
    if (name == NULL) return name##_guest.error

/* Whether a guest path is empty (AT_EMPTY_PATH): 1 or 0, or -EFAULT. */
static intptr_t empty_path(intptr_t path)
{
    char first[2];
    intptr_t length = lx_string_prefix(first, (const char *)path, sizeof first);
    return length < 0 ? length : length == 0;
}

/* ---- open ----------------------------------------------------------------------------------------- */

static intptr_t open_at(intptr_t dirfd, intptr_t path, intptr_t flags, intptr_t mode)
{
    if (path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    /* A bad dirfd is -1 for the host, which ignores it for an absolute path, as Linux does. */
    LX_DIRFD(dir, dirfd);
    long host = LX_RETRY(openat(dir.host, host_path, lx_open_flags_to_host(flags) | O_CLOEXEC, (mode_t)(mode & 07777)));
    return lx_fd_install_result(host, (flags & LINUX_O_CLOEXEC) != 0);
}

MC_HANDLER(sys_openat) { return open_at(a, b, c, d); }
MC_HANDLER(sys_open) { return open_at(LINUX_AT_FDCWD, a, b, c); }

/* ---- stat ----------------------------------------------------------------------------------------- */

static intptr_t stat_at(intptr_t dirfd, intptr_t path, intptr_t out, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH | LINUX_AT_NO_AUTOMOUNT))
        return -LINUX_EINVAL;
    struct stat st;
    int r;
    /* AT_EMPTY_PATH (stat the descriptor itself) is done here rather than passed on: POSIX hosts
     * do not all have it. Linux 6.11 also accepts a NULL path with it. */
    LX_DIRFD(dir, dirfd);
    intptr_t empty = (flags & LINUX_AT_EMPTY_PATH) && path != 0 ? empty_path(path) : 0;
    if (empty < 0) return empty;
    if ((flags & LINUX_AT_EMPTY_PATH) && (path == 0 || empty)) {
        if (dir.host == -1) return -LINUX_EBADF;
        r = dir.host == AT_FDCWD ? stat(".", &st) : fstat(dir.host, &st);
    } else if (path == 0) {
        return -LINUX_EFAULT;
    } else {
        GUEST_PATH(host_path, path);
        r = fstatat(dir.host, host_path, &st, (flags & LINUX_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0);
    }
    if (r == -1) return -lx_errno(errno);
    struct linux_stat result;
    lx_stat_from_host(&result, &st);
    return LX_COPY_OUT((void *)out, result);
}

MC_HANDLER(sys_newfstatat) { return stat_at(a, b, c, d); }
MC_HANDLER(sys_stat) { return stat_at(LINUX_AT_FDCWD, a, b, 0); }
MC_HANDLER(sys_lstat) { return stat_at(LINUX_AT_FDCWD, a, b, LINUX_AT_SYMLINK_NOFOLLOW); }

/* ---- create, remove, rename, link ----------------------------------------------------------------- */

static intptr_t unlink_at(intptr_t dirfd, intptr_t path, intptr_t flags)
{
    if (flags & ~(intptr_t)LINUX_AT_REMOVEDIR) return -LINUX_EINVAL;
    if (path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(unlinkat(dir.host, host_path, (flags & LINUX_AT_REMOVEDIR) ? AT_REMOVEDIR : 0));
}

MC_HANDLER(sys_unlinkat) { return unlink_at(a, b, c); }
MC_HANDLER(sys_unlink) { return unlink_at(LINUX_AT_FDCWD, a, 0); }
MC_HANDLER(sys_rmdir) { return unlink_at(LINUX_AT_FDCWD, a, LINUX_AT_REMOVEDIR); }

static intptr_t mkdir_at(intptr_t dirfd, intptr_t path, intptr_t mode)
{
    if (path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(mkdirat(dir.host, host_path, (mode_t)(mode & 07777)));
}

MC_HANDLER(sys_mkdirat) { return mkdir_at(a, b, c); }
MC_HANDLER(sys_mkdir) { return mkdir_at(LINUX_AT_FDCWD, a, b); }

static intptr_t rename_at(intptr_t olddir, intptr_t oldpath, intptr_t newdir, intptr_t newpath)
{
    if (oldpath == 0 || newpath == 0) return -LINUX_EFAULT;
    GUEST_PATH(old_host, oldpath);
    GUEST_PATH(new_host, newpath);
    LX_DIRFD(old_dir, olddir);
    LX_DIRFD(new_dir, newdir);
    return lx_result(renameat(old_dir.host, old_host, new_dir.host, new_host));
}

MC_HANDLER(sys_renameat) { return rename_at(a, b, c, d); }
MC_HANDLER(sys_rename) { return rename_at(LINUX_AT_FDCWD, a, LINUX_AT_FDCWD, b); }

static intptr_t link_at(intptr_t olddir, intptr_t oldpath, intptr_t newdir, intptr_t newpath, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    if (oldpath == 0 || newpath == 0) return -LINUX_EFAULT;
    int host_flags = (flags & LINUX_AT_SYMLINK_FOLLOW) ? AT_SYMLINK_FOLLOW : 0;
#ifdef AT_EMPTY_PATH
    if (flags & LINUX_AT_EMPTY_PATH) host_flags |= AT_EMPTY_PATH;
#endif
    GUEST_PATH(old_host, oldpath);
    GUEST_PATH(new_host, newpath);
    LX_DIRFD(old_dir, olddir);
    LX_DIRFD(new_dir, newdir);
    return lx_result(linkat(old_dir.host, old_host, new_dir.host, new_host, host_flags));
}

MC_HANDLER(sys_linkat) { return link_at(a, b, c, d, e); }
MC_HANDLER(sys_link) { return link_at(LINUX_AT_FDCWD, a, LINUX_AT_FDCWD, b, 0); }

static intptr_t symlink_at(intptr_t target, intptr_t dirfd, intptr_t path)
{
    if (target == 0 || path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(symlinkat((const char *)target, dir.host, host_path));   /* the target is text, not resolved */
}

MC_HANDLER(sys_symlinkat) { return symlink_at(a, b, c); }
MC_HANDLER(sys_symlink) { return symlink_at(a, LINUX_AT_FDCWD, b); }

static intptr_t readlink_at(intptr_t dirfd, intptr_t path, intptr_t buf, intptr_t size)
{
    if ((int)size <= 0) return -LINUX_EINVAL;   /* the size is an int in the kernel */
    if (path == 0 || buf == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    if (host_path == lx_own_exe()) {   /* guest_path put the program's file for /proc/self/exe: the link's text */
        size_t n = strlen(host_path) < (size_t)size ? strlen(host_path) : (size_t)size;   /* truncated, no NUL */
        return lx_copy_out((void *)buf, host_path, n) != 0 ? -LINUX_EFAULT : (intptr_t)n;
    }
    LX_DIRFD(dir, dirfd);
    return lx_result(readlinkat(dir.host, host_path, (char *)buf, (size_t)(int)size));
}

MC_HANDLER(sys_readlinkat) { return readlink_at(a, b, c, d); }
MC_HANDLER(sys_readlink) { return readlink_at(LINUX_AT_FDCWD, a, b, c); }

MC_HANDLER(sys_truncate)
{
    if (a == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, a);
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    char below[LINUX_PATH_MAX + 32];
    intptr_t error = 0;
    const char *path = lx_path_below(cwd.host, host_path, below, sizeof below, &error);
    return path == NULL ? error : lx_result(LX_RETRY(truncate(path, (off_t)b)));
}

/* mknodat: FIFOs, regular files, sockets, and (with the host's permission) devices. The device number
 * is Linux's encoding (12 bits of major, 20 of minor), rebuilt with the host's makedev. */
static intptr_t mknod_at(intptr_t dirfd, intptr_t path, intptr_t mode, intptr_t dev)
{
    if (path == 0) return -LINUX_EFAULT;
    mode_t host_mode = (mode_t)(mode & 07777);
    dev_t host_dev = 0;
    switch (mode & LINUX_S_IFMT) {
    case 0:
    case LINUX_S_IFREG: host_mode |= S_IFREG; break;
    case LINUX_S_IFIFO: host_mode |= S_IFIFO; break;
    case LINUX_S_IFSOCK: host_mode |= S_IFSOCK; break;
    case LINUX_S_IFCHR:
    case LINUX_S_IFBLK: {
        uint64_t d = (uint64_t)dev;
        unsigned int major = (unsigned int)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL));
        unsigned int minor = (unsigned int)((d & 0xff) | ((d >> 12) & ~0xffULL));
        host_mode |= (mode & LINUX_S_IFMT) == LINUX_S_IFCHR ? S_IFCHR : S_IFBLK;
        host_dev = makedev(major, minor);
        break;
    }
    case LINUX_S_IFDIR: return -LINUX_EPERM;   /* Linux: directories are made with mkdir */
    default: return -LINUX_EINVAL;
    }
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(mknodat(dir.host, host_path, host_mode, host_dev));
}

MC_HANDLER(sys_mknodat) { return mknod_at(a, b, c, d); }
MC_HANDLER(sys_mknod) { return mknod_at(LINUX_AT_FDCWD, a, b, c); }

MC_HANDLER(sys_statfs)
{
    if (a == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, a);
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    char below[LINUX_PATH_MAX + 32];
    intptr_t r = 0;
    const char *path = lx_path_below(cwd.host, host_path, below, sizeof below, &r);
    if (path == NULL) return r;
    struct linux_statfs out;
    r = lx_statfs(path, &out);
    return r != 0 ? r : LX_COPY_OUT((void *)b, out);
}

/* ---- permissions and times ------------------------------------------------------------------------ */

static intptr_t access_at(intptr_t dirfd, intptr_t path, intptr_t mode, intptr_t flags)
{
    if (mode & ~(intptr_t)(LINUX_R_OK | LINUX_W_OK | LINUX_X_OK)) return -LINUX_EINVAL;
    if (flags & ~(intptr_t)(LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    if (path == 0) return -LINUX_EFAULT;
    int host_mode = F_OK;
    if (mode & LINUX_R_OK) host_mode |= R_OK;
    if (mode & LINUX_W_OK) host_mode |= W_OK;
    if (mode & LINUX_X_OK) host_mode |= X_OK;
    int host_flags = 0;
    if (flags & LINUX_AT_EACCESS) host_flags |= AT_EACCESS;
    if (flags & LINUX_AT_SYMLINK_NOFOLLOW) host_flags |= AT_SYMLINK_NOFOLLOW;
#ifdef AT_EMPTY_PATH
    if (flags & LINUX_AT_EMPTY_PATH) host_flags |= AT_EMPTY_PATH;
#endif
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(faccessat(dir.host, host_path, host_mode, host_flags));
}

MC_HANDLER(sys_faccessat) { return access_at(a, b, c, 0); }   /* no flags argument: faccessat2 has it */
MC_HANDLER(sys_faccessat2) { return access_at(a, b, c, d); }
MC_HANDLER(sys_access) { return access_at(LINUX_AT_FDCWD, a, b, 0); }

static intptr_t chmod_at(intptr_t dirfd, intptr_t path, intptr_t mode)
{
    if (path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    LX_DIRFD(dir, dirfd);
    return lx_result(fchmodat(dir.host, host_path, (mode_t)(mode & 07777), 0));
}

MC_HANDLER(sys_fchmodat) { return chmod_at(a, b, c); }   /* fchmodat(2) has no flags argument */
MC_HANDLER(sys_chmod) { return chmod_at(LINUX_AT_FDCWD, a, b); }
MC_HANDLER(sys_fchmod)
{
    LX_FD_OPEN(fd, a);
    return lx_result(fchmod(fd.host, (mode_t)(b & 07777)));
}

/* fchownat(dirfd, path, owner, group, flags): ids are the host's (-1 leaves one unchanged, on every
 * host); changing the owner needs the host's permission (-EPERM). AT_EMPTY_PATH: the descriptor. */
static intptr_t chown_at(intptr_t dirfd, intptr_t path, intptr_t owner, intptr_t group, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    uid_t uid = (uid_t)(uint32_t)owner;
    gid_t gid = (gid_t)(uint32_t)group;
    LX_DIRFD(dir, dirfd);
    intptr_t empty = (flags & LINUX_AT_EMPTY_PATH) && path != 0 ? empty_path(path) : 0;
    if (empty < 0) return empty;
    if ((flags & LINUX_AT_EMPTY_PATH) && (path == 0 || empty)) {
        if (dir.host == -1) return -LINUX_EBADF;
        if (dir.host == AT_FDCWD) return lx_result(chown(".", uid, gid));
#ifdef AT_EMPTY_PATH
        /* The working directory's descriptor is O_PATH, which fchown refuses. */
        return lx_result(fchownat(dir.host, "", uid, gid, AT_EMPTY_PATH));
#else
        return lx_result(fchown(dir.host, uid, gid));
#endif
    }
    if (path == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, path);
    return lx_result(fchownat(dir.host, host_path, uid, gid, (flags & LINUX_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0));
}

MC_HANDLER(sys_fchownat) { return chown_at(a, b, c, d, e); }
MC_HANDLER(sys_chown) { return chown_at(LINUX_AT_FDCWD, a, b, c, 0); }
MC_HANDLER(sys_lchown) { return chown_at(LINUX_AT_FDCWD, a, b, c, LINUX_AT_SYMLINK_NOFOLLOW); }

/* One time of utimensat: UTIME_NOW and UTIME_OMIT are translated (their values are the host's own). */
static int utime_to_host(const struct linux_timespec *in, struct timespec *out)
{
    if (in->tv_nsec == LINUX_UTIME_NOW) { out->tv_sec = 0; out->tv_nsec = UTIME_NOW; return 0; }
    if (in->tv_nsec == LINUX_UTIME_OMIT) { out->tv_sec = 0; out->tv_nsec = UTIME_OMIT; return 0; }
    if (in->tv_nsec < 0 || in->tv_nsec >= LX_NSEC_PER_SEC) return -1;
    out->tv_sec = (time_t)in->tv_sec;
    out->tv_nsec = (long)in->tv_nsec;
    return 0;
}

MC_HANDLER(sys_utimensat)
{
    intptr_t dirfd = a, path = b, flags = d;
    const struct linux_timespec *times = (const struct linux_timespec *)c;
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    struct timespec host[2], *tp = NULL;
    if (times != NULL) {
        struct linux_timespec given[2];
        if (LX_COPY_IN(given, times) != 0) return -LINUX_EFAULT;
        if (utime_to_host(&given[0], &host[0]) != 0 || utime_to_host(&given[1], &host[1]) != 0) return -LINUX_EINVAL;
        tp = host;
    }
    LX_DIRFD(dir, dirfd);
    /* A NULL path means the descriptor itself (a Linux extension futimens is built on). */
    if (path == 0) {
        if (flags & LINUX_AT_SYMLINK_NOFOLLOW) return -LINUX_EINVAL;
        if (dirfd == LINUX_AT_FDCWD) return -LINUX_EFAULT;
        if (dir.host == -1) return -LINUX_EBADF;
        return lx_result(futimens(dir.host, tp));
    }
    intptr_t empty = empty_path(path);
    if (empty < 0) return empty;
    if (empty && (flags & LINUX_AT_EMPTY_PATH)) {
        if (dir.host == -1) return -LINUX_EBADF;
        /* The working directory's descriptor is O_PATH, which futimens refuses: "." below it is itself. */
        return lx_result(dirfd == LINUX_AT_FDCWD ? utimensat(dir.host, ".", tp, 0) : futimens(dir.host, tp));
    }
    GUEST_PATH(host_path, path);
    return lx_result(utimensat(dir.host, host_path, tp, (flags & LINUX_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0));
}

/* ---- working directory ---------------------------------------------------------------------------- */

/* getcwd: the working directory's path now (it follows renames, as Linux's does); -ENOENT once it was removed. */
MC_HANDLER(sys_getcwd)
{
    size_t size = (size_t)b;
    if (a == 0) return -LINUX_EFAULT;
    if (size == 0) return -LINUX_ERANGE;
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    char path[LINUX_PATH_MAX + 16];
    if (cwd.host == AT_FDCWD) {
        if (getcwd(path, sizeof path) == NULL) return -lx_errno(errno);
    } else {
        intptr_t r = lx_directory_path(cwd.host, path, LINUX_PATH_MAX);
        if (r != 0) return r;
        static const char deleted[] = " (deleted)";
        size_t n = strlen(path), mark = sizeof deleted - 1;
        struct stat st;
        if (path[0] != '/' || (n > mark && strcmp(path + n - mark, deleted) == 0 && fstat((int)cwd.host, &st) == 0 && st.st_nlink == 0))
            return -LINUX_ENOENT;   /* removed (a directory of that name is not), or not below the root */
    }
    size_t length = strlen(path) + 1;   /* the syscall returns the length with the NUL */
    if (length > size) return -LINUX_ERANGE;
    return lx_copy_out((void *)a, path, length) != 0 ? -LINUX_EFAULT : (intptr_t)length;
}

/* Makes the directory at host descriptor dir (a new one, or the program's, or the working directory) the working
 * directory, if it is a directory the program may search (chdir's checks); the caller keeps its reference. */
static intptr_t change_directory(const struct lx_fd *dir)
{
    struct stat st;
    if (fstat((int)dir->host, &st) != 0) return -lx_errno(errno);
    if (!S_ISDIR(st.st_mode)) return -LINUX_ENOTDIR;
    if (faccessat((int)dir->host, ".", X_OK, AT_EACCESS) != 0) return -lx_errno(errno);
    lx_fd_set_cwd(dir);
    return 0;
}

MC_HANDLER(sys_chdir)
{
    if (a == 0) return -LINUX_EFAULT;
    GUEST_PATH(host_path, a);
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    int host = openat((int)cwd.host, host_path, LX_O_SEARCH | O_DIRECTORY | O_CLOEXEC);
    if (host < 0) return -lx_errno(errno);
    struct lx_fd dir __attribute__((cleanup(lx_fd_put))) = lx_fd_wrap(host);
    return dir.file == NULL ? -LINUX_ENOMEM : change_directory(&dir);
}

MC_HANDLER(sys_fchdir)
{
    LX_FD_OPEN(fd, a);
    return change_directory(&fd);
}

/* ---- directory listings ---------------------------------------------------------------------------- */

/* getdents64: the host's getdents64 (a Linux host: glibc >= 2.30) reads records into a local buffer,
 * then each is copied field by field into the guest's layout. d_off is the host's position cookie,
 * so that a guest can lseek to it; records that do not fit are given back by seeking the descriptor
 * to the last one copied. A non-Linux host would read with getdirentries() here instead. */
MC_HANDLER(sys_getdents64)
{
    LX_FD_OPEN(ref, a);
    int fd = ref.host;
    char *guest = (char *)b;
    size_t count = (size_t)(unsigned int)c;   /* an unsigned int in the kernel */
    off_t start = lseek(fd, 0, SEEK_CUR);
    char host[8192] __attribute__((aligned(8)));
    char out[8192] __attribute__((aligned(8)));   /* the guest's records, copied out at the end */
    if (count > sizeof out) count = sizeof out;
    long n = LX_RETRY(getdents64(fd, host, count < sizeof host ? count : sizeof host));
    if (n <= 0) return lx_result(n);

    size_t used = 0;
    int64_t last_off = -1;
    long pos = 0;
    while (pos < n) {
        const struct dirent64 *in = (const struct dirent64 *)(host + pos);
        size_t name_len = strlen(in->d_name);
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + name_len + 1 + 7) & ~(size_t)7;
        if (used + reclen > count) break;
        struct linux_dirent64 *rec = (struct linux_dirent64 *)(out + used);
        rec->d_ino = (uint64_t)in->d_ino;
        rec->d_off = (int64_t)in->d_off;
        rec->d_reclen = (uint16_t)reclen;
        rec->d_type = lx_dtype_from_host(in->d_type);
        memcpy(rec->d_name, in->d_name, name_len + 1);
        memset(rec->d_name + name_len + 1, 0, reclen - offsetof(struct linux_dirent64, d_name) - name_len - 1);
        used += reclen;
        last_off = rec->d_off;
        pos += in->d_reclen;
    }
    /* A buffer the guest cannot take: nothing was read, as far as it can tell. */
    if (used > 0 && lx_copy_out(guest, out, used) != 0) {
        if (start != (off_t)-1) lseek(fd, start, SEEK_SET);
        return -LINUX_EFAULT;
    }
    if (pos >= n) return (intptr_t)used;   /* everything the host read was copied */
    /* The guest's buffer filled first: continue after the last entry copied next time. */
    if (used == 0) {
        if (start != (off_t)-1) lseek(fd, start, SEEK_SET);
        return -LINUX_EINVAL;    /* Linux: "result buffer is too small" */
    }
    lseek(fd, (off_t)last_off, SEEK_SET);
    return (intptr_t)used;
}

/* The path family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry path_syscalls[] = { MC_FAMILY_path(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void path_module_init(void)
{
    MC_REGISTER_TABLE(path_syscalls);
}
