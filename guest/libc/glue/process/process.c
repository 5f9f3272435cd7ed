/* process.c - the process as the target ABI has it: one program in one host process, no fork or
 * exec (those report ENOSYS), identity and system information from the process module. */
#include "libc_internal.h"
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void _exit(int status)
{
    /* exit_group ends the program from any thread; it does not return to a Microcosm thread. */
    for (;;) mc_syscall(SYS_exit_group, status, 0, 0, 0);
}

pid_t getpid(void) { return (pid_t)mc_sys(SYS_getpid, 0, 0, 0, 0); }
pid_t getppid(void) { return (pid_t)mc_sys(SYS_getppid, 0, 0, 0, 0); }
uid_t getuid(void) { return (uid_t)mc_sys(SYS_getuid, 0, 0, 0, 0); }
uid_t geteuid(void) { return (uid_t)mc_sys(SYS_geteuid, 0, 0, 0, 0); }
gid_t getgid(void) { return (gid_t)mc_sys(SYS_getgid, 0, 0, 0, 0); }
gid_t getegid(void) { return (gid_t)mc_sys(SYS_getegid, 0, 0, 0, 0); }
int getgroups(int size, gid_t list[]) { return (int)SYSCALL(SYS_getgroups, size, list, 0, 0); }

/* Changing ids changes the host process's (the process module): as glibc, seteuid and setegid are
 * setresuid/setresgid leaving the real and saved ids; -1 leaves an id unchanged. */
int setuid(uid_t uid) { return (int)SYSCALL(SYS_setuid, uid, 0, 0, 0); }
int setgid(gid_t gid) { return (int)SYSCALL(SYS_setgid, gid, 0, 0, 0); }
int setreuid(uid_t ruid, uid_t euid) { return (int)SYSCALL(SYS_setreuid, ruid, euid, 0, 0); }
int setregid(gid_t rgid, gid_t egid) { return (int)SYSCALL(SYS_setregid, rgid, egid, 0, 0); }
int setresuid(uid_t ruid, uid_t euid, uid_t suid) { return (int)SYSCALL(SYS_setresuid, ruid, euid, suid, 0); }
int setresgid(gid_t rgid, gid_t egid, gid_t sgid) { return (int)SYSCALL(SYS_setresgid, rgid, egid, sgid, 0); }
int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid) { return (int)SYSCALL(SYS_getresuid, ruid, euid, suid, 0); }
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid) { return (int)SYSCALL(SYS_getresgid, rgid, egid, sgid, 0); }
int seteuid(uid_t euid)
{
    if (euid == (uid_t)-1) { errno = EINVAL; return -1; }
    return setresuid((uid_t)-1, euid, (uid_t)-1);
}
int setegid(gid_t egid)
{
    if (egid == (gid_t)-1) { errno = EINVAL; return -1; }
    return setresgid((gid_t)-1, egid, (gid_t)-1);
}
int setgroups(int size, const gid_t *list) { return (int)SYSCALL(SYS_setgroups, size, list, 0, 0); }

/* initgroups: the user's groups from the group database (getgrouplist), plus `group`. */
int initgroups(const char *user, gid_t group)
{
    int n = 64;
    for (;;) {
        gid_t *groups = malloc((size_t)n * sizeof *groups);
        if (!groups) return -1;
        int count = n;
        if (getgrouplist(user, group, groups, &count) >= 0) {
            int r = setgroups(count, groups);
            free(groups);
            return r;
        }
        free(groups);
        if (count <= n) return -1;
        n = count;
    }
}
pid_t gettid(void) { return (pid_t)mc_sys(SYS_gettid, 0, 0, 0, 0); }
int sched_yield(void) { return (int)SYSCALL(SYS_sched_yield, 0, 0, 0, 0); }

int uname(struct utsname *name) { return (int)SYSCALL(SYS_uname, name, 0, 0, 0); }

int gethostname(char *name, size_t len)
{
    struct utsname u;
    if (uname(&u) < 0) return -1;
    size_t n = strlen(u.nodename);
    if (n >= len) { errno = ENAMETOOLONG; return -1; }
    memcpy(name, u.nodename, n + 1);
    return 0;
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags) { return SYSCALL(SYS_getrandom, buf, len, flags, 0); }

