/* libmc-process.so: process information and control - ids, uname, random bytes, yielding, resource
 * usage and limits, scheduling priority, system information, CPU affinity, process groups and
 * sessions, and the end of a thread or of the program; plus Microcosm's own mc_abi_version (4000).
 *
 * The process is the host process: getpid, getppid and the user and group ids are the host's, and
 * changing the ids (setuid, setresgid, setgroups, ...) changes the host process's.
 * gettid is the Microcosm thread id (1 for the main thread), the id the thread API uses.
 *
 * Resource usage and limits, process groups, sessions and CPU affinity are the host process's too.
 * The calls that name a process accept only the program's own (0, getpid(), or for affinity one of
 * its thread ids): a guest has no access to other processes, so another pid is -ESRCH.
 */
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#if __has_include(<sys/sysinfo.h>)
#include <sys/sysinfo.h>
#endif
#include "posix.h"

MC_HANDLER(sys_getpid) { return (intptr_t)getpid(); }
MC_HANDLER(sys_getppid) { return (intptr_t)getppid(); }
MC_HANDLER(sys_getuid) { return (intptr_t)getuid(); }
MC_HANDLER(sys_geteuid) { return (intptr_t)geteuid(); }
MC_HANDLER(sys_getgid) { return (intptr_t)getgid(); }

/* getgroups(size, list): the host process's supplementary groups; size 0 asks for their number,
 * a smaller list than that is -EINVAL. */
MC_HANDLER(sys_getgroups)
{
    int size = (int)a;
    if (size < 0) return -LINUX_EINVAL;
    gid_t small[64];
    uint32_t small_out[64];
    gid_t *host = size <= 64 ? small : malloc((size_t)size * sizeof *host);
    uint32_t *out = size <= 64 ? small_out : malloc((size_t)size * sizeof *out);
    intptr_t result = -LINUX_ENOMEM;
    if (host != NULL && out != NULL) {
        int n = getgroups(size, host);
        result = n < 0 ? -lx_errno(errno) : n;
        if (n > 0 && size > 0) {
            for (int i = 0; i < n; i++) out[i] = (uint32_t)host[i];
            if (lx_copy_out((void *)b, out, (size_t)n * sizeof *out) != 0) result = -LINUX_EFAULT;
        }
    }
    if (host != small) free(host);
    if (out != small_out) free(out);
    return result;
}
MC_HANDLER(sys_getegid) { return (intptr_t)getegid(); }

/* Changing credentials changes the host process's (for all its threads, as glibc does for a native
 * program): a guest cannot have other ids than the process it runs in. An id of -1 leaves that id
 * unchanged, on every host. Without the host's permission: -EPERM. */
#define LX_UID(x) ((uid_t)(uint32_t)(x))
#define LX_GID(x) ((gid_t)(uint32_t)(x))
/* setresuid & co.: glibc's and the BSDs'; elsewhere only what setreuid can do (saved id unchanged). */
#if defined(__GLIBC__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#define LX_HAVE_SETRESUID 1
#endif

/* umask: the host process's mask, which the host applies to every file the guest creates. */
MC_HANDLER(sys_umask) { return (intptr_t)umask((mode_t)(a & 0777)); }

MC_HANDLER(sys_setuid) { return lx_result(setuid(LX_UID(a))); }
MC_HANDLER(sys_setgid) { return lx_result(setgid(LX_GID(a))); }
MC_HANDLER(sys_setreuid) { return lx_result(setreuid(LX_UID(a), LX_UID(b))); }
MC_HANDLER(sys_setregid) { return lx_result(setregid(LX_GID(a), LX_GID(b))); }

MC_HANDLER(sys_setresuid)
{
#ifdef LX_HAVE_SETRESUID
    return lx_result(setresuid(LX_UID(a), LX_UID(b), LX_UID(c)));
#else
    if ((uint32_t)c != UINT32_MAX) return -LINUX_ENOSYS;
    return lx_result(setreuid(LX_UID(a), LX_UID(b)));
#endif
}

MC_HANDLER(sys_setresgid)
{
#ifdef LX_HAVE_SETRESUID
    return lx_result(setresgid(LX_GID(a), LX_GID(b), LX_GID(c)));
#else
    if ((uint32_t)c != UINT32_MAX) return -LINUX_ENOSYS;
    return lx_result(setregid(LX_GID(a), LX_GID(b)));
#endif
}

