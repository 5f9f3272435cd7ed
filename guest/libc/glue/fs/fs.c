/* fs.c - paths, directories and file status over the path and fd syscalls of the standard modules.
 * struct stat is newlib's (with Linux-sized fields, see include/machine/_types.h); the syscalls fill
 * Linux's struct stat, which this file translates. */
#include "libc_internal.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

struct linux_stat {
    unsigned long st_dev, st_ino, st_nlink;
    unsigned int st_mode, st_uid, st_gid, pad0;
    unsigned long st_rdev;
    long st_size, st_blksize, st_blocks;
    struct timespec st_atim, st_mtim, st_ctim;
    long reserved[3];
};

static int to_stat(long r, const struct linux_stat *k, struct stat *st)
{
    if (mc_errno_result(r) < 0) return -1;
    memset(st, 0, sizeof *st);
    st->st_dev = k->st_dev;
    st->st_ino = k->st_ino;
    st->st_mode = k->st_mode;
    st->st_nlink = (nlink_t)k->st_nlink;
    st->st_uid = k->st_uid;
    st->st_gid = k->st_gid;
    st->st_rdev = k->st_rdev;
    st->st_size = k->st_size;
    st->st_atim = k->st_atim;
    st->st_mtim = k->st_mtim;
    st->st_ctim = k->st_ctim;
    st->st_blksize = k->st_blksize;
    st->st_blocks = k->st_blocks;
    return 0;
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    struct linux_stat k;
    return to_stat(mc_sys(SYS_newfstatat, dirfd, (long)path, (long)&k, flags), &k, st);
}

int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }

int fstat(int fd, struct stat *st)
{
    struct linux_stat k;
    return to_stat(mc_sys(SYS_fstat, fd, (long)&k, 0, 0), &k, st);
}

int access(const char *path, int mode) { return (int)SYSCALL(SYS_faccessat, AT_FDCWD, path, mode, 0); }
int faccessat(int dirfd, const char *path, int mode, int flags)
{
    return (int)mc_errno_result(mc_sys6(SYS_faccessat2, dirfd, (long)path, mode, flags, 0, 0));
}
int unlink(const char *path) { return (int)SYSCALL(SYS_unlinkat, AT_FDCWD, path, 0, 0); }
int unlinkat(int dirfd, const char *path, int flags) { return (int)SYSCALL(SYS_unlinkat, dirfd, path, flags, 0); }
int rmdir(const char *path) { return (int)SYSCALL(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR, 0); }
/* newlib's rename() calls _rename through its reentrant layer. */
int _rename(const char *from, const char *to) { return (int)SYSCALL(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to); }
int renameat(int fromfd, const char *from, int tofd, const char *to) { return (int)SYSCALL(SYS_renameat, fromfd, from, tofd, to); }
int mkdir(const char *path, mode_t mode) { return (int)SYSCALL(SYS_mkdirat, AT_FDCWD, path, mode, 0); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return (int)SYSCALL(SYS_mkdirat, dirfd, path, mode, 0); }
int link(const char *from, const char *to) { return (int)mc_errno_result(mc_sys6(SYS_linkat, AT_FDCWD, (long)from, AT_FDCWD, (long)to, 0, 0)); }
int linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
    return (int)mc_errno_result(mc_sys6(SYS_linkat, fromfd, (long)from, tofd, (long)to, flags, 0));
}
int symlink(const char *target, const char *path) { return (int)SYSCALL(SYS_symlinkat, target, AT_FDCWD, path, 0); }
int symlinkat(const char *target, int dirfd, const char *path) { return (int)SYSCALL(SYS_symlinkat, target, dirfd, path, 0); }
ssize_t readlink(const char *path, char *buf, size_t n) { return SYSCALL(SYS_readlinkat, AT_FDCWD, path, buf, n); }
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t n) { return SYSCALL(SYS_readlinkat, dirfd, path, buf, n); }
int chdir(const char *path) { return (int)SYSCALL(SYS_chdir, path, 0, 0, 0); }
/* chroot: a program cannot change its root under Microcosm - the root is the host's, shared with the host and every
 * other program - so it is refused as Linux refuses a process without the privilege (EPERM), after the checks Linux
 * makes first (the path exists and is a directory). */
int chroot(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    errno = EPERM;
    return -1;
}
int fchdir(int fd) { return (int)SYSCALL(SYS_fchdir, fd, 0, 0, 0); }
int chmod(const char *path, mode_t mode) { return (int)SYSCALL(SYS_fchmodat, AT_FDCWD, path, mode, 0); }
int fchmod(int fd, mode_t mode) { return (int)SYSCALL(SYS_fchmod, fd, mode, 0, 0); }
int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    if (flags) { errno = EOPNOTSUPP; return -1; }
    return (int)SYSCALL(SYS_fchmodat, dirfd, path, mode, 0);
}
int truncate(const char *path, off_t length) { return (int)SYSCALL(SYS_truncate, path, length, 0, 0); }

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
    return (int)SYSCALL(SYS_utimensat, dirfd, path, times, flags);
}
int futimens(int fd, const struct timespec *times) { return (int)SYSCALL(SYS_utimensat, fd, 0, times, 0); }

