/* libmc-fd.so for Windows: file descriptors over Win32 handles - read/write (plain, vectored,
 * positional), seek, close, dup, pipes, fcntl, record and whole-file locks, fstat, truncate, sync; poll
 * and ioctl in fd_poll.c and fd_ioctl.c; a console's reads, writes and modes in console.c.
 *
 * A descriptor refers to a file object (windows.h) holding the handle and what Linux keeps per open file
 * description that a handle does not (its kind, its O_APPEND / O_NONBLOCK status). A handle's file pointer
 * moves with positional reads and writes on Windows: pread and pwrite put it back, under the file's lock,
 * which plain reads, writes and seeks also take.
 */
#include "fd.h"
#include "socket.h"

/* ---- reading and writing ----------------------------------------------------------------------------- */

/* A blocking host call cut short by the core (CancelSynchronousIo) fails with ERROR_OPERATION_ABORTED: for
 * a kill of this thread, the checkpoint ends it there; for a signal (lx_interrupted), the call returns -EINTR
 * (*interrupted set); otherwise it is made again. Returns whether to make it again. */
static int aborted(int *interrupted)
{
    if (GetLastError() != ERROR_OPERATION_ABORTED) return 0;
    *interrupted = lx_checkpoint_interrupted();
    return !*interrupted;
}

/* Random bytes for /dev/urandom and /dev/random (never blocking, as Linux's after boot). */
static intptr_t read_random(void *guest, size_t count)
{
    unsigned char bytes[256];
    size_t done = 0;
    while (done < count) {
        size_t chunk = count - done < sizeof bytes ? count - done : sizeof bytes;
        if (!SystemFunction036(bytes, (ULONG)chunk)) return done ? (intptr_t)done : -LINUX_EIO;
        if (lx_copy_out((char *)guest + done, bytes, chunk) != 0) return done ? (intptr_t)done : -LINUX_EFAULT;
        done += chunk;
    }
    return (intptr_t)done;
}

intptr_t win_read(struct win_file *f, void *guest, size_t count)
{
    if (count > 0x7ffff000) count = 0x7ffff000;   /* Linux's most for one call */
    switch (f->kind) {
    case WIN_DIRECTORY: return -LINUX_EISDIR;
    case WIN_RANDOM: return read_random(guest, count);
    case WIN_CONSOLE:
        if ((f->status & LINUX_O_ACCMODE) == LINUX_O_WRONLY) return -LINUX_EBADF;
        return count ? win_console_read(f, guest, count) : 0;
    case WIN_SOCKET: {
        struct win_wsabuf b = win_wsabuf(guest, count);
        struct win_received got = { 0 };
        return win_socket_receive(f, &b, 1, 0, &got);
    }
    case WIN_PIPE:
        if (f->status & LINUX_O_NONBLOCK) {
            DWORD available = 0;
            if (!PeekNamedPipe(f->handle, NULL, 0, NULL, &available, NULL))
                return GetLastError() == ERROR_BROKEN_PIPE ? 0 : lx_last_error();
            if (available == 0) return -LINUX_EAGAIN;
            if (count > available) count = available;
        }
        break;
    default:
        break;
    }
    if ((f->status & LINUX_O_ACCMODE) == LINUX_O_WRONLY) return -LINUX_EBADF;
    for (;;) {
        DWORD done = 0;
        host_lock(&f->lock);
        BOOL ok = ReadFile(f->handle, guest, (DWORD)count, &done, NULL);
        DWORD error = ok ? 0 : GetLastError();
        host_unlock(&f->lock);
        if (ok) return (intptr_t)done;
        /* The end of a pipe whose writers are gone, or of a file: 0, as on Linux. */
        if (error == ERROR_BROKEN_PIPE || error == ERROR_HANDLE_EOF) return 0;
        SetLastError(error);
        int interrupted = 0;
        if (!aborted(&interrupted)) return interrupted ? -LINUX_EINTR : -lx_win_errno(error);
    }
}

