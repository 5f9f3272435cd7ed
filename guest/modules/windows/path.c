/* libmc-path.so for Windows: paths and directories over Win32 - open, stat, access, unlink, mkdir,
 * rename, hard links, permissions and times as far as Windows has them, the working directory, and
 * directory listings (getdents64, directory.c).
 *
 * Guest paths become Windows paths as windows.h says (host_path): "/x" is the current drive's \x,
 * drive paths are themselves, '/' and '\' are one. The *at() calls resolve a relative path against the
 * directory descriptor's path. The names of the program's own descriptors (/dev/stdin, /dev/fd/N,
 * /proc/self/fd/N) open that descriptor's file again (a new descriptor sharing it, as on FreeBSD);
 * /dev/urandom and /dev/random are random bytes, /dev/null is NUL, /dev/tty the console.
 *
 * What Windows does not have answers as a Linux file system without it would: symbolic links cannot be
 * made (-EPERM) and none is ever read (-EINVAL), FIFOs cannot be made (-EPERM), ownership cannot change
 * (-EPERM), and mode bits are only "read-only or not" (docs/hosts.md).
 */
#include "fd.h"

MC_HIDDEN intptr_t win_getdents(struct win_file *f, void *guest, size_t count);

/* ---- resolving paths ----------------------------------------------------------------------------------- */

/* The Windows path of a guest path, relative to a directory descriptor (or the working directory for
 * AT_FDCWD, which LX_DIRFD gives as the table's directory object: host 0 only where it stands for the host
 * process's own). NULL with *error. */
static WCHAR *path_at(const struct lx_fd *dir, intptr_t guest, intptr_t *error)
{
    if (guest == 0) {
        *error = -LINUX_EFAULT;
        return NULL;
    }
    WCHAR *path = host_path((const char *)guest, error);
    if (path == NULL || dir->host == 0 || host_path_absolute(path)) return path;
    struct win_file *d = win_file_of(dir);
    if (dir->host == -1 || d == NULL || d->kind != WIN_DIRECTORY || d->path == NULL) {
        *error = dir->host == -1 || d == NULL ? -LINUX_EBADF : -LINUX_ENOTDIR;
        host_path_free(path);
        return NULL;
    }
    return host_path_join(d->path, path, error);
}

