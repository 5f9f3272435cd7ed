/* posix.h - what the POSIX host's modules share on top of module.h: host-to-Linux translation of
 * errno, open flags, stat, file system statistics and clocks, and the retry of interrupted host calls. */
#ifndef MC_POSIX_H
#define MC_POSIX_H

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include "fdtable.h"
#include "module.h"

/* ---- errno --------------------------------------------------------------------------------------- */

/* The Linux value of a host errno (EIO for one with no Linux equivalent). */
MC_HIDDEN int lx_errno(int host_errno);

/* A host call's result as a syscall result: the value, or -errno (Linux) when it is -1. */
static inline intptr_t lx_result(long r)
{
    return r == -1 ? -(intptr_t)lx_errno(errno) : (intptr_t)r;
}

/* A host call interrupted by a signal is repeated (a guest never sees EINTR from the host's own reasons),
 * after a checkpoint: the core interrupts the blocking call of a thread it kills (its interrupt signal),
 * and the thread ends there; the .NET runtime's own signals only make the call start again. A thread
 * interrupted for a guest's signal (lx_interrupted) gets EINTR, which the C library acts on. */
#define LX_RETRY(expr)                                                 \
    ({                                                                 \
        long _r;                                                       \
        while ((_r = (long)(expr)) == -1 && errno == EINTR) {          \
            if (lx_checkpoint_interrupted()) {                         \
                errno = EINTR;                                         \
                break;                                                 \
            }                                                          \
        }                                                              \
        _r;                                                            \
    })

/* ---- flags and descriptors ------------------------------------------------------------------------ */

/* Linux open(2) flags to the host's; unknown bits are ignored as Linux ignores them. */
MC_HIDDEN int lx_open_flags_to_host(intptr_t linux_flags);
/* Host file status flags (F_GETFL) to Linux's. */
MC_HIDDEN intptr_t lx_open_flags_from_host(int host_flags);

/* A host call that makes a descriptor (the descriptor table, fdtable.h): its result installed, or -errno. */
static inline intptr_t lx_fd_install_result(long host, int cloexec)
{
    return host == -1 ? -(intptr_t)lx_errno(errno) : lx_fd_install(host, 0, cloexec);
}

/* ---- stat ------------------------------------------------------------------------------------------- */

MC_HIDDEN uint32_t lx_mode_from_host(mode_t mode);
MC_HIDDEN void lx_stat_from_host(struct linux_stat *out, const struct stat *in);
MC_HIDDEN uint8_t lx_dtype_from_host(unsigned char host_dtype);

/* ---- file systems ------------------------------------------------------------------------------------ */

/* statfs / fstatfs into Linux's structure: 0 or -errno (Linux). */
MC_HIDDEN intptr_t lx_statfs(const char *path, struct linux_statfs *out);

/* The working directory (fdtable.h, lx_fd_cwd) is a directory descriptor: these open one as the table holds it
 * (LX_O_SEARCH: for lookups below it, and fchdir in a child), and name a path below one for the few host calls
 * that take no directory descriptor (truncate, statfs, an AF_UNIX address): `path` itself when it is absolute or
 * dir is the host's own working directory (AT_FDCWD), else a name of the same file from the root - on Linux
 * "/proc/self/fd/N/path" - in buf; NULL with *error (-ENAMETOOLONG) when it does not fit in size bytes. */
#ifdef O_PATH
#define LX_O_SEARCH O_PATH
#elif defined(O_SEARCH)
#define LX_O_SEARCH O_SEARCH
#else
#define LX_O_SEARCH O_RDONLY
#endif
MC_HIDDEN const char *lx_path_below(intptr_t dir, const char *path, char *buf, size_t size, intptr_t *error);
/* The path the host gives the directory at descriptor dir now (it follows renames; a removed one's may end in
 * " (deleted)" on Linux), into buf: 0, or -errno (-ENAMETOOLONG if it does not fit in size bytes). */
MC_HIDDEN intptr_t lx_directory_path(intptr_t dir, char *buf, size_t size);
MC_HIDDEN intptr_t lx_fstatfs(int fd, struct linux_statfs *out);

/* The program's own file (own_exe.c): what follows /proc/self/ or /proc/PID/ with this process's PID in a path (NULL
 * if it is neither); whether a path is /proc/self/exe or /proc/PID/exe, which name Microcosm's CLI on the host; the
 * program's file, absolute (NULL if the core cannot say); and `path`, or the program's file if it names it. */
MC_HIDDEN const char *lx_proc_own_rest(const char *path);
MC_HIDDEN int lx_names_own_exe(const char *path);
MC_HIDDEN const char *lx_own_exe(void);
MC_HIDDEN const char *lx_exe_path(const char *path);

/* ---- time ------------------------------------------------------------------------------------------- */

/* The host clock for a Linux clock id, or -1 when there is none (the caller returns -EINVAL). */
MC_HIDDEN int lx_clock_to_host(intptr_t linux_clock, clockid_t *out);

/* A host clock's current time in nanoseconds. */
MC_HIDDEN int64_t lx_clock_ns(clockid_t clock);
static inline struct timespec lx_host_timespec(int64_t ns)
{
    struct timespec t = { .tv_sec = (time_t)(ns / LX_NSEC_PER_SEC), .tv_nsec = (long)(ns % LX_NSEC_PER_SEC) };
    return t;
}

/* fork (fork.c, for spawn.c's family table): the child's pid; the child goes on from resume(arg). */
MC_HIDDEN intptr_t lx_fork(intptr_t resume, intptr_t arg);
/* fork's child, started with the program's descriptors and `channel` (spawn.c, for fork.c): its pid, or -errno. */
MC_HIDDEN intptr_t spawn_fork_child(const char *exe, int channel);

#endif
