/* windows.h - what the Windows host's modules share on top of module.h: Win32 (win32.h), Win32 errors
 * as Linux errno values, guest paths as Windows paths, times, and the file objects behind the program's
 * descriptors.
 *
 * These modules are built on Linux like the POSIX ones, as System V ELF shared objects without a C
 * library: they call Win32 only (through libhost_kernel32.dll and friends, ms_abi), and windows/string.c
 * gives them the few string functions gcc and the shared parts expect. */
#ifndef MC_WINDOWS_H
#define MC_WINDOWS_H

#include <string.h>
#include "fdtable.h"
#include "host.h"
#include "module.h"
#include "win32.h"

/* ---- errors ------------------------------------------------------------------------------------------ */

/* The Linux errno value of a Win32 error (EIO for one without an equivalent). */
MC_HIDDEN int lx_win_errno(DWORD error);
/* -errno for GetLastError(). */
static inline intptr_t lx_last_error(void)
{
    return -(intptr_t)lx_win_errno(GetLastError());
}

/* ---- paths -------------------------------------------------------------------------------------------- */

/* A guest path (UTF-8, Linux's conventions) as the Windows path CreateFileW and friends take (UTF-16).
 * "/x/y" is the current drive's \x\y (the Windows reading of a path with no drive: getcwd answers in
 * that form too), "C:/x" and "C:\x" are themselves, "/dev/null" is NUL. host_path_free frees it.
 * NULL with *error set: -EFAULT, -ENOENT (empty), -ENAMETOOLONG, -EILSEQ (not UTF-8), -ENOMEM. */
MC_HIDDEN WCHAR *host_path(const char *guest, intptr_t *error);
/* /proc/self/exe and /proc/PID/exe (this process's): 1 if p (a whole guest path) is one; host_path gives the program's
 * own file for them, host_own_exe that file's host path (absolute), or NULL and *error. */
MC_HIDDEN int host_names_own_exe(const char *p);
MC_HIDDEN WCHAR *host_own_exe(intptr_t *error);
MC_HIDDEN void host_path_free(WCHAR *path);
/* host_path, with a relative path joined to directory (a full Windows path; NULL: the host process's own). */
MC_HIDDEN WCHAR *host_path_in(const WCHAR *directory, const char *guest, intptr_t *error);
/* A relative Windows path (host_path's, which this takes over) joined to directory's full path; NULL with *error. */
MC_HIDDEN WCHAR *host_path_join(const WCHAR *directory, WCHAR *path, intptr_t *error);
/* Whether a Windows path is not relative to a directory: "\x" (the current drive's), "C:..." */
MC_HIDDEN int host_path_absolute(const WCHAR *p);
/* The program's PATH (':'-separated guest directories: "/x", "/mnt/d/x", relative ones) as Windows' (';'-separated,
 * "C:\x", "D:\x"), for a new process's environment: the inverse of what the core gives a program
 * (WindowsProcess.GuestSearchPath). NULL: no memory. host_free frees it. */
MC_HIDDEN char *host_search_path(const char *guest);
/* A Windows path (UTF-16) as the guest sees it: UTF-8, '/' for '\', the current drive's "C:" left out.
 * Returns the length written (without the NUL), or -ERANGE if it does not fit in size bytes. */
MC_HIDDEN intptr_t guest_path(const WCHAR *host, char *out, size_t size);
/* UTF-16 <-> UTF-8 of a whole NUL-terminated string, into the module's memory (host_free). NULL: no memory
 * or not convertible. */
MC_HIDDEN char *utf8_of(const WCHAR *text);
MC_HIDDEN WCHAR *utf16_of(const char *text);
/* A copy of a NUL-terminated UTF-16 string in the module's memory (host_free); NULL: no memory. */
MC_HIDDEN WCHAR *wide_dup(const WCHAR *text);
/* Writes n in decimal at out + at (no NUL); returns the position after it (command lines, pipe names). */
MC_HIDDEN size_t wide_decimal(WCHAR *out, size_t at, uint64_t n);
/* Writes the ASCII prefix and then n in decimal at out (no NUL); returns the position after them (object names). */
MC_HIDDEN size_t wide_name(WCHAR *out, const char *prefix, uint64_t n);

/* ---- time ---------------------------------------------------------------------------------------------- */

/* FILETIME counts 100 ns since 1601-01-01; Linux's time counts from 1970-01-01. */
#define WIN_EPOCH_OFFSET 116444736000000000LL
static inline int64_t filetime_ns(struct win_filetime t)
{
    int64_t ticks = (int64_t)(((uint64_t)t.high << 32) | t.low);
    return (ticks - WIN_EPOCH_OFFSET) * 100;
}
static inline struct win_filetime ns_filetime(int64_t ns)
{
    uint64_t ticks = (uint64_t)(ns / 100 + WIN_EPOCH_OFFSET);
    struct win_filetime t = { (DWORD)ticks, (DWORD)(ticks >> 32) };
    return t;
}
/* The monotonic clock in nanoseconds (QueryPerformanceCounter). */
MC_HIDDEN int64_t monotonic_ns(void);
/* The real-time clock in nanoseconds since 1970. */
MC_HIDDEN int64_t realtime_ns(void);

