/* sysconf.c - sysconf and getdtablesize, answered as glibc answers them on Linux x86-64: the
 * processors and memory from system/sysinfo.c, the descriptor and process limits from the resource
 * limits (system/resource.c), the rest the values this library has. */
#include "libc_internal.h"
#include <limits.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

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

/* The BSD name for the descriptor limit. */
int getdtablesize(void)
{
    long limit = sysconf(_SC_OPEN_MAX);
    return limit < 0 || limit > INT_MAX ? INT_MAX : (int)limit;
}