/* The timeval forms: utimes, and BSD's on a descriptor and on a link itself (NULL: now). */
static const struct timespec *timespecs_of(const struct timeval *tv, struct timespec ts[2])
{
    if (!tv) return NULL;
    for (int i = 0; i < 2; i++) ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
    return ts;
}
int utimes(const char *path, const struct timeval *tv) { struct timespec ts[2]; return utimensat(AT_FDCWD, path, timespecs_of(tv, ts), 0); }
int futimes(int fd, const struct timeval *tv) { struct timespec ts[2]; return futimens(fd, timespecs_of(tv, ts)); }
int lutimes(const char *path, const struct timeval *tv)
{
    struct timespec ts[2];
    return utimensat(AT_FDCWD, path, timespecs_of(tv, ts), AT_SYMLINK_NOFOLLOW);
}

/* glibc's: $PWD when it names the working directory (so a path through a symbolic link is kept),
 * else getcwd's answer; malloc'd either way. */
char *get_current_dir_name(void)
{
    const char *pwd = getenv("PWD");
    struct stat here, there;
    if (pwd && pwd[0] == '/' && stat(pwd, &there) == 0 && stat(".", &here) == 0 &&
        here.st_dev == there.st_dev && here.st_ino == there.st_ino)
        return strdup(pwd);
    return getcwd(NULL, 0);
}

int utime(const char *path, const struct utimbuf *times)
{
    if (!times) return utimensat(AT_FDCWD, path, NULL, 0);
    struct timespec ts[2] = { { times->actime, 0 }, { times->modtime, 0 } };
    return utimensat(AT_FDCWD, path, ts, 0);
}

/* Special files: FIFOs (the host's named pipes), and with the host's permission devices. The mode
 * carries the file type (S_IFIFO, S_IFREG, S_IFCHR, ...), whose values are Linux's. */
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) { return (int)SYSCALL(SYS_mknodat, dirfd, path, mode, dev); }
int mknod(const char *path, mode_t mode, dev_t dev) { return mknodat(AT_FDCWD, path, mode, dev); }
int mkfifoat(int dirfd, const char *path, mode_t mode) { return mknodat(dirfd, path, S_IFIFO | (mode & 07777), 0); }
int mkfifo(const char *path, mode_t mode) { return mknodat(AT_FDCWD, path, S_IFIFO | (mode & 07777), 0); }

void sync(void) { mc_sys(SYS_sync, 0, 0, 0, 0); }

char *getcwd(char *buf, size_t size)
{
    char local[4096];
    int allocate = buf == NULL;
    char *target = allocate ? local : buf;
    size_t n = allocate ? sizeof local : size;
    if (n == 0) { errno = EINVAL; return NULL; }
    if (mc_errno_result(mc_sys(SYS_getcwd, (long)target, (long)n, 0, 0)) < 0) return NULL;
    return allocate ? strdup(local) : buf;
}

/* The file mode creation mask is the host process's (syscall 95), as the working directory is: the
 * files a guest creates get the mode it asks for, less the mask it set. */
mode_t umask(mode_t mask) { return (mode_t)mc_sys(SYS_umask, mask & 0777, 0, 0, 0); }

/* Owners: the path and fd modules' chown family; (uid_t)-1 / (gid_t)-1 leave one unchanged. */
int chown(const char *path, uid_t uid, gid_t gid) { return (int)SYSCALL(SYS_chown, path, uid, gid, 0); }
int fchown(int fd, uid_t uid, gid_t gid) { return (int)SYSCALL(SYS_fchown, fd, uid, gid, 0); }
int lchown(const char *path, uid_t uid, gid_t gid) { return (int)SYSCALL(SYS_lchown, path, uid, gid, 0); }
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
    return (int)mc_errno_result(mc_sys6(SYS_fchownat, dirfd, (long)path, uid, gid, flags, 0));
}

/* remove: a file, or else an empty directory, as glibc does (newlib's only unlinked). */
int remove(const char *path)
{
    if (unlink(path) == 0) return 0;
    if (errno != EISDIR && errno != EPERM) return -1;
    int saved = errno;
    if (rmdir(path) == 0) return 0;
    if (errno == ENOTDIR) errno = saved;   /* not a directory after all: unlink's error stands */
    return -1;
}

int _remove_r(struct _reent *reent, const char *path)
{
    (void)reent;
    return remove(path);
}