intptr_t win_write(struct win_file *f, const void *guest, size_t count)
{
    if (count > 0x7ffff000) count = 0x7ffff000;
    if ((f->status & LINUX_O_ACCMODE) == LINUX_O_RDONLY || f->kind == WIN_RANDOM) return -LINUX_EBADF;
    if (f->kind == WIN_DIRECTORY) return -LINUX_EISDIR;
    if (f->kind == WIN_CONSOLE) return win_console_write(f, guest, count);
    if (f->kind == WIN_SOCKET) {
        struct win_wsabuf b = win_wsabuf(guest, count);
        return win_socket_send(f, &b, 1, 0, NULL, 0, NULL);
    }
    for (;;) {
        DWORD done = 0;
        host_lock(&f->lock);
        /* O_APPEND: the handle was opened with FILE_APPEND_DATA alone, so Windows appends atomically. */
        BOOL ok = WriteFile(f->handle, guest, (DWORD)count, &done, NULL);
        DWORD error = ok ? 0 : GetLastError();
        host_unlock(&f->lock);
        if (ok) return (intptr_t)done;
        if (error == ERROR_BROKEN_PIPE || error == ERROR_NO_DATA) return -LINUX_EPIPE;
        if (!lx_readable(guest, count)) return -LINUX_EFAULT;   /* Linux checks the buffer first */
        SetLastError(error);
        int interrupted = 0;
        if (!aborted(&interrupted)) return interrupted ? -LINUX_EINTR : -lx_win_errno(error);
    }
}

MC_HANDLER(sys_read)
{
    LX_FD_OPEN(fd, a);
    return win_read(win_file_of(&fd), (void *)b, (size_t)c);
}

MC_HANDLER(sys_write)
{
    LX_FD_OPEN(fd, a);
    return win_write(win_file_of(&fd), (const void *)b, (size_t)c);
}

/* pread / pwrite: at an offset, the file pointer put back (a synchronous handle's moves with them). */
static intptr_t positional(struct win_file *f, void *guest, size_t count, int64_t offset, int writing)
{
    if (f->kind != WIN_FILE) return f->kind == WIN_DIRECTORY ? -LINUX_EISDIR : -LINUX_ESPIPE;
    if (offset < 0) return -LINUX_EINVAL;
    if (count > 0x7ffff000) count = 0x7ffff000;
    if ((f->status & LINUX_O_ACCMODE) == (writing ? LINUX_O_RDONLY : LINUX_O_WRONLY)) return -LINUX_EBADF;
    host_lock(&f->lock);
    LONGLONG saved;
    SetFilePointerEx(f->handle, 0, &saved, FILE_CURRENT);
    struct win_overlapped at = { 0, 0, (DWORD)offset, (DWORD)((uint64_t)offset >> 32), NULL };
    DWORD done = 0;
    BOOL ok = writing ? WriteFile(f->handle, guest, (DWORD)count, &done, &at) : ReadFile(f->handle, guest, (DWORD)count, &done, &at);
    DWORD error = ok ? 0 : GetLastError();
    SetFilePointerEx(f->handle, saved, NULL, FILE_BEGIN);
    host_unlock(&f->lock);
    if (ok) return (intptr_t)done;
    if (error == ERROR_HANDLE_EOF) return 0;
    if (writing && !lx_readable(guest, count)) return -LINUX_EFAULT;   /* Linux checks the buffer first */
    return -lx_win_errno(error);
}

MC_HANDLER(sys_pread64)
{
    LX_FD_OPEN(fd, a);
    return positional(win_file_of(&fd), (void *)b, (size_t)c, (int64_t)d, 0);
}

MC_HANDLER(sys_pwrite64)
{
    LX_FD_OPEN(fd, a);
    return positional(win_file_of(&fd), (void *)b, (size_t)c, (int64_t)d, 1);
}

/* readv / writev of a socket: one Winsock call over all the buffers (a datagram is one message). */
static intptr_t socket_vector_io(struct win_file *f, const struct linux_iovec *guest, intptr_t count, int writing)
{
    struct win_wsabuf bufs[LINUX_UIO_MAXIOV];
    for (intptr_t i = 0; i < count; i++) {
        struct linux_iovec v;
        if (LX_COPY_IN(v, guest + i) != 0) return -LINUX_EFAULT;
        bufs[i] = win_wsabuf((const void *)(uintptr_t)v.iov_base, (size_t)v.iov_len);
    }
    struct win_received got = { 0 };
    return writing ? win_socket_send(f, bufs, (size_t)count, 0, NULL, 0, NULL)
                   : win_socket_receive(f, bufs, (size_t)count, 0, &got);
}

/* readv / writev: one buffer after another, stopping at a short transfer (not atomic, as on a Linux
 * socket either; a console or pipe write of several buffers can interleave with another thread's). */