/* A path of the program's own descriptors: its number, or -1. */
static intptr_t named_descriptor(intptr_t guest)
{
    char p[32];
    if (lx_string_prefix(p, (const char *)guest, sizeof p) < 0) return -1;
    static const char *const std_names[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
    for (int n = 0; n < 3; n++)
        if (strcmp(p, std_names[n]) == 0) return n;
    const char *digits = strncmp(p, "/dev/fd/", 8) == 0 ? p + 8 : strncmp(p, "/proc/self/fd/", 14) == 0 ? p + 14 : NULL;
    if (digits == NULL || *digits < '0' || *digits > '9') return -1;
    intptr_t n = 0;
    for (; *digits >= '0' && *digits <= '9'; digits++) n = n * 10 + (*digits - '0');
    return *digits == '\0' ? n : -1;
}

static int is_random_device(intptr_t guest)
{
    char p[16];
    return lx_string_prefix(p, (const char *)guest, sizeof p) >= 0 && (strcmp(p, "/dev/urandom") == 0 || strcmp(p, "/dev/random") == 0);
}

/* ---- open -------------------------------------------------------------------------------------------------- */

static intptr_t open_at(intptr_t dirfd, intptr_t guest, intptr_t flags, intptr_t mode)
{
    int cloexec = (flags & LINUX_O_CLOEXEC) != 0;
    intptr_t named = named_descriptor(guest);
    if (named >= 0) {
        intptr_t r = lx_fd_dup(named, 0, cloexec);
        return r == -LINUX_EBADF ? -LINUX_ENOENT : r;
    }
    if (is_random_device(guest)) return win_install(NULL, WIN_RANDOM, LINUX_O_RDONLY, cloexec);
    /* An unnamed file in a directory: Windows has none (a named file deleted on close would show in listings
     * while it lives), so the answer of a Linux file system without O_TMPFILE. */
    if ((flags & LINUX___O_TMPFILE) != 0) return -LINUX_EOPNOTSUPP;
    LX_DIRFD(dir, dirfd);
    intptr_t error = 0;
    WCHAR *path = path_at(&dir, guest, &error);
    if (path == NULL) return error;

    DWORD access;
    switch (flags & LINUX_O_ACCMODE) {
    case LINUX_O_WRONLY: access = GENERIC_WRITE; break;
    case LINUX_O_RDWR: access = GENERIC_READ | GENERIC_WRITE; break;
    default: access = GENERIC_READ; break;
    }
    if ((flags & LINUX_O_APPEND) && (access & GENERIC_WRITE)) {
        /* Appending is a right of its own on Windows, and then atomic: no FILE_WRITE_DATA. */
        access = (access & GENERIC_READ) | (FILE_GENERIC_WRITE & ~(DWORD)FILE_WRITE_DATA) | FILE_APPEND_DATA;
    }
    DWORD disposition;
    if ((flags & LINUX_O_CREAT) && (flags & LINUX_O_EXCL)) disposition = CREATE_NEW;
    else if ((flags & LINUX_O_CREAT) && (flags & LINUX_O_TRUNC)) disposition = CREATE_ALWAYS;
    else if (flags & LINUX_O_CREAT) disposition = OPEN_ALWAYS;
    else if ((flags & LINUX_O_TRUNC) && (access & (GENERIC_WRITE | FILE_APPEND_DATA))) disposition = TRUNCATE_EXISTING;
    else disposition = OPEN_EXISTING;
    DWORD attributes = ((flags & LINUX_O_CREAT) && (mode & 0222) == 0) ? FILE_ATTRIBUTE_READONLY : FILE_ATTRIBUTE_NORMAL;
    /* BACKUP_SEMANTICS opens directories too; every share mode, so that another descriptor can read,
     * write, rename or delete the file meanwhile, as on Linux. */
    HANDLE h = CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition,
                           attributes | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        DWORD existing = GetFileAttributesW(path);
        intptr_t missing = (e == ERROR_PATH_NOT_FOUND || e == ERROR_FILE_NOT_FOUND) && existing == INVALID_FILE_ATTRIBUTES
                         ? win_missing_path_error(path) : 0;
        host_path_free(path);
        if (e == ERROR_ACCESS_DENIED && existing != INVALID_FILE_ATTRIBUTES && (existing & FILE_ATTRIBUTE_DIRECTORY))
            return -LINUX_EISDIR;   /* a directory opened for writing */
        return missing ? missing : -lx_win_errno(e);
    }
    enum win_kind kind = win_kind_of(h);
    if ((flags & LINUX_O_DIRECTORY) && kind != WIN_DIRECTORY) {
        CloseHandle(h);
        host_path_free(path);
        return -LINUX_ENOTDIR;
    }
    if (kind == WIN_DIRECTORY && (flags & LINUX_O_ACCMODE) != LINUX_O_RDONLY) {
        CloseHandle(h);
        host_path_free(path);
        return -LINUX_EISDIR;
    }
    struct win_file *f = win_file_new(h, kind, (uint32_t)(flags & (LINUX_O_ACCMODE | LINUX_O_APPEND | LINUX_O_NONBLOCK)));
    if (f == NULL) {
        host_path_free(path);
        return -LINUX_ENOMEM;
    }
    if (kind == WIN_DIRECTORY) {
        /* The listing needs the directory's full path: a relative one would follow later chdirs. */
        DWORD n = GetFullPathNameW(path, 0, NULL, NULL);
        f->path = n ? host_alloc(n * sizeof(WCHAR)) : NULL;
        if (f->path == NULL || GetFullPathNameW(path, n, f->path, NULL) == 0) {
            host_free(f->path);
            f->path = NULL;
        }
    }
    host_path_free(path);
    return lx_fd_install((intptr_t)f, 0, cloexec);
}

