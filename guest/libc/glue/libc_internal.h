/* libc_internal.h - what every piece of Microcosm's newlib glue builds on (the foundation: errno/ and
 * sys/): syscalls with errno, the per-thread libc region of the thread structure, the clocks, and the
 * futex-based lock used by newlib's locks, the pthread mutexes and everything else that waits. What a
 * folder offers the folders above it is in its own header (signal/signal_internal.h, io/io_internal.h):
 * including one says which way the dependency goes (docs/libc.md, "The glue"). */
#ifndef MICROCOSM_LIBC_INTERNAL_H
#define MICROCOSM_LIBC_INTERNAL_H

#include <microcosm.h>
#include <errno.h>
#include <reent.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* Linux x86-64 syscall numbers used by the glue (the standard modules implement them). */
enum {
    SYS_read = 0, SYS_write = 1, SYS_open = 2, SYS_close = 3, SYS_stat = 4, SYS_fstat = 5,
    SYS_lstat = 6, SYS_poll = 7, SYS_lseek = 8, SYS_mmap = 9, SYS_mprotect = 10, SYS_munmap = 11,
    SYS_ioctl = 16, SYS_pread64 = 17, SYS_pwrite64 = 18, SYS_readv = 19, SYS_writev = 20,
    SYS_access = 21, SYS_pipe = 22, SYS_sched_yield = 24, SYS_mremap = 25, SYS_msync = 26,
    SYS_madvise = 28, SYS_dup = 32, SYS_dup2 = 33, SYS_nanosleep = 35, SYS_getpid = 39,
    SYS_exit = 60, SYS_uname = 63, SYS_fcntl = 72, SYS_fsync = 74, SYS_fdatasync = 75,
    SYS_truncate = 76, SYS_ftruncate = 77, SYS_getcwd = 79, SYS_chdir = 80, SYS_fchdir = 81,
    SYS_rename = 82, SYS_mkdir = 83, SYS_rmdir = 84, SYS_link = 86, SYS_unlink = 87,
    SYS_symlink = 88, SYS_readlink = 89, SYS_chmod = 90, SYS_fchmod = 91, SYS_gettimeofday = 96,
    SYS_getuid = 102, SYS_getgid = 104, SYS_geteuid = 107, SYS_getegid = 108, SYS_getppid = 110,
    SYS_gettid = 186, SYS_time = 201, SYS_futex = 202, SYS_getdents64 = 217,
    SYS_clock_gettime = 228, SYS_clock_getres = 229, SYS_clock_nanosleep = 230,
    SYS_exit_group = 231, SYS_openat = 257, SYS_mkdirat = 258, SYS_newfstatat = 262,
    SYS_unlinkat = 263, SYS_renameat = 264, SYS_linkat = 265, SYS_symlinkat = 266,
    SYS_readlinkat = 267, SYS_fchmodat = 268, SYS_faccessat = 269, SYS_utimensat = 280,
    SYS_dup3 = 292, SYS_pipe2 = 293, SYS_getrandom = 318, SYS_faccessat2 = 439,
    SYS_flock = 73, SYS_getrlimit = 97, SYS_getrusage = 98, SYS_sysinfo = 99, SYS_setpgid = 109,
    SYS_getpgrp = 111, SYS_setsid = 112, SYS_getpgid = 121, SYS_getsid = 124, SYS_mknod = 133,
    SYS_statfs = 137, SYS_fstatfs = 138, SYS_setrlimit = 160, SYS_sync = 162,
    SYS_sched_getaffinity = 204, SYS_fadvise64 = 221, SYS_mknodat = 259, SYS_fallocate = 285,
    SYS_prlimit64 = 302, SYS_getcpu = 309, SYS_getpriority = 140, SYS_setpriority = 141,
    SYS_getgroups = 115, SYS_wait4 = 61, SYS_kill = 62, SYS_chown = 92, SYS_fchown = 93,
    SYS_lchown = 94, SYS_umask = 95, SYS_setuid = 105, SYS_setgid = 106, SYS_setreuid = 113,
    SYS_setregid = 114, SYS_setgroups = 116, SYS_setresuid = 117, SYS_getresuid = 118,
    SYS_setresgid = 119, SYS_getresgid = 120, SYS_fchownat = 260,
};

