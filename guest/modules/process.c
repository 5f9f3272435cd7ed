/* libmc-process.so: process information and control - ids, uname, random bytes, yielding, and the
 * end of a thread or of the program; plus Microcosm's own mc_abi_version (4000).
 *
 * The process is the host process: getpid, getppid and the user and group ids are the host's.
 * gettid is the Microcosm thread id (1 for the main thread), the id the thread API uses.
 */
#include <sched.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "module.h"

MC_HANDLER(sys_getpid) { return (intptr_t)getpid(); }
MC_HANDLER(sys_getppid) { return (intptr_t)getppid(); }
MC_HANDLER(sys_getuid) { return (intptr_t)getuid(); }
MC_HANDLER(sys_geteuid) { return (intptr_t)geteuid(); }
MC_HANDLER(sys_getgid) { return (intptr_t)getgid(); }
MC_HANDLER(sys_getegid) { return (intptr_t)getegid(); }
MC_HANDLER(sys_gettid) { return mc_thread_id(); }

MC_HANDLER(sys_sched_yield)
{
    sched_yield();
    return 0;
}

/* Copies a host field (whose size the host chooses), cut to fit and NUL-terminated. */
static void copy_field(char *out, const char *in)
{
    size_t n = strnlen(in, LINUX_UTS_LEN - 1);
    memcpy(out, in, n);
    out[n] = '\0';
}

/* The system is Microcosm (the ABI the program runs on); the machine, node and host kernel
 * release and version describe the host it runs on. */
MC_HANDLER(sys_uname)
{
    struct linux_utsname *out = (struct linux_utsname *)a;
    if (out == NULL) return -LINUX_EFAULT;
    struct utsname host;
    if (uname(&host) == -1) return -lx_errno(errno);
    memset(out, 0, sizeof *out);
    copy_field(out->sysname, "Microcosm");
    copy_field(out->nodename, host.nodename);
    copy_field(out->release, host.release);
    copy_field(out->version, host.version);
    copy_field(out->machine, host.machine);
#ifdef _UTSNAME_DOMAIN_LENGTH
    copy_field(out->domainname, host.domainname);
#else
    copy_field(out->domainname, "(none)");   /* what Linux reports when none is set */
#endif
    return 0;
}

/* getrandom: the host's entropy source through getentropy (POSIX 2024; at most 256 bytes a call).
 * It never blocks once the host has booted, so GRND_NONBLOCK and GRND_RANDOM change nothing. */
MC_HANDLER(sys_getrandom)
{
    unsigned char *buf = (unsigned char *)a;
    size_t length = (size_t)b;
    intptr_t flags = c;
    if (flags & ~(intptr_t)(LINUX_GRND_NONBLOCK | LINUX_GRND_RANDOM | LINUX_GRND_INSECURE)) return -LINUX_EINVAL;
    if ((flags & LINUX_GRND_RANDOM) && (flags & LINUX_GRND_INSECURE)) return -LINUX_EINVAL;
    if (length > 33554431) length = 33554431;   /* Linux returns at most this much per call */
    if (length > 0 && buf == NULL) return -LINUX_EFAULT;
    for (size_t done = 0; done < length;) {
        size_t chunk = length - done < 256 ? length - done : 256;
        if (getentropy(buf + done, chunk) == -1) return done > 0 ? (intptr_t)done : -lx_errno(errno);
        done += chunk;
    }
    return (intptr_t)length;
}

/* exit: ends the calling thread only (Linux's exit, not exit_group). Ending the main thread ends the
 * program with that status, because in Microcosm the process is its main thread. As on Linux only
 * the low 8 bits of the status count. On an adopted host thread the core releases it and this
 * returns 0. */
MC_HANDLER(sys_exit)
{
    return mc_syscall(MC_SYS_KILL, 0, a & 0xff, 0, 0);
}

/* exit_group: the program ends with this status from any thread - kill the main thread (whose value
 * becomes the status), then end the caller, as docs/threads.md says a libc's exit() does. */
MC_HANDLER(sys_exit_group)
{
    mc_syscall(MC_SYS_KILL, 1, a & 0xff, 0, 0);
    return mc_syscall(MC_SYS_KILL, 0, a & 0xff, 0, 0);
}

MC_HANDLER(sys_abi_version) { return MC_ABI_VERSION; }

static const struct mc_syscall_entry process_syscalls[] = {
    { LINUX_SYS_sched_yield, sys_sched_yield },
    { LINUX_SYS_getpid, sys_getpid },
    { LINUX_SYS_exit, sys_exit },
    { LINUX_SYS_uname, sys_uname },
    { LINUX_SYS_getuid, sys_getuid },
    { LINUX_SYS_getgid, sys_getgid },
    { LINUX_SYS_geteuid, sys_geteuid },
    { LINUX_SYS_getegid, sys_getegid },
    { LINUX_SYS_getppid, sys_getppid },
    { LINUX_SYS_gettid, sys_gettid },
    { LINUX_SYS_exit_group, sys_exit_group },
    { LINUX_SYS_getrandom, sys_getrandom },
    { MC_SYS_ABI_VERSION, sys_abi_version },
};

__attribute__((constructor)) static void process_module_init(void)
{
    MC_REGISTER_TABLE(process_syscalls);
}