MC_HANDLER(sys_openat) { return open_at(a, b, c, d); }
MC_HANDLER(sys_open) { return open_at(LINUX_AT_FDCWD, a, b, c); }

/* ---- stat ---------------------------------------------------------------------------------------------------- */

/* A handle for looking at a path (stat, times), or INVALID_HANDLE_VALUE with GetLastError. */
static HANDLE open_to_inspect(const WCHAR *path, DWORD access)
{
    return CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

static intptr_t stat_path(const WCHAR *path, struct linux_stat *out)
{
    HANDLE h = open_to_inspect(path, FILE_READ_ATTRIBUTES);
    if (h == INVALID_HANDLE_VALUE) return lx_last_error();
    intptr_t r = win_stat(h, win_kind_of(h), out);
    CloseHandle(h);
    return r;
}

static intptr_t stat_at(intptr_t dirfd, intptr_t guest, intptr_t out, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH | LINUX_AT_NO_AUTOMOUNT)) return -LINUX_EINVAL;
    struct linux_stat st;
    intptr_t r;
    char first[2] = { 1, 0 };
    if (guest != 0 && lx_string_prefix(first, (const char *)guest, sizeof first) < 0) return -LINUX_EFAULT;
    if ((flags & LINUX_AT_EMPTY_PATH) && (guest == 0 || first[0] == '\0')) {
        LX_DIRFD(fd, dirfd);
        if (fd.host == -1) return -LINUX_EBADF;
        if (fd.host == 0) {
            r = stat_path((const WCHAR *)u".", &st);   /* the host process's own working directory */
        } else {
            struct win_file *f = win_file_of(&fd);
            r = win_stat(f->handle, f->kind, &st);
        }
    } else {
        intptr_t named = named_descriptor(guest);
        if (named >= 0) {
            LX_FD(fd, named);
            if (fd.host == -1) return -LINUX_ENOENT;
            r = win_stat(win_file_of(&fd)->handle, win_file_of(&fd)->kind, &st);
        } else if (is_random_device(guest)) {
            r = win_stat(NULL, WIN_RANDOM, &st);
        } else {
            LX_DIRFD(dir, dirfd);
            intptr_t error = 0;
            WCHAR *path = path_at(&dir, guest, &error);
            if (path == NULL) return error;
            r = stat_path(path, &st);
            host_path_free(path);
        }
    }
    return r != 0 ? r : LX_COPY_OUT((void *)out, st);
}

MC_HANDLER(sys_newfstatat) { return stat_at(a, b, c, d); }
MC_HANDLER(sys_stat) { return stat_at(LINUX_AT_FDCWD, a, b, 0); }
MC_HANDLER(sys_lstat) { return stat_at(LINUX_AT_FDCWD, a, b, LINUX_AT_SYMLINK_NOFOLLOW); }

/* ---- access, create, remove, rename, link ------------------------------------------------------------------------ */

/* Runs `op` on the Windows path of (dirfd, guest): declares `path`, returning from the handler on error. */
#define WITH_PATH(dirfd, guest)                                 \
    LX_DIRFD(dir_, dirfd);                                       \
    intptr_t error_ = 0;                                         \
    WCHAR *path = path_at(&dir_, guest, &error_);                \
    if (path == NULL) return error_

