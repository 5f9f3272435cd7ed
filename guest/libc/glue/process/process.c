/* process.c - the process as the target ABI has it: its end, exec, its identity (ids, groups, process group,
 * session, host name) from the process module. fork is thread/fork.c; what the system around it offers, sysconf
 * and friends, is system/. */
#include "libc_internal.h"
#include <grp.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

void _exit(int status)
{
    /* Not through exit(): the program's destructors do not run, as on Linux (the core would run them at its end). */
    if (!__mc_exit_flushes) mc_syscall(MC_SYS_SKIP_FINALIZERS, 0, 0, 0, 0);
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

/* Process groups and sessions are the host process's (the process module's syscalls). */
pid_t getpgid(pid_t pid) { return (pid_t)SYSCALL(SYS_getpgid, pid, 0, 0, 0); }
pid_t getpgrp(void) { return (pid_t)SYSCALL(SYS_getpgrp, 0, 0, 0, 0); }
pid_t getsid(pid_t pid) { return (pid_t)SYSCALL(SYS_getsid, pid, 0, 0, 0); }
int setpgid(pid_t pid, pid_t group) { return (int)SYSCALL(SYS_setpgid, pid, group, 0, 0); }
pid_t setsid(void) { return (pid_t)SYSCALL(SYS_setsid, 0, 0, 0, 0); }
int setpgrp(void) { return setpgid(0, 0); }

int issetugid(void) { return 0; }
