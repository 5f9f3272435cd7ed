/* libmc-fd.so: file descriptors - read/write (plain, vectored, positional), seek, close, dup, pipes,
 * fcntl, flock, fstat, fstatfs, fchown, sync, truncate, advice and allocation; poll and ioctl live in fd_poll.c and fd_ioctl.c.
 *
 * Guest descriptors are numbers in the program's own table (fdtable.h): each call looks up the host
 * descriptor behind its number and holds it for the call. A guest never reaches a host descriptor
 * the table does not give it, so closing or replacing its 0, 1 and 2 leaves the host's own alone.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <unistd.h>
#include "fd.h"
#include "fdtable.h"

MC_HANDLER(sys_read)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(read(fd.host, (void *)b, (size_t)c)));
}

MC_HANDLER(sys_write)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(write(fd.host, (const void *)b, (size_t)c)));
}

MC_HANDLER(sys_pread64)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(pread(fd.host, (void *)b, (size_t)c, (off_t)d)));
}

MC_HANDLER(sys_pwrite64)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(pwrite(fd.host, (const void *)b, (size_t)c, (off_t)d)));
}

/* readv / writev: the guest's iovec array is copied into the host's layout (on Linux they are the
 * same; struct iovec is not fixed by POSIX). Small vectors stay on the stack. A bad array is -EFAULT;
 * bad buffers are the host kernel's to refuse. */
static intptr_t vector_io(intptr_t guest_fd, const struct linux_iovec *guest, intptr_t count, int writing)
{
    LX_FD_OPEN(fd, guest_fd);
    if (count < 0 || count > LINUX_UIO_MAXIOV) return -LINUX_EINVAL;
    struct linux_iovec small_guest[16];
    struct iovec small[16];
    struct linux_iovec *copy = count <= 16 ? small_guest : malloc((size_t)count * sizeof *copy);
    struct iovec *host = count <= 16 ? small : malloc((size_t)count * sizeof *host);
    intptr_t result;
    if (copy == NULL || host == NULL) {
        result = -LINUX_ENOMEM;
    } else if ((result = lx_copy_in(copy, guest, (size_t)count * sizeof *copy)) == 0) {
        for (intptr_t i = 0; i < count; i++) {
            host[i].iov_base = (void *)(uintptr_t)copy[i].iov_base;
            host[i].iov_len = (size_t)copy[i].iov_len;
        }
        long r = writing ? LX_RETRY(writev(fd.host, host, (int)count)) : LX_RETRY(readv(fd.host, host, (int)count));
        result = lx_result(r);
    }
    if (copy != small_guest) free(copy);
    if (host != small) free(host);
    return result;
}

MC_HANDLER(sys_readv)
{
    return vector_io(a, (const struct linux_iovec *)b, c, 0);
}

MC_HANDLER(sys_writev)
{
    return vector_io(a, (const struct linux_iovec *)b, c, 1);
}

MC_HANDLER(sys_lseek)
{
    int whence;
    switch (c) {
    case LINUX_SEEK_SET: whence = SEEK_SET; break;
    case LINUX_SEEK_CUR: whence = SEEK_CUR; break;
    case LINUX_SEEK_END: whence = SEEK_END; break;
#ifdef SEEK_DATA
    case LINUX_SEEK_DATA: whence = SEEK_DATA; break;
    case LINUX_SEEK_HOLE: whence = SEEK_HOLE; break;
#endif
    default: return -LINUX_EINVAL;
    }
    LX_FD_OPEN(fd, a);
    return lx_result(lseek(fd.host, (off_t)b, whence));
}

/* close: the number is free at once; the host descriptor is closed when no call in progress uses it
 * any more (at once, usually), and close's own errors (EINTR, an NFS write-back's EIO) are not
 * reported, as Linux reports none once the number is gone for EINTR. */
MC_HANDLER(sys_close)
{
    return lx_fd_close(a);
}

MC_HANDLER(sys_dup)
{
    return lx_fd_dup(a, 0, 0);
}

MC_HANDLER(sys_dup2)
{
    return lx_fd_dup2(a, b, 0);
}

MC_HANDLER(sys_dup3)
{
    if ((c & ~(intptr_t)LINUX_O_CLOEXEC) != 0 || a == b) return -LINUX_EINVAL;
    return lx_fd_dup2(a, b, (c & LINUX_O_CLOEXEC) != 0);
}