static intptr_t vector_io(intptr_t guest_fd, const struct linux_iovec *guest, intptr_t count, int writing)
{
    LX_FD_OPEN(fd, guest_fd);
    if (count < 0 || count > LINUX_UIO_MAXIOV) return -LINUX_EINVAL;
    struct win_file *f = win_file_of(&fd);
    if (f->kind == WIN_SOCKET) return socket_vector_io(f, guest, count, writing);
    intptr_t total = 0;
    for (intptr_t i = 0; i < count; i++) {
        struct linux_iovec v;
        if (LX_COPY_IN(v, guest + i) != 0) return total ? total : -LINUX_EFAULT;
        if (v.iov_len == 0) continue;
        intptr_t r = writing ? win_write(f, (const void *)(uintptr_t)v.iov_base, (size_t)v.iov_len)
                             : win_read(f, (void *)(uintptr_t)v.iov_base, (size_t)v.iov_len);
        if (r < 0) return total ? total : r;
        total += r;
        if ((uint64_t)r < v.iov_len) break;
    }
    return total;
}

MC_HANDLER(sys_readv) { return vector_io(a, (const struct linux_iovec *)b, c, 0); }
MC_HANDLER(sys_writev) { return vector_io(a, (const struct linux_iovec *)b, c, 1); }

MC_HANDLER(sys_lseek)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    if (file->kind == WIN_DIRECTORY) return win_directory_seek(file, (int64_t)b, c);
    if (file->kind != WIN_FILE) return -LINUX_ESPIPE;
    DWORD method;
    switch (c) {
    case LINUX_SEEK_SET: method = FILE_BEGIN; break;
    case LINUX_SEEK_CUR: method = FILE_CURRENT; break;
    case LINUX_SEEK_END: method = FILE_END; break;
    default: return -LINUX_EINVAL;   /* SEEK_DATA / SEEK_HOLE: no sparse-file queries here */
    }
    LONGLONG position;
    host_lock(&file->lock);
    BOOL ok = SetFilePointerEx(file->handle, (LONGLONG)b, &position, method);
    intptr_t error = ok ? 0 : lx_last_error();
    host_unlock(&file->lock);
    return ok ? (intptr_t)position : error;
}

/* ---- descriptors ------------------------------------------------------------------------------------------ */

MC_HANDLER(sys_close) { return lx_fd_close(a); }
MC_HANDLER(sys_dup) { return lx_fd_dup(a, 0, 0); }
MC_HANDLER(sys_dup2) { return lx_fd_dup2(a, b, 0); }

MC_HANDLER(sys_dup3)
{
    if ((c & ~(intptr_t)LINUX_O_CLOEXEC) != 0 || a == b) return -LINUX_EINVAL;
    return lx_fd_dup2(a, b, (c & LINUX_O_CLOEXEC) != 0);
}