static intptr_t access_at(intptr_t dirfd, intptr_t guest, intptr_t mode, intptr_t flags)
{
    if (mode & ~(intptr_t)(LINUX_R_OK | LINUX_W_OK | LINUX_X_OK)) return -LINUX_EINVAL;
    if (flags & ~(intptr_t)(LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    if (named_descriptor(guest) >= 0 || is_random_device(guest)) return 0;
    WITH_PATH(dirfd, guest);
    DWORD attributes = GetFileAttributesW(path);
    intptr_t r = attributes == INVALID_FILE_ATTRIBUTES ? lx_last_error() : 0;
    host_path_free(path);
    /* Read-only files (not directories: the attribute means nothing for them) cannot be written. */
    if (r == 0 && (mode & LINUX_W_OK) && (attributes & FILE_ATTRIBUTE_READONLY) && !(attributes & FILE_ATTRIBUTE_DIRECTORY))
        r = -LINUX_EACCES;
    return r;
}

MC_HANDLER(sys_faccessat) { return access_at(a, b, c, 0); }
MC_HANDLER(sys_faccessat2) { return access_at(a, b, c, d); }
MC_HANDLER(sys_access) { return access_at(LINUX_AT_FDCWD, a, b, 0); }

static intptr_t unlink_at(intptr_t dirfd, intptr_t guest, intptr_t flags)
{
    if (flags & ~(intptr_t)LINUX_AT_REMOVEDIR) return -LINUX_EINVAL;
    WITH_PATH(dirfd, guest);
    intptr_t r = 0;
    DWORD attributes = GetFileAttributesW(path);
    if (attributes == INVALID_FILE_ATTRIBUTES) {
        r = lx_last_error();
    } else if (flags & LINUX_AT_REMOVEDIR) {
        r = !(attributes & FILE_ATTRIBUTE_DIRECTORY) ? -LINUX_ENOTDIR : RemoveDirectoryW(path) ? 0 : lx_last_error();
    } else if (attributes & FILE_ATTRIBUTE_DIRECTORY) {
        r = -LINUX_EISDIR;
    } else if (!DeleteFileW(path)) {
        /* Linux lets a read-only file be removed (the directory's permission decides): so does this. */
        if (GetLastError() == ERROR_ACCESS_DENIED && (attributes & FILE_ATTRIBUTE_READONLY) &&
            SetFileAttributesW(path, attributes & ~(DWORD)FILE_ATTRIBUTE_READONLY) && DeleteFileW(path))
            r = 0;
        else
            r = lx_last_error();
    }
    host_path_free(path);
    return r;
}

MC_HANDLER(sys_unlinkat) { return unlink_at(a, b, c); }
MC_HANDLER(sys_unlink) { return unlink_at(LINUX_AT_FDCWD, a, 0); }
MC_HANDLER(sys_rmdir) { return unlink_at(LINUX_AT_FDCWD, a, LINUX_AT_REMOVEDIR); }

static intptr_t mkdir_at(intptr_t dirfd, intptr_t guest, intptr_t mode)
{
    WITH_PATH(dirfd, guest);
    intptr_t r = CreateDirectoryW(path, NULL) ? 0 : lx_last_error();
    host_path_free(path);
    return r;
}

MC_HANDLER(sys_mkdirat) { return mkdir_at(a, b, c); }
MC_HANDLER(sys_mkdir) { return mkdir_at(LINUX_AT_FDCWD, a, b); }

/* The Windows paths of a call's two guest paths (rename, link), each against its directory descriptor: 0, or
 * -errno with neither made. */
static intptr_t two_paths(intptr_t olddir, intptr_t oldguest, intptr_t newdir, intptr_t newguest, WCHAR **from, WCHAR **to)
{
    LX_DIRFD(from_dir, olddir);
    LX_DIRFD(to_dir, newdir);
    intptr_t error = 0;
    if ((*from = path_at(&from_dir, oldguest, &error)) == NULL) return error;
    if ((*to = path_at(&to_dir, newguest, &error)) == NULL) {
        host_path_free(*from);
        return error;
    }
    return 0;
}

static intptr_t rename_at(intptr_t olddir, intptr_t oldguest, intptr_t newdir, intptr_t newguest)
{
    WCHAR *from, *to;
    intptr_t error = two_paths(olddir, oldguest, newdir, newguest, &from, &to);
    if (error != 0) return error;
    intptr_t r = MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING) ? 0 : lx_last_error();
    host_path_free(from);
    host_path_free(to);
    return r;
}

MC_HANDLER(sys_renameat) { return rename_at(a, b, c, d); }
MC_HANDLER(sys_rename) { return rename_at(LINUX_AT_FDCWD, a, LINUX_AT_FDCWD, b); }

static intptr_t link_at(intptr_t olddir, intptr_t oldguest, intptr_t newdir, intptr_t newguest, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    WCHAR *from, *to;
    intptr_t error = two_paths(olddir, oldguest, newdir, newguest, &from, &to);
    if (error != 0) return error;
    intptr_t r = CreateHardLinkW(to, from, NULL) ? 0 : lx_last_error();
    host_path_free(from);
    host_path_free(to);
    return r;
}

MC_HANDLER(sys_linkat) { return link_at(a, b, c, d, e); }
MC_HANDLER(sys_link) { return link_at(LINUX_AT_FDCWD, a, LINUX_AT_FDCWD, b, 0); }

/* Symbolic links: Windows makes them only with a privilege a program rarely has, and none is read. */
static intptr_t symlink_at(intptr_t target, intptr_t dirfd, intptr_t guest)
{
    char t[2];
    if (lx_string_prefix(t, (const char *)target, sizeof t) < 0) return -LINUX_EFAULT;
    WITH_PATH(dirfd, guest);
    DWORD attributes = GetFileAttributesW(path);
    host_path_free(path);
    return attributes != INVALID_FILE_ATTRIBUTES ? -LINUX_EEXIST : -LINUX_EPERM;
}

MC_HANDLER(sys_symlinkat) { return symlink_at(a, b, c); }
MC_HANDLER(sys_symlink) { return symlink_at(a, LINUX_AT_FDCWD, b); }

/* readlink of /proc/self/exe: the program's own file, in the guest's form (host_own_exe). */
static intptr_t read_own_exe(intptr_t buf, intptr_t size)
{
    intptr_t error = 0;
    WCHAR *own = host_own_exe(&error);
    if (own == NULL) return error;
    char text[LINUX_PATH_MAX];
    intptr_t n = guest_path(own, text, sizeof text);
    host_path_free(own);
    if (n < 0) return -LINUX_ENAMETOOLONG;
    if (n > size) n = size;   /* cut short, without a NUL, as Linux's readlink */
    return lx_copy_out((void *)buf, text, (size_t)n) == 0 ? n : -LINUX_EFAULT;
}

static intptr_t readlink_at(intptr_t dirfd, intptr_t guest, intptr_t buf, intptr_t size)
{
    if ((int)size <= 0) return -LINUX_EINVAL;
    char prefix[64];
    intptr_t length = lx_string_prefix(prefix, (const char *)guest, sizeof prefix);
    if (length < 0) return length;
    if (length < (intptr_t)sizeof prefix - 1 && host_names_own_exe(prefix)) return read_own_exe(buf, size);
    WITH_PATH(dirfd, guest);
    DWORD attributes = GetFileAttributesW(path);
    intptr_t r = attributes == INVALID_FILE_ATTRIBUTES ? lx_last_error() : -LINUX_EINVAL;   /* not a link */
    host_path_free(path);
    return r;
}

MC_HANDLER(sys_readlinkat) { return readlink_at(a, b, c, d); }
MC_HANDLER(sys_readlink) { return readlink_at(LINUX_AT_FDCWD, a, b, c); }

MC_HANDLER(sys_truncate)
{
    if (b < 0) return -LINUX_EINVAL;
    WITH_PATH(LINUX_AT_FDCWD, a);
    HANDLE h = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    host_path_free(path);
    if (h == INVALID_HANDLE_VALUE) return lx_last_error();
    intptr_t r = SetFilePointerEx(h, (LONGLONG)b, NULL, FILE_BEGIN) && SetEndOfFile(h) ? 0 : lx_last_error();
    CloseHandle(h);
    return r;
}

/* mknod: regular files; FIFOs and devices cannot exist on Windows (-EPERM, as Linux answers on a file
 * system without them). */
static intptr_t mknod_at(intptr_t dirfd, intptr_t guest, intptr_t mode, intptr_t dev)
{
    char first;
    if (lx_copy_in(&first, (const void *)guest, 1) != 0) return -LINUX_EFAULT;   /* the path first, as Linux reads it */
    switch (mode & LINUX_S_IFMT) {
    case 0:
    case LINUX_S_IFREG: {
        intptr_t fd = open_at(dirfd, guest, LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_WRONLY, mode);
        return fd < 0 ? fd : lx_fd_close(fd);
    }
    case LINUX_S_IFDIR: return -LINUX_EPERM;
    case LINUX_S_IFIFO: case LINUX_S_IFSOCK: case LINUX_S_IFCHR: case LINUX_S_IFBLK: return -LINUX_EPERM;
    default: return -LINUX_EINVAL;
    }
}

MC_HANDLER(sys_mknodat) { return mknod_at(a, b, c, d); }
MC_HANDLER(sys_mknod) { return mknod_at(LINUX_AT_FDCWD, a, b, c); }

MC_HANDLER(sys_statfs)
{
    WITH_PATH(LINUX_AT_FDCWD, a);
    intptr_t r = win_statfs(path, (void *)b);
    host_path_free(path);
    return r;
}

/* ---- permissions and times ----------------------------------------------------------------------------------------- */

/* chmod: the one mode bit Windows has, "read-only" (no write bit for the owner). */
static intptr_t chmod_path(const WCHAR *path, intptr_t mode)
{
    DWORD attributes = GetFileAttributesW(path);
    if (attributes == INVALID_FILE_ATTRIBUTES) return lx_last_error();
    if (attributes & FILE_ATTRIBUTE_DIRECTORY) return 0;
    DWORD wanted = (mode & 0200) ? attributes & ~(DWORD)FILE_ATTRIBUTE_READONLY : attributes | FILE_ATTRIBUTE_READONLY;
    return wanted == attributes || SetFileAttributesW(path, wanted) ? 0 : lx_last_error();
}

static intptr_t chmod_at(intptr_t dirfd, intptr_t guest, intptr_t mode)
{
    WITH_PATH(dirfd, guest);
    intptr_t r = chmod_path(path, mode);
    host_path_free(path);
    return r;
}

MC_HANDLER(sys_fchmodat) { return chmod_at(a, b, c); }
MC_HANDLER(sys_chmod) { return chmod_at(LINUX_AT_FDCWD, a, b); }

MC_HANDLER(sys_fchmod)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    WCHAR name[1024];
    DWORD n = GetFinalPathNameByHandleW(file->handle, name, 1024, 0);
    if (n == 0 || n >= 1024) return file->kind == WIN_FILE ? lx_last_error() : 0;
    return chmod_path(name, b);
}

