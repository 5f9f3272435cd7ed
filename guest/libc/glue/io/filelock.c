/* filelock.c - whole-file locks (flock, the fd module's syscall) and lockf, which POSIX defines on
 * fcntl record locks, as glibc builds it: a region from the current offset, len bytes (0: to the end
 * of the file, however it grows; negative: the bytes before the offset). */
#include "libc_internal.h"
#include <fcntl.h>
#include <unistd.h>

int flock(int fd, int operation) { return (int)SYSCALL(SYS_flock, fd, operation, 0, 0); }

int lockf(int fd, int command, off_t len)
{
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = len, .l_pid = 0 };
    switch (command) {
    case F_TEST:
        lock.l_type = F_RDLCK;   /* would any other process's lock conflict with reading? */
        if (fcntl(fd, F_GETLK, &lock) < 0) return -1;
        if (lock.l_type == F_UNLCK || lock.l_pid == getpid()) return 0;
        errno = EACCES;
        return -1;
    case F_ULOCK:
        lock.l_type = F_UNLCK;
        return fcntl(fd, F_SETLK, &lock);
    case F_TLOCK:
        return fcntl(fd, F_SETLK, &lock);
    case F_LOCK:
        return fcntl(fd, F_SETLKW, &lock);
    default:
        errno = EINVAL;
        return -1;
    }
}