MC_HANDLER(sys_pipe2)
{
    if ((b & ~(intptr_t)(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_O_DIRECT)) != 0) return -LINUX_EINVAL;
    int fds[2];
    if (pipe2(fds, lx_open_flags_to_host(b) | O_CLOEXEC) == -1) return -lx_errno(errno);
    int cloexec = (b & LINUX_O_CLOEXEC) != 0;
    intptr_t read_end = lx_fd_install(fds[0], 0, cloexec);
    if (read_end < 0) {
        close(fds[1]);
        return read_end;
    }
    intptr_t write_end = lx_fd_install(fds[1], 0, cloexec);
    if (write_end < 0) {
        lx_fd_close(read_end);
        return write_end;
    }
    int32_t ends[2] = { (int32_t)read_end, (int32_t)write_end };
    if (LX_COPY_OUT((void *)a, ends) != 0) {
        lx_fd_close(read_end);
        lx_fd_close(write_end);
        return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_pipe)
{
    return sys_pipe2(LINUX_SYS_pipe2, a, 0, 0, 0, 0, 0);
}

/* struct flock, Linux <-> host, for the record locks. */
static int flock_to_host(const struct linux_flock *in, struct flock *out)
{
    switch (in->l_type) {
    case LINUX_F_RDLCK: out->l_type = F_RDLCK; break;
    case LINUX_F_WRLCK: out->l_type = F_WRLCK; break;
    case LINUX_F_UNLCK: out->l_type = F_UNLCK; break;
    default: return -1;
    }
    switch (in->l_whence) {
    case LINUX_SEEK_SET: out->l_whence = SEEK_SET; break;
    case LINUX_SEEK_CUR: out->l_whence = SEEK_CUR; break;
    case LINUX_SEEK_END: out->l_whence = SEEK_END; break;
    default: return -1;
    }
    out->l_start = (off_t)in->l_start;
    out->l_len = (off_t)in->l_len;
    out->l_pid = 0;
    return 0;
}

static void flock_from_host(const struct flock *in, struct linux_flock *out)
{
    out->l_type = in->l_type == F_RDLCK ? LINUX_F_RDLCK : in->l_type == F_WRLCK ? LINUX_F_WRLCK : LINUX_F_UNLCK;
    out->l_whence = in->l_whence == SEEK_CUR ? LINUX_SEEK_CUR : in->l_whence == SEEK_END ? LINUX_SEEK_END : LINUX_SEEK_SET;
    out->l_start = (int64_t)in->l_start;
    out->l_len = (int64_t)in->l_len;
    out->l_pid = (int32_t)in->l_pid;
}

static intptr_t record_lock(int fd, intptr_t cmd, struct linux_flock *guest)
{
    struct linux_flock given;
    struct flock lock;
    if (LX_COPY_IN(given, guest) != 0) return -LINUX_EFAULT;
    if (flock_to_host(&given, &lock) != 0) return -LINUX_EINVAL;
    /* F_SETLKW blocks in the host until the lock is free: a thread killed meanwhile ends only then. */
    int host_cmd = cmd == LINUX_F_GETLK ? F_GETLK : cmd == LINUX_F_SETLK ? F_SETLK : F_SETLKW;
    if (LX_RETRY(fcntl(fd, host_cmd, &lock)) == -1) return -lx_errno(errno);
    if (cmd == LINUX_F_GETLK) {
        flock_from_host(&lock, &given);
        if (LX_COPY_OUT(guest, given) != 0) return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_fcntl)
{
    long r;
    switch (b) {
    case LINUX_F_DUPFD:
        return lx_fd_dup(a, c, 0);
    case LINUX_F_DUPFD_CLOEXEC:
        return lx_fd_dup(a, c, 1);
    case LINUX_F_GETFD:
        r = lx_fd_cloexec(a);
        return r < 0 ? r : r ? LINUX_FD_CLOEXEC : 0;
    case LINUX_F_SETFD:
        return lx_fd_set_cloexec(a, (c & LINUX_FD_CLOEXEC) != 0);
    }
    LX_FD(fd, a);
    /* As Linux: a bad descriptor is EBADF whatever the command. */
    if (fd.host == -1) return -LINUX_EBADF;
    switch (b) {
    case LINUX_F_GETFL:
        if ((r = fcntl(fd.host, F_GETFL)) == -1) return -lx_errno(errno);
        return lx_open_flags_from_host((int)r);
    case LINUX_F_SETFL:
        /* The host ignores the access mode and creation flags here, as Linux does. */
        return lx_result(fcntl(fd.host, F_SETFL, lx_open_flags_to_host(c)));
    case LINUX_F_GETLK:
    case LINUX_F_SETLK:
    case LINUX_F_SETLKW:
        return record_lock(fd.host, b, (struct linux_flock *)c);
    case LINUX_F_GETOWN:
        return lx_result(fcntl(fd.host, F_GETOWN));
    case LINUX_F_SETOWN:
        return lx_result(fcntl(fd.host, F_SETOWN, (int)c));
    default:
        return -LINUX_EINVAL;
    }
}

MC_HANDLER(sys_fstat)
{
    LX_FD_OPEN(fd, a);
    struct stat st;
    if (fstat(fd.host, &st) == -1) return -lx_errno(errno);
    struct linux_stat out;
    lx_stat_from_host(&out, &st);
    return LX_COPY_OUT((void *)b, out);
}

/* fchown: the host's ids; (uid_t)-1 and (gid_t)-1 leave one unchanged on every host. */
MC_HANDLER(sys_fchown)
{
    LX_FD_OPEN(fd, a);
    return lx_result(fchown(fd.host, (uid_t)(uint32_t)b, (gid_t)(uint32_t)c));
}

MC_HANDLER(sys_fsync)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(fsync(fd.host)));
}

