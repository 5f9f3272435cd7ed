/* sys/resource.h - Microcosm: resource usage and limits as Linux has them (struct rusage with all its
 * fields, RLIMIT_* numbers, RLIM_INFINITY), so that values pass to and from the syscalls unchanged. */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/time.h>

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#if __GNU_VISIBLE
#define RUSAGE_THREAD   1    /* the calling thread (Linux) */
#endif

struct rusage {
    struct timeval ru_utime;  /* user CPU time */
    struct timeval ru_stime;  /* system CPU time */
    long ru_maxrss;           /* largest resident set, KiB */
    long ru_ixrss;
    long ru_idrss;
    long ru_isrss;
    long ru_minflt;           /* page faults without I/O */
    long ru_majflt;           /* page faults with I/O */
    long ru_nswap;
    long ru_inblock;          /* block input operations */
    long ru_oublock;          /* block output operations */
    long ru_msgsnd;
    long ru_msgrcv;
    long ru_nsignals;
    long ru_nvcsw;            /* voluntary context switches */
    long ru_nivcsw;           /* involuntary context switches */
};

typedef unsigned long rlim_t;
#define RLIM_INFINITY  (~0UL)
#define RLIM_SAVED_MAX RLIM_INFINITY
#define RLIM_SAVED_CUR RLIM_INFINITY

struct rlimit {
    rlim_t rlim_cur;
    rlim_t rlim_max;
};

#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6
#define RLIMIT_NOFILE     7
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIMIT_NLIMITS    16
#define RLIM_NLIMITS      RLIMIT_NLIMITS
#define RLIMIT_OFILE      RLIMIT_NOFILE

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

__BEGIN_DECLS
int getrusage(int __who, struct rusage *__usage);
int getrlimit(int __resource, struct rlimit *__rlim);
int setrlimit(int __resource, const struct rlimit *__rlim);
#if __GNU_VISIBLE
int prlimit(pid_t __pid, int __resource, const struct rlimit *__new, struct rlimit *__old);
#endif
int getpriority(int __which, id_t __who);
int setpriority(int __which, id_t __who, int __value);
__END_DECLS

#endif