static inline long mc_sys(long num, long a, long b, long c, long d)
{
    return (long)mc_syscall(num, a, b, c, d);
}

static inline long mc_sys6(long num, long a, long b, long c, long d, long e, long f)
{
    return (long)mc_syscall6(num, a, b, c, d, e, f);
}

/* The syscalls return Linux's errno numbers; newlib's differ (ENOSYS is 38 on Linux, 88 in
 * newlib), so every error is translated on its way to errno (errno/errno_table.c). */
HIDDEN int __mc_errno_from_linux(int linux_errno);

/* A syscall result's error in newlib's numbering (0 if it succeeded). */
static inline int mc_error_of(long r)
{
    return r < 0 && r > -4096 ? __mc_errno_from_linux((int)-r) : 0;
}

/* A syscall's -errno becomes -1 with errno set, as POSIX functions report failure. */
static inline long mc_errno_result(long r)
{
    int error = mc_error_of(r);
    if (error) {
        errno = error;
        return -1;
    }
    return r;
}

#define SYSCALL(num, a, b, c, d) mc_errno_result(mc_sys((num), (long)(a), (long)(b), (long)(c), (long)(d)))

/* ---- Waiting on futex words (syscall 202) --------------------------------------------------- */

struct timespec;
/* Waits while *word == expected, until woken or the absolute CLOCK_REALTIME/MONOTONIC deadline
 * passes (NULL = forever). Returns 0 or a negative newlib errno: -ETIMEDOUT, -EAGAIN (the value had
 * changed), -EINTR. */
HIDDEN int __mc_futex_wait(volatile int *word, int expected, const struct timespec *deadline,
                           int realtime);
HIDDEN void __mc_futex_wake(volatile int *word, int count);

/* newlib's clockid_t value -> Linux's (what the syscalls take); -1 for an unknown clock (sys/clock.c). */
HIDDEN long __mc_linux_clock(int clock);

/* ---- The lock everything else is built on --------------------------------------------------- */

/* A lock word: 0 free, 1 held, 2 held with waiters. Acquire returns 0 or ETIMEDOUT. */
HIDDEN int __mc_word_acquire(volatile int *state, const struct timespec *deadline, int realtime);
HIDDEN void __mc_word_release(volatile int *state);
/* Acquires as "held with waiters" from the start: for a condition variable's waiter re-taking its
 * mutex, whose wake-up may have been meant to pass on to others. */
HIDDEN void __mc_word_acquire_contended(volatile int *state);

/* A lock word with an owner and a depth for recursive locking. */
struct __mc_lock {
    volatile int state;
    int recursive;
    uintptr_t owner;
    unsigned int count;
};

HIDDEN uintptr_t __mc_thread_token(void);   /* identifies the calling thread for lock ownership */
HIDDEN void __mc_lock_acquire(struct __mc_lock *lock);
HIDDEN int __mc_lock_try(struct __mc_lock *lock);   /* 0 or EBUSY */
HIDDEN int __mc_lock_timed(struct __mc_lock *lock, const struct timespec *deadline, int realtime);
HIDDEN void __mc_lock_release(struct __mc_lock *lock);

/* ---- Per-thread libc state in the thread structure ------------------------------------------- */

struct __mc_pthread;   /* glue/thread/pthread.c */

struct __mc_thread_libc {
    int ready;                    /* reent initialized */
    struct __mc_pthread *pthread; /* the pthread control block, NULL until pthread_self needs one */
    struct _reent reent;
};

/* The calling thread's libc region (initialized), or NULL off Microcosm threads. */
HIDDEN struct __mc_thread_libc *__mc_thread_libc(void);

#endif