MC_HANDLER(sys_fdatasync)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(fdatasync(fd.host)));
}

MC_HANDLER(sys_ftruncate)
{
    LX_FD_OPEN(fd, a);
    return lx_result(LX_RETRY(ftruncate(fd.host, (off_t)b)));
}

/* flock: BSD whole-file locks, the host's. A blocking request waits in the host until the lock is
 * free (like F_SETLKW: a thread killed meanwhile ends only then). */
MC_HANDLER(sys_flock)
{
    LX_FD_OPEN(fd, a);
    int op;
    switch (b & ~(intptr_t)LINUX_LOCK_NB) {
    case LINUX_LOCK_SH: op = LOCK_SH; break;
    case LINUX_LOCK_EX: op = LOCK_EX; break;
    case LINUX_LOCK_UN: op = LOCK_UN; break;
    default: return -LINUX_EINVAL;
    }
    if (b & LINUX_LOCK_NB) op |= LOCK_NB;
    return lx_result(LX_RETRY(flock(fd.host, op)));
}

MC_HANDLER(sys_fstatfs)
{
    LX_FD_OPEN(fd, a);
    struct linux_statfs out;
    intptr_t r = lx_fstatfs(fd.host, &out);
    return r != 0 ? r : LX_COPY_OUT((void *)b, out);
}

MC_HANDLER(sys_sync)
{
    sync();
    return 0;
}

/* fadvise64(fd, offset, len, advice): passed to the host's posix_fadvise, which returns the error
 * instead of setting errno. A host without it checks the descriptor and ignores the advice. */
MC_HANDLER(sys_fadvise64)
{
    LX_FD_OPEN(fd, a);
    if (d < LINUX_POSIX_FADV_NORMAL || d > LINUX_POSIX_FADV_NOREUSE) return -LINUX_EINVAL;
#ifdef POSIX_FADV_NORMAL
    static const int advice[] = { POSIX_FADV_NORMAL, POSIX_FADV_RANDOM, POSIX_FADV_SEQUENTIAL,
                                  POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE };
    int error = posix_fadvise(fd.host, (off_t)b, (off_t)c, advice[d]);
    return error ? -lx_errno(error) : 0;
#else
    struct stat st;
    if (fstat(fd.host, &st) == -1) return -lx_errno(errno);
    if (S_ISFIFO(st.st_mode)) return -LINUX_ESPIPE;
    return b < 0 || c < 0 ? -LINUX_EINVAL : 0;
#endif
}

/* fallocate(fd, mode, offset, len): mode 0 reserves the space (the host's posix_fallocate, which
 * writes zeros where the file system cannot reserve); KEEP_SIZE and PUNCH_HOLE only on a host with
 * Linux's fallocate; other modes -EOPNOTSUPP. */
MC_HANDLER(sys_fallocate)
{
    LX_FD_OPEN(ref, a);
    int fd = ref.host;
    intptr_t mode = b;
    off_t offset = (off_t)c, length = (off_t)d;
    if (offset < 0 || length <= 0) return -LINUX_EINVAL;
    if (mode == 0) {
        int error;
        do error = posix_fallocate(fd, offset, length); while (error == EINTR);   /* returns the error */
        return error ? -lx_errno(error) : 0;
    }
    if (mode & ~(intptr_t)(LINUX_FALLOC_FL_KEEP_SIZE | LINUX_FALLOC_FL_PUNCH_HOLE)) return -LINUX_EOPNOTSUPP;
    if ((mode & LINUX_FALLOC_FL_PUNCH_HOLE) && !(mode & LINUX_FALLOC_FL_KEEP_SIZE)) return -LINUX_EOPNOTSUPP;
#if defined(FALLOC_FL_KEEP_SIZE) && defined(FALLOC_FL_PUNCH_HOLE)
    int host_mode = FALLOC_FL_KEEP_SIZE | ((mode & LINUX_FALLOC_FL_PUNCH_HOLE) ? FALLOC_FL_PUNCH_HOLE : 0);
    return lx_result(LX_RETRY(fallocate(fd, host_mode, offset, length)));
#else
    return -LINUX_EOPNOTSUPP;
#endif
}

/* The fd family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry fd_syscalls[] = { MC_FAMILY_fd(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void fd_module_init(void)
{
    MC_REGISTER_TABLE(fd_syscalls);
}