/* chown & co.: the one user owns everything (windows.h): to itself, or -1, nothing changes. */
static intptr_t chown_ids(intptr_t owner, intptr_t group) { return win_chown_ids(owner, group); }

static intptr_t chown_at(intptr_t dirfd, intptr_t guest, intptr_t owner, intptr_t group, intptr_t flags)
{
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    if (guest != 0) {
        WITH_PATH(dirfd, guest);
        DWORD attributes = GetFileAttributesW(path);
        host_path_free(path);
        if (attributes == INVALID_FILE_ATTRIBUTES) return lx_last_error();
    }
    return chown_ids(owner, group);
}

MC_HANDLER(sys_fchownat) { return chown_at(a, b, c, d, e); }
MC_HANDLER(sys_chown) { return chown_at(LINUX_AT_FDCWD, a, b, c, 0); }
MC_HANDLER(sys_lchown) { return chown_at(LINUX_AT_FDCWD, a, b, c, LINUX_AT_SYMLINK_NOFOLLOW); }

/* One time of utimensat as a FILETIME; *set is 0 for UTIME_OMIT. -1 for an invalid time. */
static int utime_to_host(const struct linux_timespec *in, struct win_filetime *out, int *set)
{
    *set = 1;
    if (in->tv_nsec == LINUX_UTIME_OMIT) { *set = 0; return 0; }
    if (in->tv_nsec == LINUX_UTIME_NOW) { GetSystemTimePreciseAsFileTime(out); return 0; }
    if (in->tv_nsec < 0 || in->tv_nsec >= LX_NSEC_PER_SEC) return -1;
    *out = ns_filetime(in->tv_sec * LX_NSEC_PER_SEC + in->tv_nsec);
    return 0;
}

