/* io.c - file descriptors: POSIX functions over the fd syscalls of the standard modules. newlib's
 * stdio reaches them through its _read_r/_write_r/... layer (MISSING_SYSCALL_NAMES: the plain
 * names). */
#include "libc_internal.h"
#include "io/io_internal.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

/* A write to a pipe or socket nobody reads any more: Linux sends SIGPIPE first (its default action
 * ends the program with 141, as `yes | head -1` expects), and the call fails with EPIPE if the program
 * survives it (a handler, SIG_IGN, a blocked signal). */
HIDDEN long __mc_write_result(long r)
{
    if (r == -32 /* Linux EPIPE */) raise(SIGPIPE);
    return mc_errno_result(r);
}

ssize_t read(int fd, void *buf, size_t n) { return SYSCALL(SYS_read, fd, buf, n, 0); }
ssize_t write(int fd, const void *buf, size_t n) { return __mc_write_result(mc_sys(SYS_write, fd, (long)buf, (long)n, 0)); }
ssize_t pread(int fd, void *buf, size_t n, off_t offset) { return SYSCALL(SYS_pread64, fd, buf, n, offset); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset) { return __mc_write_result(mc_sys(SYS_pwrite64, fd, (long)buf, (long)n, offset)); }
ssize_t readv(int fd, const struct iovec *iov, int count) { return SYSCALL(SYS_readv, fd, iov, count, 0); }
ssize_t writev(int fd, const struct iovec *iov, int count) { return __mc_write_result(mc_sys(SYS_writev, fd, (long)iov, count, 0)); }
int close(int fd) { return (int)SYSCALL(SYS_close, fd, 0, 0, 0); }
off_t lseek(int fd, off_t offset, int whence) { return SYSCALL(SYS_lseek, fd, offset, whence, 0); }
int dup(int fd) { return (int)SYSCALL(SYS_dup, fd, 0, 0, 0); }
int dup2(int fd, int fd2) { return (int)SYSCALL(SYS_dup2, fd, fd2, 0, 0); }
int dup3(int fd, int fd2, int flags) { return (int)SYSCALL(SYS_dup3, fd, fd2, flags, 0); }
int pipe(int fds[2]) { return (int)SYSCALL(SYS_pipe2, fds, 0, 0, 0); }
int pipe2(int fds[2], int flags) { return (int)SYSCALL(SYS_pipe2, fds, flags, 0, 0); }
int fsync(int fd) { return (int)SYSCALL(SYS_fsync, fd, 0, 0, 0); }
int fdatasync(int fd) { return (int)SYSCALL(SYS_fdatasync, fd, 0, 0, 0); }
int ftruncate(int fd, off_t length) { return (int)SYSCALL(SYS_ftruncate, fd, length, 0, 0); }
int poll(struct pollfd *fds, nfds_t n, int timeout) { return (int)SYSCALL(SYS_poll, fds, n, timeout, 0); }

/* The headers give O_, F_ and AT_ values and struct flock as Linux has them (the target ABI), so
 * flags pass through unchanged. */

/* The mode argument of open/openat, which the caller passes only when a file may be created
 * (O_CREAT, or O_TMPFILE: an unnamed file, whose bits include O_DIRECTORY's). */
#define CREATION_MODE(flags) __extension__({ \
    mode_t mode_ = 0; \
    if (((flags) & O_CREAT) || ((flags) & O_TMPFILE) == O_TMPFILE) { va_list ap_; va_start(ap_, flags); mode_ = va_arg(ap_, mode_t); va_end(ap_); } \
    mode_; })

int openat(int dirfd, const char *path, int flags, ...)
{
    return (int)SYSCALL(SYS_openat, dirfd, path, flags, CREATION_MODE(flags));
}

int open(const char *path, int flags, ...)
{
    return openat(AT_FDCWD, path, flags, CREATION_MODE(flags));
}

int creat(const char *path, mode_t mode)
{
    return openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return (int)SYSCALL(SYS_fcntl, fd, cmd, arg, 0);
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return (int)SYSCALL(SYS_ioctl, fd, request, arg, 0);
}

int isatty(int fd)
{
    char termios[64];
    long r = mc_sys(SYS_ioctl, fd, TCGETS, (long)termios, 0);
    if (r < 0) {
        errno = mc_error_of(r) == EBADF ? EBADF : ENOTTY;
        return 0;
    }
    return 1;
}

int _isatty(int fd) { return isatty(fd); }

/* posix_fadvise and posix_fallocate return the error instead of setting errno. */
int posix_fadvise(int fd, off_t offset, off_t length, int advice)
{
    return mc_error_of(mc_sys(SYS_fadvise64, fd, offset, length, advice));
}

int posix_fallocate(int fd, off_t offset, off_t length)
{
    if (offset < 0 || length <= 0) return EINVAL;
    return mc_error_of(mc_sys(SYS_fallocate, fd, 0, offset, length));
}

int fallocate(int fd, int mode, off_t offset, off_t length) { return (int)SYSCALL(SYS_fallocate, fd, mode, offset, length); }