MC_HANDLER(sys_pipe2)
{
    if ((b & ~(intptr_t)(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_O_DIRECT)) != 0) return -LINUX_EINVAL;
    HANDLE read_end, write_end;
    /* No security attributes: neither end is inheritable; a spawn hands them over explicitly. */
    if (!CreatePipe(&read_end, &write_end, NULL, 65536)) return lx_last_error();
    int cloexec = (b & LINUX_O_CLOEXEC) != 0;
    uint32_t nonblock = (uint32_t)(b & LINUX_O_NONBLOCK);
    intptr_t r = win_install(read_end, WIN_PIPE, LINUX_O_RDONLY | nonblock, cloexec);
    if (r < 0) {
        CloseHandle(write_end);
        return r;
    }
    intptr_t w = win_install(write_end, WIN_PIPE, LINUX_O_WRONLY | nonblock, cloexec);
    if (w < 0) {
        lx_fd_close(r);
        return w;
    }
    int32_t ends[2] = { (int32_t)r, (int32_t)w };
    if (LX_COPY_OUT((void *)a, ends) != 0) {
        lx_fd_close(r);
        lx_fd_close(w);
        return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_pipe) { return sys_pipe2(LINUX_SYS_pipe2, a, 0, 0, 0, 0, 0); }

/* ---- locks ------------------------------------------------------------------------------------------------- */

/* Record locks: the range a struct flock names, made absolute, to locks.c (POSIX's semantics over
 * LockFileEx). A length of 0 is "to the end" (WIN_LOCK_LIMIT); a negative one ends at l_start. */
static intptr_t range_lock(struct win_file *f, intptr_t cmd, void *guest)
{
    struct linux_flock l;
    if (LX_COPY_IN(l, guest) != 0) return -LINUX_EFAULT;
    if (f->kind != WIN_FILE) return -LINUX_EINVAL;
    int64_t start;
    switch (l.l_whence) {
    case LINUX_SEEK_SET: start = l.l_start; break;
    case LINUX_SEEK_CUR: {
        LONGLONG here;
        host_lock(&f->lock);
        SetFilePointerEx(f->handle, 0, &here, FILE_CURRENT);
        host_unlock(&f->lock);
        start = here + l.l_start;
        break;
    }
    case LINUX_SEEK_END: {
        LONGLONG size;
        if (!GetFileSizeEx(f->handle, &size)) return lx_last_error();
        start = size + l.l_start;
        break;
    }
    default: return -LINUX_EINVAL;
    }
    if (l.l_len > 0 && l.l_len > INT64_MAX - start) return -LINUX_EOVERFLOW;
    uint64_t end = l.l_len == 0 ? WIN_LOCK_LIMIT : (uint64_t)(start + l.l_len);
    if (l.l_len < 0) end = (uint64_t)start, start += l.l_len;
    if (start < 0) return -LINUX_EINVAL;
    if (end > WIN_LOCK_LIMIT) end = WIN_LOCK_LIMIT;
    if ((uint64_t)start >= end) return l.l_type == LINUX_F_UNLCK ? 0 : -LINUX_EOVERFLOW;
    if (l.l_type != LINUX_F_RDLCK && l.l_type != LINUX_F_WRLCK && l.l_type != LINUX_F_UNLCK) return -LINUX_EINVAL;
    if (cmd != LINUX_F_GETLK) return win_lock_set(f, (uint64_t)start, end, l.l_type, cmd == LINUX_F_SETLKW);
    if (l.l_type == LINUX_F_UNLCK) return -LINUX_EINVAL;
    int held;
    if (win_lock_test(f, (uint64_t)start, end, l.l_type, &held)) {
        l.l_type = (short)held;   /* who holds it, and exactly where, Windows does not say */
        l.l_pid = 0;
    } else {
        l.l_type = LINUX_F_UNLCK;
    }
    return LX_COPY_OUT(guest, l);
}

MC_HANDLER(sys_fcntl)
{
    switch (b) {
    case LINUX_F_DUPFD: return lx_fd_dup(a, c, 0);
    case LINUX_F_DUPFD_CLOEXEC: return lx_fd_dup(a, c, 1);
    case LINUX_F_GETFD: {
        intptr_t r = lx_fd_cloexec(a);
        return r < 0 ? r : r ? LINUX_FD_CLOEXEC : 0;
    }
    case LINUX_F_SETFD: return lx_fd_set_cloexec(a, (c & LINUX_FD_CLOEXEC) != 0);
    }
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    switch (b) {
    case LINUX_F_GETFL: return file->status;
    case LINUX_F_SETFL:
        /* Only O_NONBLOCK can change here (O_APPEND is how the handle was opened). */
        file->status = (file->status & ~(uint32_t)LINUX_O_NONBLOCK) | (uint32_t)(c & LINUX_O_NONBLOCK);
        return 0;
    case LINUX_F_GETLK:
    case LINUX_F_SETLK:
    case LINUX_F_SETLKW:
        return range_lock(file, b, (void *)c);
    case LINUX_F_GETOWN: return 0;
    case LINUX_F_SETOWN: return -LINUX_EINVAL;   /* no signals for I/O on this host */
    default: return -LINUX_EINVAL;
    }
}

/* flock: one lock per open file (dup'd descriptors share it), on the byte at WIN_LOCK_LIMIT, apart from
 * the record locks. Changing its kind lets go of the old one first, as Linux does (not atomically). */
MC_HANDLER(sys_flock)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    if (file->kind != WIN_FILE) return -LINUX_EINVAL;
    struct win_overlapped at = { 0, 0, (DWORD)WIN_LOCK_LIMIT, (DWORD)(WIN_LOCK_LIMIT >> 32), NULL };
    int op = (int)(b & ~(intptr_t)LINUX_LOCK_NB);
    if (op != LINUX_LOCK_UN && op != LINUX_LOCK_SH && op != LINUX_LOCK_EX) return -LINUX_EINVAL;
    host_lock(&file->lock);
    uint8_t held = file->flocked;
    if (held != 0 && held != op) {
        UnlockFileEx(file->handle, 0, 1, 0, &at);
        file->flocked = 0;
    }
    host_unlock(&file->lock);
    if (op == LINUX_LOCK_UN || held == op) return 0;
    DWORD flags = (op == LINUX_LOCK_EX ? LOCKFILE_EXCLUSIVE_LOCK : 0) | LOCKFILE_FAIL_IMMEDIATELY;
    for (;;) {
        if (LockFileEx(file->handle, flags, 0, 1, 0, &at)) {
            host_lock(&file->lock);
            file->flocked = (uint8_t)op;
            host_unlock(&file->lock);
            return 0;
        }
        if (GetLastError() != ERROR_LOCK_VIOLATION) return lx_last_error();
        if (b & LINUX_LOCK_NB) return -LINUX_EWOULDBLOCK;
        Sleep(10);   /* Windows cannot wait for a lock and be interrupted: poll, passing the checkpoint */
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

/* ---- the file itself ------------------------------------------------------------------------------------------- */

MC_HANDLER(sys_fstat)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    struct linux_stat out;
    intptr_t r = win_stat(file->handle, file->kind, &out);
    return r != 0 ? r : LX_COPY_OUT((void *)b, out);
}

MC_HANDLER(sys_ftruncate)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    if (file->kind != WIN_FILE || (file->status & LINUX_O_ACCMODE) == LINUX_O_RDONLY) return -LINUX_EINVAL;
    if (b < 0) return -LINUX_EINVAL;
    host_lock(&file->lock);
    LONGLONG saved;
    SetFilePointerEx(file->handle, 0, &saved, FILE_CURRENT);
    BOOL ok = SetFilePointerEx(file->handle, (LONGLONG)b, NULL, FILE_BEGIN) && SetEndOfFile(file->handle);
    intptr_t error = ok ? 0 : lx_last_error();
    SetFilePointerEx(file->handle, saved, NULL, FILE_BEGIN);
    host_unlock(&file->lock);
    return error;
}