MC_HANDLER(sys_utimensat)
{
    intptr_t dirfd = a, guest = b, flags = d;
    if (flags & ~(intptr_t)(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH)) return -LINUX_EINVAL;
    struct win_filetime times[2];
    int set[2] = { 1, 1 };
    if (c != 0) {
        struct linux_timespec given[2];
        if (LX_COPY_IN(given, (const void *)c) != 0) return -LINUX_EFAULT;
        if (utime_to_host(&given[0], &times[0], &set[0]) != 0 || utime_to_host(&given[1], &times[1], &set[1]) != 0)
            return -LINUX_EINVAL;
    } else {
        GetSystemTimePreciseAsFileTime(&times[0]);
        times[1] = times[0];
    }
    if (guest == 0) {   /* futimens: the descriptor itself */
        if (dirfd == LINUX_AT_FDCWD) return -LINUX_EFAULT;
        LX_FD_OPEN(fd, dirfd);
        HANDLE h = win_file_of(&fd)->handle;
        return SetFileTime(h, NULL, set[0] ? &times[0] : NULL, set[1] ? &times[1] : NULL) ? 0 : lx_last_error();
    }
    WITH_PATH(dirfd, guest);
    HANDLE h = open_to_inspect(path, FILE_WRITE_ATTRIBUTES);
    host_path_free(path);
    if (h == INVALID_HANDLE_VALUE) return lx_last_error();
    intptr_t r = SetFileTime(h, NULL, set[0] ? &times[0] : NULL, set[1] ? &times[1] : NULL) ? 0 : lx_last_error();
    CloseHandle(h);
    return r;
}