/* ---- the files behind the program's descriptors --------------------------------------------------------- */

/* What a descriptor refers to. The descriptor table (fdtable.h) holds a pointer to one of these as its
 * "host" value; host_close (windows/host.c) closes and frees it when the last reference goes. */
enum win_kind {
    WIN_FILE,        /* a disk file */
    WIN_DIRECTORY,   /* opened with FILE_FLAG_BACKUP_SEMANTICS; listed with FindFirstFileW */
    WIN_PIPE,        /* an anonymous or named pipe */
    WIN_CONSOLE,     /* a console: text through WriteConsoleW / ReadConsoleW, UTF-8 <-> UTF-16 */
    WIN_CHARACTER,   /* another character device (NUL) */
    WIN_RANDOM,      /* /dev/urandom and /dev/random: reads are random bytes */
    WIN_SOCKET,      /* a Winsock socket (handle is its SOCKET); the rest in `socket` (socket.h) */
};

struct win_file {
    HANDLE handle;
    uint8_t kind;
    uint32_t status;         /* Linux's O_ file status flags: access mode, O_APPEND, O_NONBLOCK, ... */
    host_mutex lock;         /* directory listing state; a console's pending UTF-8 bytes */
    WCHAR *path;             /* a directory's path (the listing pattern is made from it) */
    HANDLE find;             /* a directory listing in progress, or INVALID_HANDLE_VALUE */
    uint64_t position;       /* a directory's next entry (d_off), counted from 1 */
    struct win_find_data next;
    int has_next;
    unsigned char pending[4];   /* a console: bytes of a UTF-8 sequence a write cut */
    uint8_t pending_count;
    /* A console's input: the rest of the last line read (UTF-8), for the reads that follow (fd.c). */
    char *input;
    uint32_t input_at, input_length;
    uint8_t flocked;            /* the flock lock this open file holds: 0, LINUX_LOCK_SH or LINUX_LOCK_EX */
    struct win_socket *socket;  /* a socket's Linux view (socket.h) */
    /* Owners besides the first (atomic): descriptors passed with SCM_RIGHTS refer to the same object, as
     * Linux's refer to the same open file description; host_close closes it when the last one goes. */
    int32_t shares;
    /* How to close what CloseHandle cannot (a socket) and free what goes with it; NULL: CloseHandle. Set
     * by the module that made the object, so that host_close, linked into every module, needs none of it. */
    void (*close)(struct win_file *f);
};

/* A directory opened as the working directory (fdtable.h, lx_fd_cwd) holds it: a file object with its full path;
 * NULL with *error (-ENOENT, -ENOTDIR, -EACCES, ...). */
MC_HIDDEN struct win_file *win_directory_open(const WCHAR *path, intptr_t *error);
/* Linux's error for a path Windows did not find: -ENOTDIR where a parent on the way is a file, else -ENOENT. */
MC_HIDDEN intptr_t win_missing_path_error(const WCHAR *path);
/* A copy of the program's working directory's full path (host_free), for a new process to start in; NULL with
 * *error: -ENOMEM, or 0 where it is the host process's own. */
MC_HIDDEN WCHAR *win_cwd_path(intptr_t *error);

/* A new file object for a handle the caller opened; NULL (the handle closed) without memory. */
MC_HIDDEN struct win_file *win_file_new(HANDLE handle, enum win_kind kind, uint32_t status);
/* A new file object for a handle, into the descriptor table at the lowest free number: the number, or
 * -errno (then the handle is closed). */
MC_HIDDEN intptr_t win_install(HANDLE handle, enum win_kind kind, uint32_t status, int cloexec);

/* Where locks live in a file, as LockFileEx sees it. Record locks take offsets below WIN_LOCK_LIMIT (Linux's
 * offsets end at 2^63 - 1; "to the end" stops there), and flock's lock is the one byte at WIN_LOCK_LIMIT: the
 * two kinds never meet, as on Linux, and flock's lock keeps no I/O out (Windows' locks are mandatory). */
#define WIN_LOCK_LIMIT ((uint64_t)INT64_MAX - 1)

/* POSIX record locks, per process and file, over LockFileEx (locks.c): set [start, end) (end UINT64_MAX: to
 * WIN_LOCK_LIMIT) to type (LINUX_F_RDLCK, LINUX_F_WRLCK, LINUX_F_UNLCK), waiting for it or not: 0 or -errno. */
MC_HIDDEN intptr_t win_lock_set(struct win_file *file, uint64_t start, uint64_t end, int type, int wait);
/* Whether another process holds a lock conflicting with type over [start, end): 1 (*held its type) or 0. */
MC_HIDDEN int win_lock_test(struct win_file *file, uint64_t start, uint64_t end, int type, int *held);
/* A file object is closing: the process's locks on its file go. */
MC_HIDDEN void win_locks_closed(struct win_file *file);
/* The kind of an inherited or opened handle (GetFileType, GetConsoleMode). */
MC_HIDDEN enum win_kind win_kind_of(HANDLE handle);
/* The file object behind a reference from the descriptor table. */
static inline struct win_file *win_file_of(const struct lx_fd *ref)
{
    return (struct win_file *)ref->host;
}