/* The three ids of getresuid / getresgid into the guest's three words: 0, or -EFAULT. */
static intptr_t ids_to_guest(intptr_t a, intptr_t b, intptr_t c, uint32_t real, uint32_t effective, uint32_t saved)
{
    if (LX_COPY_OUT((void *)a, real) != 0 || LX_COPY_OUT((void *)b, effective) != 0 || LX_COPY_OUT((void *)c, saved) != 0)
        return -LINUX_EFAULT;
    return 0;
}

/* getresuid(ruid, euid, suid): on a host without it the saved id reads as the effective one. */
MC_HANDLER(sys_getresuid)
{
    uid_t real = getuid(), effective = geteuid(), saved = effective;
#ifdef LX_HAVE_SETRESUID
    if (getresuid(&real, &effective, &saved) == -1) return -lx_errno(errno);
#endif
    return ids_to_guest(a, b, c, real, effective, saved);
}

MC_HANDLER(sys_getresgid)
{
    gid_t real = getgid(), effective = getegid(), saved = effective;
#ifdef LX_HAVE_SETRESUID
    if (getresgid(&real, &effective, &saved) == -1) return -lx_errno(errno);
#endif
    return ids_to_guest(a, b, c, real, effective, saved);
}

/* setgroups(size, list): the host process's supplementary groups (Linux's limit, 65536). */
MC_HANDLER(sys_setgroups)
{
    intptr_t size = a;
    if (size < 0 || size > 65536) return -LINUX_EINVAL;
    gid_t *host = malloc((size_t)(size > 0 ? size : 1) * sizeof *host);
    uint32_t *given = malloc((size_t)(size > 0 ? size : 1) * sizeof *given);
    intptr_t r = -LINUX_ENOMEM;
    if (host != NULL && given != NULL && (r = lx_copy_in(given, (const void *)b, (size_t)size * sizeof *given)) == 0) {
        for (intptr_t i = 0; i < size; i++) host[i] = (gid_t)given[i];
        r = lx_result(setgroups((int)size, host));
    }
    free(host);
    free(given);
    return r;
}
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
    struct utsname host;
    if (uname(&host) == -1) return -lx_errno(errno);
    struct linux_utsname out;
    memset(&out, 0, sizeof out);
    copy_field(out.sysname, "Microcosm");
    copy_field(out.nodename, host.nodename);
    copy_field(out.release, host.release);
    copy_field(out.version, host.version);
    copy_field(out.machine, host.machine);
#ifdef _UTSNAME_DOMAIN_LENGTH
    copy_field(out.domainname, host.domainname);
#else
    copy_field(out.domainname, "(none)");   /* what Linux reports when none is set */
