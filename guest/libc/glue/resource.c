/* resource.c - resource usage and limits over the process module's syscalls. struct rusage, struct
 * rlimit and the RLIMIT_* numbers are Linux's (include/sys/resource.h), so they pass unchanged. */
#include "libc_internal.h"
#include <sys/resource.h>

int getrusage(int who, struct rusage *usage) { return (int)SYSCALL(SYS_getrusage, who, usage, 0, 0); }
int getrlimit(int resource, struct rlimit *limit) { return (int)SYSCALL(SYS_getrlimit, resource, limit, 0, 0); }
int setrlimit(int resource, const struct rlimit *limit) { return (int)SYSCALL(SYS_setrlimit, resource, limit, 0, 0); }

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
    return (int)SYSCALL(SYS_prlimit64, pid, resource, new_limit, old_limit);
}