/* ---- the working directory ----------------------------------------------------------------------------------------- */

/* getcwd: the working directory's path as the guest names it (windows.h: the current drive left out, '/' for '\\'). */
MC_HANDLER(sys_getcwd)
{
    size_t size = (size_t)b;
    if (size == 0) return -LINUX_ERANGE;
    WCHAR host[1024];
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    const WCHAR *path = host;
    if (cwd.host != 0) {
        path = win_file_of(&cwd)->path;
    } else {
        DWORD n = GetCurrentDirectoryW(1024, host);
        if (n == 0 || n >= 1024) return n ? -LINUX_ENAMETOOLONG : lx_last_error();
    }
    char out[4096];
    intptr_t length = guest_path(path, out, sizeof out);
    if (length < 0) return -LINUX_ENAMETOOLONG;
    /* A drive's root is "X:\\": its guest form is "/", not "". */
    if (length == 0) out[length++] = '/', out[length] = 0;
    if ((size_t)length + 1 > size) return -LINUX_ERANGE;
    return lx_copy_out((void *)a, out, (size_t)length + 1) != 0 ? -LINUX_EFAULT : length + 1;
}

/* chdir: the instance's working directory becomes a new directory object; the host process's stays. */
MC_HANDLER(sys_chdir)
{
    WITH_PATH(LINUX_AT_FDCWD, a);
    intptr_t error = 0;
    struct win_file *opened = win_directory_open(path, &error);
    host_path_free(path);
    if (opened == NULL) return error;
    struct lx_fd dir __attribute__((cleanup(lx_fd_put))) = lx_fd_wrap((intptr_t)opened);
    if (dir.file == NULL) return -LINUX_ENOMEM;
    lx_fd_set_cwd(&dir);
    return 0;
}

MC_HANDLER(sys_fchdir)
{
    LX_FD_OPEN(fd, a);
    struct win_file *file = win_file_of(&fd);
    if (file->kind != WIN_DIRECTORY || file->path == NULL) return -LINUX_ENOTDIR;
    lx_fd_set_cwd(&fd);
    return 0;
}

MC_HANDLER(sys_getdents64)
{
    LX_FD_OPEN(fd, a);
    return win_getdents(win_file_of(&fd), (void *)b, (size_t)(unsigned int)c);
}

/* The path family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry path_syscalls[] = { MC_FAMILY_path(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void path_module_init(void)
{
    MC_REGISTER_TABLE(path_syscalls);
}