#endif
    return LX_COPY_OUT((void *)a, out);
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
    for (size_t done = 0; done < length;) {
        unsigned char bytes[256];
        size_t chunk = length - done < sizeof bytes ? length - done : sizeof bytes;
        if (getentropy(bytes, chunk) == -1) return done > 0 ? (intptr_t)done : -lx_errno(errno);
        if (lx_copy_out(buf + done, bytes, chunk) != 0) return done > 0 ? (intptr_t)done : -LINUX_EFAULT;
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

/* ---- resource usage and limits ------------------------------------------------------------------ */

static void timeval_from_host(struct linux_timeval *out, const struct timeval *in)
{
    out->tv_sec = (int64_t)in->tv_sec;
    out->tv_usec = (int64_t)in->tv_usec;
}

/* getrusage: the host process's usage (core and modules included, as CLOCK_PROCESS_CPUTIME_ID), the
 * calling thread's (a Microcosm thread is a host thread), or the host process's ended children
 * (a guest cannot create any). */
MC_HANDLER(sys_getrusage)
{
    struct linux_rusage result, *out = &result;
    int who;
    switch (a) {
    case LINUX_RUSAGE_SELF: who = RUSAGE_SELF; break;
    case LINUX_RUSAGE_CHILDREN: who = RUSAGE_CHILDREN; break;
#ifdef RUSAGE_THREAD
    case LINUX_RUSAGE_THREAD: who = RUSAGE_THREAD; break;
#endif
    default: return -LINUX_EINVAL;
    }
    struct rusage host;
    if (getrusage(who, &host) == -1) return -lx_errno(errno);
    memset(out, 0, sizeof *out);
    timeval_from_host(&out->ru_utime, &host.ru_utime);
    timeval_from_host(&out->ru_stime, &host.ru_stime);
#ifdef __APPLE__
    out->ru_maxrss = host.ru_maxrss / 1024;   /* bytes there, KiB on Linux */
#else
    out->ru_maxrss = host.ru_maxrss;
#endif
    out->ru_ixrss = host.ru_ixrss;
    out->ru_idrss = host.ru_idrss;
    out->ru_isrss = host.ru_isrss;
    out->ru_minflt = host.ru_minflt;
    out->ru_majflt = host.ru_majflt;
    out->ru_nswap = host.ru_nswap;
    out->ru_inblock = host.ru_inblock;
    out->ru_oublock = host.ru_oublock;
    out->ru_msgsnd = host.ru_msgsnd;
    out->ru_msgrcv = host.ru_msgrcv;
    out->ru_nsignals = host.ru_nsignals;
    out->ru_nvcsw = host.ru_nvcsw;
    out->ru_nivcsw = host.ru_nivcsw;
    return LX_COPY_OUT((void *)b, result);
}

/* The host's resource number for a Linux one, or -1 when the host has no such limit. */
static int resource_to_host(intptr_t resource)
{
    switch (resource) {
    case LINUX_RLIMIT_CPU: return RLIMIT_CPU;
    case LINUX_RLIMIT_FSIZE: return RLIMIT_FSIZE;
    case LINUX_RLIMIT_DATA: return RLIMIT_DATA;
    case LINUX_RLIMIT_STACK: return RLIMIT_STACK;
    case LINUX_RLIMIT_CORE: return RLIMIT_CORE;
    case LINUX_RLIMIT_NOFILE: return RLIMIT_NOFILE;
    case LINUX_RLIMIT_AS: return RLIMIT_AS;
#ifdef RLIMIT_RSS
    case LINUX_RLIMIT_RSS: return RLIMIT_RSS;
#endif
#ifdef RLIMIT_NPROC
    case LINUX_RLIMIT_NPROC: return RLIMIT_NPROC;
#endif
#ifdef RLIMIT_MEMLOCK
    case LINUX_RLIMIT_MEMLOCK: return RLIMIT_MEMLOCK;
#endif
#ifdef RLIMIT_LOCKS
    case LINUX_RLIMIT_LOCKS: return RLIMIT_LOCKS;
#endif
#ifdef RLIMIT_SIGPENDING
    case LINUX_RLIMIT_SIGPENDING: return RLIMIT_SIGPENDING;
#endif
#ifdef RLIMIT_MSGQUEUE
    case LINUX_RLIMIT_MSGQUEUE: return RLIMIT_MSGQUEUE;
#endif
#ifdef RLIMIT_NICE
    case LINUX_RLIMIT_NICE: return RLIMIT_NICE;
#endif
#ifdef RLIMIT_RTPRIO
    case LINUX_RLIMIT_RTPRIO: return RLIMIT_RTPRIO;
#endif
#ifdef RLIMIT_RTTIME
    case LINUX_RLIMIT_RTTIME: return RLIMIT_RTTIME;
#endif
    default: return -1;
    }
}

static uint64_t limit_from_host(rlim_t value)
{
    return value == RLIM_INFINITY ? LINUX_RLIM_INFINITY : (uint64_t)value;
}

static rlim_t limit_to_host(uint64_t value)
{
    /* A finite value the host cannot hold (a 32-bit rlim_t) is as good as no limit. */
    return value == LINUX_RLIM_INFINITY || value > (uint64_t)(rlim_t)-1 ? RLIM_INFINITY : (rlim_t)value;
}

static int is_this_process(intptr_t pid)
{
    return pid == 0 || pid == (intptr_t)getpid();
}

/* prlimit64 (and getrlimit/setrlimit): the old limits are read before the new ones are set. A
 * resource Linux has and the host does not is -EINVAL, as an unknown one is on Linux. */
static intptr_t resource_limit(intptr_t pid, intptr_t resource, const struct linux_rlimit *guest_new,
                               struct linux_rlimit *guest_old)
{
    if (resource < 0 || resource >= LINUX_RLIM_NLIMITS) return -LINUX_EINVAL;
    struct linux_rlimit new_limit, old_limit;
    if (guest_new != NULL && LX_COPY_IN(new_limit, guest_new) != 0) return -LINUX_EFAULT;
    if (!is_this_process(pid)) return -LINUX_ESRCH;
    int host_resource = resource_to_host(resource);
    if (host_resource < 0) return -LINUX_EINVAL;
    struct rlimit host;
    if (guest_old != NULL) {
        if (getrlimit(host_resource, &host) == -1) return -lx_errno(errno);
        old_limit.rlim_cur = limit_from_host(host.rlim_cur);
        old_limit.rlim_max = limit_from_host(host.rlim_max);
    }
    if (guest_new != NULL) {
        if (new_limit.rlim_cur > new_limit.rlim_max) return -LINUX_EINVAL;
        host.rlim_cur = limit_to_host(new_limit.rlim_cur);
        host.rlim_max = limit_to_host(new_limit.rlim_max);
        if (setrlimit(host_resource, &host) == -1) return -lx_errno(errno);
    }
    if (guest_old != NULL && LX_COPY_OUT(guest_old, old_limit) != 0) return -LINUX_EFAULT;
    return 0;
}

/* getrlimit / setrlimit: a NULL pointer is -EFAULT (for prlimit64 it means "not this one"). */
MC_HANDLER(sys_getrlimit)
{
    if (b == 0) return -LINUX_EFAULT;
    return resource_limit(0, a, NULL, (struct linux_rlimit *)b);
}

MC_HANDLER(sys_setrlimit)
{
    if (b == 0) return -LINUX_EFAULT;
    return resource_limit(0, a, (const struct linux_rlimit *)b, NULL);
}

MC_HANDLER(sys_prlimit64)
{
    return resource_limit(a, b, (const struct linux_rlimit *)c, (struct linux_rlimit *)d);
}

/* ---- scheduling priority --------------------------------------------------------------------------- */

/* The host's "who" for a Linux which/who pair: only the program's own process, group or user (0
 * names them too); -1 for anything else, which has no process a guest can reach. */
static int priority_target(intptr_t which, intptr_t who, int *host_which)
{
    switch (which) {
    case LINUX_PRIO_PROCESS:
        *host_which = PRIO_PROCESS;
        return who == 0 || who == (intptr_t)getpid() ? 0 : -1;
    case LINUX_PRIO_PGRP:
        *host_which = PRIO_PGRP;
        return who == 0 || who == (intptr_t)getpgid(0) ? 0 : -1;
    case LINUX_PRIO_USER:
        *host_which = PRIO_USER;
        return who == 0 || who == (intptr_t)getuid() ? 0 : -1;
    default:
        return -2;
    }
}

/* getpriority returns 20 - nice (1 to 40), as the Linux syscall does so that no result looks like an
 * error; the C library turns it back into the nice value. As on Linux, PRIO_PROCESS is the calling
 * thread (a host thread). */
MC_HANDLER(sys_getpriority)
{
    int host_which;
    int target = priority_target(a, b, &host_which);
    if (target == -2) return -LINUX_EINVAL;
    if (target == -1) return -LINUX_ESRCH;
    errno = 0;
    int nice_value = getpriority(host_which, 0);
    if (nice_value == -1 && errno != 0) return -lx_errno(errno);
    return 20 - nice_value;
}

MC_HANDLER(sys_setpriority)
{
    int host_which;
    int target = priority_target(a, b, &host_which);
    if (target == -2) return -LINUX_EINVAL;
    if (target == -1) return -LINUX_ESRCH;
    int nice_value = c < -20 ? -20 : c > 19 ? 19 : (int)c;   /* Linux clamps the value */
    return lx_result(setpriority(host_which, 0, nice_value));
}

/* ---- system information and processors ---------------------------------------------------------- */

/* sysinfo: the host's figures (on a host without sysinfo, what POSIX can tell: memory from sysconf,
 * the uptime from the monotonic clock, the load from getloadavg). */
MC_HANDLER(sys_sysinfo)
{
    struct linux_sysinfo result, *out = &result;
    memset(out, 0, sizeof *out);
#if __has_include(<sys/sysinfo.h>)
    struct sysinfo host;
    if (sysinfo(&host) == -1) return -lx_errno(errno);
    out->uptime = host.uptime;
    for (int i = 0; i < 3; i++) out->loads[i] = host.loads[i];
    out->totalram = host.totalram;
    out->freeram = host.freeram;
    out->sharedram = host.sharedram;
    out->bufferram = host.bufferram;
    out->totalswap = host.totalswap;
    out->freeswap = host.freeswap;
    out->procs = host.procs;
    out->totalhigh = host.totalhigh;
    out->freehigh = host.freehigh;
    out->mem_unit = host.mem_unit;
#else
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    out->uptime = now.tv_sec;
    double loads[3];
    if (getloadavg(loads, 3) == 3)
        for (int i = 0; i < 3; i++) out->loads[i] = (uint64_t)(loads[i] * (1 << LINUX_SI_LOAD_SHIFT));
    long page = sysconf(_SC_PAGESIZE);
    out->totalram = (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)page;
#ifdef _SC_AVPHYS_PAGES
    out->freeram = (uint64_t)sysconf(_SC_AVPHYS_PAGES) * (uint64_t)page;
#endif
    out->procs = 1;
    out->mem_unit = 1;
#endif
    return LX_COPY_OUT((void *)a, result);
}

/* sched_getaffinity(pid, size, mask): the CPUs the host process may run on. As the syscall does, it
 * returns the bytes written; the mask is written up to size (CPUs beyond the host's read as 0).
 * size must be a multiple of 8 and hold every configured CPU (-EINVAL otherwise, as on Linux). */
MC_HANDLER(sys_sched_getaffinity)
{
    size_t size = (size_t)b;
    unsigned char *guest = (unsigned char *)c;
    if (a != 0 && a != (intptr_t)getpid() && a != mc_thread_id()) return -LINUX_ESRCH;
    long configured = sysconf(_SC_NPROCESSORS_CONF);
    if (configured < 1) configured = 1;
    if (size % sizeof(uint64_t) != 0 || size * 8 < (size_t)configured) return -LINUX_EINVAL;
    if (size > 8192) size = 8192;   /* 65536 CPUs: the most the mask is written for */
    unsigned char out[8192];
    memset(out, 0, size);
#if defined(CPU_ALLOC) && defined(CPU_ISSET_S)
    size_t cpus = size * 8;
    cpu_set_t *host = CPU_ALLOC(cpus);
    if (host == NULL) return -LINUX_ENOMEM;
    size_t host_size = CPU_ALLOC_SIZE(cpus);
    if (sched_getaffinity(0, host_size, host) == -1) {
        int error = errno;
        CPU_FREE(host);
        return -lx_errno(error);
    }
    for (size_t cpu = 0; cpu < cpus; cpu++)
        if (CPU_ISSET_S(cpu, host_size, host)) out[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
    CPU_FREE(host);
#else
    /* No affinity on this host: every online processor. */
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    for (long cpu = 0; cpu < online && (size_t)cpu < size * 8; cpu++) out[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
#endif
    return lx_copy_out(guest, out, size) != 0 ? -LINUX_EFAULT : (intptr_t)size;
}

/* getcpu(cpu, node, unused): the processor the calling thread runs on now, and its NUMA node. */
MC_HANDLER(sys_getcpu)
{
    unsigned int cpu = 0, node = 0;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 29)
    if (getcpu(&cpu, &node) == -1) return -lx_errno(errno);
#else
    int current = sched_getcpu();
    if (current == -1) return -lx_errno(errno);
    cpu = (unsigned int)current;
#endif
    uint32_t cpu32 = cpu, node32 = node;
    if (a != 0 && LX_COPY_OUT((void *)a, cpu32) != 0) return -LINUX_EFAULT;
    if (b != 0 && LX_COPY_OUT((void *)b, node32) != 0) return -LINUX_EFAULT;
    return 0;
}

/* ---- process groups and sessions ----------------------------------------------------------------- */

/* The program's process is the host process and its children are host processes, so the host's answers are Linux's:
 * any process's group and session, and setpgid of the program or of a child it started (a shell's setpgid(child,
 * child) beside the child's own). */
MC_HANDLER(sys_getpgid) { return a < 0 || a > INT32_MAX ? -LINUX_ESRCH : lx_result(getpgid((pid_t)a)); }

MC_HANDLER(sys_getpgrp) { return lx_result(getpgid(0)); }

MC_HANDLER(sys_getsid) { return a < 0 || a > INT32_MAX ? -LINUX_ESRCH : lx_result(getsid((pid_t)a)); }

/* setpgid(pid, pgid): moves the host process, or a child of it, into another group or makes it a group leader. */
MC_HANDLER(sys_setpgid)
{
    if (a < 0 || b < 0) return -LINUX_EINVAL;
    if (a > INT32_MAX || b > INT32_MAX) return -LINUX_ESRCH;
    return lx_result(setpgid((pid_t)a, (pid_t)b));
}

/* setsid: a new session for the host process (-EPERM if it already leads a process group, as a
 * program started from a shell with job control does). */
MC_HANDLER(sys_setsid) { return lx_result(setsid()); }

MC_HANDLER(sys_abi_version) { return MC_ABI_VERSION; }

/* The process family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry process_syscalls[] = { MC_FAMILY_process(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void process_module_init(void)
{
    MC_REGISTER_TABLE(process_syscalls);
}
