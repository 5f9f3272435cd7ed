/* resource.c - resource usage, limits and scheduling priority over the process module's syscalls.
 * struct rusage, struct rlimit and the RLIMIT_* numbers are Linux's (include/sys/resource.h), so
 * they pass unchanged. */
#include "libc_internal.h"
#include <sys/resource.h>
#include <unistd.h>

int getrusage(int who, struct rusage *usage) { return (int)SYSCALL(SYS_getrusage, who, usage, 0, 0); }
int getrlimit(int resource, struct rlimit *limit) { return (int)SYSCALL(SYS_getrlimit, resource, limit, 0, 0); }
int setrlimit(int resource, const struct rlimit *limit) { return (int)SYSCALL(SYS_setrlimit, resource, limit, 0, 0); }

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
    return (int)SYSCALL(SYS_prlimit64, pid, resource, new_limit, old_limit);
}

/* The syscall returns 20 - nice, so that a nice value of -1 is not mistaken for an error. */
int getpriority(int which, id_t who)
{
    long r = SYSCALL(SYS_getpriority, which, who, 0, 0);
    return r < 0 ? -1 : 20 - (int)r;
}

int setpriority(int which, id_t who, int value) { return (int)SYSCALL(SYS_setpriority, which, who, value, 0); }

/* nice: the calling thread's nice value moved by increment (clamped to -20..19); the new value, or
 * -1 with errno (EPERM where raising the priority is not allowed). A result of -1 can be the value
 * itself: callers tell them apart by errno, which is left alone on success. */
int nice(int increment)
{
    int saved = errno;
    errno = 0;
    int current = getpriority(PRIO_PROCESS, 0);
    if (current == -1 && errno != 0) return -1;
    if (setpriority(PRIO_PROCESS, 0, current + increment) < 0) {
        if (errno == EACCES) errno = EPERM;
        return -1;
    }
    errno = 0;
    current = getpriority(PRIO_PROCESS, 0);
    if (current == -1 && errno != 0) return -1;
    errno = saved;
    return current;
}