static intptr_t sync_file(intptr_t guest_fd)
{
    LX_FD_OPEN(fd, guest_fd);
    struct win_file *f = win_file_of(&fd);
    if (f->kind != WIN_FILE) return f->kind == WIN_DIRECTORY ? 0 : -LINUX_EINVAL;
    return FlushFileBuffers(f->handle) ? 0 : lx_last_error();
}

MC_HANDLER(sys_fsync) { return sync_file(a); }
MC_HANDLER(sys_fdatasync) { return sync_file(a); }
MC_HANDLER(sys_sync) { return 0; }   /* Windows flushes one file at a time; each fsync reaches the disk */

/* fchown: the one user owns everything (windows.h): its own ids, or -1, change nothing; others cannot be. */
MC_HANDLER(sys_fchown)
{
    LX_FD_OPEN(fd, a);
    return win_chown_ids(b, c);
}

MC_HANDLER(sys_fadvise64)
{
    LX_FD_OPEN(fd, a);
    if (win_file_of(&fd)->kind == WIN_PIPE) return -LINUX_ESPIPE;
    if (d < LINUX_POSIX_FADV_NORMAL || d > LINUX_POSIX_FADV_NOREUSE) return -LINUX_EINVAL;
    return b < 0 || c < 0 ? -LINUX_EINVAL : 0;   /* advice only */
}

/* fallocate mode 0: the file grows to offset + length if it is shorter (Windows has no reservation
 * without a size); other modes -EOPNOTSUPP. */
MC_HANDLER(sys_fallocate)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    if (c < 0 || d <= 0) return -LINUX_EINVAL;
    if (b != 0) return -LINUX_EOPNOTSUPP;
    if (file->kind == WIN_PIPE) return -LINUX_ESPIPE;   /* Linux's answer for a pipe (and a FIFO) */
    if (file->kind != WIN_FILE) return -LINUX_ENODEV;
    LONGLONG size;
    if (!GetFileSizeEx(file->handle, &size)) return lx_last_error();
    if (size >= c + d) return 0;
    host_lock(&file->lock);
    LONGLONG saved;
    SetFilePointerEx(file->handle, 0, &saved, FILE_CURRENT);
    BOOL ok = SetFilePointerEx(file->handle, (LONGLONG)(c + d), NULL, FILE_BEGIN) && SetEndOfFile(file->handle);
    intptr_t error = ok ? 0 : lx_last_error();
    SetFilePointerEx(file->handle, saved, NULL, FILE_BEGIN);
    host_unlock(&file->lock);
    return error;
}

MC_HANDLER(sys_fstatfs)
{
    LX_FD_OPEN(fd, a);
    return win_statfs(NULL, (void *)b);
}

/* The fd family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry fd_syscalls[] = { MC_FAMILY_fd(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void fd_module_init(void)
{
    MC_REGISTER_TABLE(fd_syscalls);
}