int getentropy(void *buf, size_t len)
{
    if (len > 256) { errno = EIO; return -1; }
    return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

pid_t fork(void) { errno = ENOSYS; return -1; }
pid_t vfork(void) { errno = ENOSYS; return -1; }
/* newlib's execve/execl/execv/... call _execve. */
int _execve(const char *path, char *const argv[], char *const envp[]) { (void)path; (void)argv; (void)envp; errno = ENOSYS; return -1; }

/* Process groups and sessions are the host process's (the process module's syscalls). */
pid_t getpgid(pid_t pid) { return (pid_t)SYSCALL(SYS_getpgid, pid, 0, 0, 0); }
pid_t getpgrp(void) { return (pid_t)SYSCALL(SYS_getpgrp, 0, 0, 0, 0); }
pid_t getsid(pid_t pid) { return (pid_t)SYSCALL(SYS_getsid, pid, 0, 0, 0); }
int setpgid(pid_t pid, pid_t group) { return (int)SYSCALL(SYS_setpgid, pid, group, 0, 0); }
pid_t setsid(void) { return (pid_t)SYSCALL(SYS_setsid, 0, 0, 0, 0); }
int setpgrp(void) { return setpgid(0, 0); }

/* fork never succeeds, so the handlers can never run: registering them is all there is to do. */
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    (void)prepare; (void)parent; (void)child;
    return 0;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE: return 4096;
    case _SC_CLK_TCK: return CLOCKS_PER_SEC;   /* times() counts in clock() units */
    case _SC_OPEN_MAX: {
        /* As on Linux: the descriptor limit in force (RLIMIT_NOFILE), -1 if there is none. */
        struct rlimit limit;
        if (getrlimit(RLIMIT_NOFILE, &limit) < 0) return -1;
        return limit.rlim_cur == RLIM_INFINITY ? -1 : (long)limit.rlim_cur;
    }
    case _SC_ARG_MAX: return 2097152;
    case _SC_NPROCESSORS_CONF: return get_nprocs_conf();
    case _SC_NPROCESSORS_ONLN: return get_nprocs();
    case _SC_PHYS_PAGES: return get_phys_pages();
    case _SC_AVPHYS_PAGES: return get_avphys_pages();
    case _SC_THREAD_KEYS_MAX: return PTHREAD_KEYS_MAX;   /* the keys the control block holds (thread/pthread.c) */
    case _SC_THREAD_STACK_MIN: return 16384;
    case _SC_GETPW_R_SIZE_MAX:
    case _SC_GETGR_R_SIZE_MAX: return 4096;
    case _SC_LINE_MAX: return LINE_MAX;
    case _SC_HOST_NAME_MAX: return HOST_NAME_MAX;
    /* The rest as glibc answers on Linux x86-64, for what this library has. */
    case _SC_VERSION: case _SC_2_VERSION: case _SC_THREADS: case _SC_THREAD_SAFE_FUNCTIONS:
    case _SC_MONOTONIC_CLOCK: case _SC_BARRIERS: case _SC_SPIN_LOCKS: case _SC_READER_WRITER_LOCKS:
    case _SC_CLOCK_SELECTION: case _SC_TIMEOUTS: case _SC_SEMAPHORES: case _SC_MAPPED_FILES:
    case _SC_FSYNC: case _SC_CPUTIME: case _SC_THREAD_CPUTIME: case _SC_THREAD_ATTR_STACKSIZE:
    case _SC_MEMORY_PROTECTION: case _SC_SYNCHRONIZED_IO: case _SC_ADVISORY_INFO: case _SC_IPV6:
    case _SC_RAW_SOCKETS: case _SC_SPAWN:
        return 200809L;
    case _SC_XOPEN_VERSION: return 700;
    case _SC_SAVED_IDS: case _SC_JOB_CONTROL: case _SC_REGEXP: case _SC_SHELL: return 1;
    case _SC_IOV_MAX: return IOV_MAX;
    case _SC_NGROUPS_MAX: return NGROUPS_MAX;
    case _SC_STREAM_MAX: return FOPEN_MAX;
    case _SC_LOGIN_NAME_MAX: return LOGIN_NAME_MAX;
    case _SC_TTY_NAME_MAX: return TTY_NAME_MAX;
    case _SC_RE_DUP_MAX: return RE_DUP_MAX;
    case _SC_SYMLOOP_MAX: return -1;          /* no fixed limit (errno unchanged) */
    case _SC_CHILD_MAX: {
        struct rlimit limit;
        if (getrlimit(RLIMIT_NPROC, &limit) < 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
        return (long)limit.rlim_cur;
    }
    case _SC_THREAD_DESTRUCTOR_ITERATIONS: return PTHREAD_DESTRUCTOR_ITERATIONS;
    case _SC_SEM_VALUE_MAX: return INT_MAX;
    case _SC_SEM_NSEMS_MAX: return -1;
    case _SC_ATEXIT_MAX: return INT_MAX;
    case _SC_EXPR_NEST_MAX: return EXPR_NEST_MAX;
    case _SC_BC_BASE_MAX: return BC_BASE_MAX;
    case _SC_BC_DIM_MAX: return BC_DIM_MAX;
    case _SC_BC_SCALE_MAX: return BC_SCALE_MAX;
    case _SC_BC_STRING_MAX: return BC_STRING_MAX;
    case _SC_COLL_WEIGHTS_MAX: return COLL_WEIGHTS_MAX;
    case _SC_TZNAME_MAX: return -1;
    case _SC_RTSIG_MAX: return 31;            /* SIGRTMIN (34) to SIGRTMAX (64) */
    case _SC_LEVEL1_DCACHE_LINESIZE: return 64;
    default: errno = EINVAL; return -1;
    }
}

int issetugid(void) { return 0; }

/* The BSD name for the descriptor limit. */
int getdtablesize(void)
{
    long limit = sysconf(_SC_OPEN_MAX);
    return limit < 0 || limit > INT_MAX ? INT_MAX : (int)limit;
}