/* ---- AF_UNIX sockets' files (socket_file.c) ------------------------------------------------------------- */

/* The size of the file an AF_UNIX socket bound to a path leaves there. */
#define WIN_SOCKET_FILE_SIZE 32
/* The loopback port a socket file records (read from its start) and the Linux type of the socket there
 * (*type), or -1 if it is not one. */
MC_HIDDEN int win_socket_file_port(HANDLE h, int *type);
/* Whether an open file is a socket file (stat: S_IFSOCK). */
MC_HIDDEN int win_is_socket_file(HANDLE h);
/* Writes a socket file's contents for a socket of a Linux type on a loopback port: 1, or 0 with GetLastError. */
MC_HIDDEN int win_socket_file_write(HANDLE h, int type, uint16_t port);

/* ---- stat ----------------------------------------------------------------------------------------------- */

/* Windows has no users in Linux's sense: the program runs as one, uid and gid 1000, which owns every file. */
#define WIN_UID 1000
#define WIN_GID 1000

/* chown's ids: the one user owns everything (WIN_UID, WIN_GID), so only its own ids, or "unchanged", can be
 * given: 0, else -EPERM. The ids arrive as uid_t and gid_t, 32 bits: "unchanged" is 0xffffffff, not -1. */
static inline intptr_t win_chown_ids(intptr_t owner, intptr_t group)
{
    uint32_t u = (uint32_t)owner, g = (uint32_t)group;
    return (u != 0xffffffffu && u != WIN_UID) || (g != 0xffffffffu && g != WIN_GID) ? -LINUX_EPERM : 0;
}

/* struct stat of a handle of the given kind: 0 or -errno. */
MC_HIDDEN intptr_t win_stat(HANDLE handle, enum win_kind kind, struct linux_stat *out);

/* ---- processes (the process module: spawn.c, fork.c) ------------------------------------------------- */

/* fork (fork.c): win_fork(resume, arg) -> the child's pid, as the POSIX host's lx_fork. */
MC_HIDDEN intptr_t win_fork(intptr_t resume, intptr_t arg);
/* fork's child, `microcosm.exe fork-child`, created suspended with every descriptor of the program at its number and
 * `channel` (an end of fork's channel) inherited: 0 (*info filled), or -errno. */
MC_HIDDEN intptr_t spawn_fork_child(HANDLE channel, struct win_process_information *info);
/* A child fork made is the program's, for wait4 and kill, as spawn's are, with its group record's handle (groups_give,
 * or NULL): 1, or 0 if there are too many. */
MC_HIDDEN int spawn_keep_child(DWORD pid, HANDLE process, HANDLE group);
/* Whether `pid` is a child this module started, not yet reaped. */
MC_HIDDEN int spawn_is_child(DWORD pid);
/* A child this module started that is no Microcosm program's (it has no group record): 1 and its group in *group. */
MC_HIDDEN int spawn_host_child_group(DWORD pid, DWORD *group);
/* Moves such a child to `group`: 1, or 0 if `pid` is no such child. */
MC_HIDDEN int spawn_set_host_child_group(DWORD pid, DWORD group);

/* Process groups and sessions (groups.c). The program's group. */
MC_HIDDEN DWORD groups_own(void);
/* The group and session (the word a record keeps) of a new child `child`: the program's, or group `group` (>= 0; 0 for
 * one of its own), or a new session led by the child. */
MC_HIDDEN int64_t groups_for_child(DWORD child, intptr_t group, int new_session);
/* Gives a Microcosm child, created suspended, its group record: the handle its parent keeps, or NULL. */
MC_HIDDEN HANDLE groups_give(DWORD child, int64_t child_ids);
/* The program exec'd another, which is the group's member in its place. */
MC_HIDDEN void groups_leave(void);
/* visit(pid, ids, context) for each Microcosm program of group `group` but this one, while it returns nonzero: how many
 * there were, or -errno. */
MC_HIDDEN intptr_t groups_each(DWORD group, int (*visit)(DWORD pid, int64_t ids, void *context), void *context);
MC_HIDDEN intptr_t groups_getpgid(intptr_t pid);
MC_HIDDEN intptr_t groups_getsid(intptr_t pid);
MC_HIDDEN intptr_t groups_setpgid(intptr_t pid, intptr_t pgid);
MC_HIDDEN intptr_t groups_setsid(void);

/* ---- blocking ------------------------------------------------------------------------------------------- */

/* A wait in slices (module.h): at most a slice, in milliseconds, before the checkpoint. */
#define LX_SLICE_MS ((DWORD)(LX_SLICE_NS / 1000000))

#endif
