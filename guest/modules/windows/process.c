/* libmc-process.so for Windows: the process - ids, names, exit, random bytes, resource usage and
 * limits, system information and processors - on Win32; host processes are spawn.c's.
 *
 * What Windows has no equivalent of answers as docs/hosts.md says: the program runs as one user, uid
 * and gid 1000 (windows.h), which can change to nothing else (-EPERM); process groups and sessions are
 * groups.c's; resource limits are reported (no limit, but the descriptors' and the stack's) and
 * cannot be changed (-EPERM), but for RLIMIT_CORE, which there is nothing to apply to. */
#include "windows.h"

MC_HANDLER(sys_getpid) { return (intptr_t)GetCurrentProcessId(); }
MC_HANDLER(sys_gettid) { return mc_thread_id(); }

MC_HANDLER(sys_getppid)
{
    struct win_process_basic_information info;
    ULONG got;
    if (NtQueryInformationProcess(GetCurrentProcess(), PROCESS_BASIC_INFORMATION_CLASS, &info, sizeof info, &got) != 0) return 0;
    return (intptr_t)info.parent_pid;
}

MC_HANDLER(sys_sched_yield)
{
    SwitchToThread();
    return 0;
}

/* ---- ids: one user --------------------------------------------------------------------------------------- */

MC_HANDLER(sys_getuid) { return WIN_UID; }
MC_HANDLER(sys_geteuid) { return WIN_UID; }
MC_HANDLER(sys_getgid) { return WIN_GID; }
MC_HANDLER(sys_getegid) { return WIN_GID; }

/* Setting an id to the one the program has (or -1, "unchanged") succeeds; anything else cannot be. */
static intptr_t keep(intptr_t id, uint32_t own)
{
    return (uint32_t)id == own || id == -1 || (uint32_t)id == 0xffffffffu ? 0 : -LINUX_EPERM;
}

MC_HANDLER(sys_setuid) { return keep(a, WIN_UID); }
MC_HANDLER(sys_setgid) { return keep(a, WIN_GID); }
MC_HANDLER(sys_setreuid) { return keep(a, WIN_UID) ? -LINUX_EPERM : keep(b, WIN_UID); }
MC_HANDLER(sys_setregid) { return keep(a, WIN_GID) ? -LINUX_EPERM : keep(b, WIN_GID); }
MC_HANDLER(sys_setresuid) { return keep(a, WIN_UID) || keep(b, WIN_UID) ? -LINUX_EPERM : keep(c, WIN_UID); }
MC_HANDLER(sys_setresgid) { return keep(a, WIN_GID) || keep(b, WIN_GID) ? -LINUX_EPERM : keep(c, WIN_GID); }

static intptr_t ids_to_guest(intptr_t a, intptr_t b, intptr_t c, uint32_t id)
{
    if (LX_COPY_OUT((void *)a, id) != 0 || LX_COPY_OUT((void *)b, id) != 0 || LX_COPY_OUT((void *)c, id) != 0)
        return -LINUX_EFAULT;
    return 0;
}

MC_HANDLER(sys_getresuid) { return ids_to_guest(a, b, c, WIN_UID); }
MC_HANDLER(sys_getresgid) { return ids_to_guest(a, b, c, WIN_GID); }

/* No supplementary groups. */
MC_HANDLER(sys_getgroups) { return a < 0 ? -LINUX_EINVAL : 0; }
MC_HANDLER(sys_setgroups) { return a < 0 || a > 65536 ? -LINUX_EINVAL : a == 0 ? 0 : -LINUX_EPERM; }

/* The creation mask: the program's own, kept and reported (Windows applies none; a file created with a
 * mode without write bits is made read-only, docs/hosts.md). */
static volatile uint32_t creation_mask = 022;
MC_HANDLER(sys_umask)
{
    return (intptr_t)__atomic_exchange_n(&creation_mask, (uint32_t)(a & 0777), __ATOMIC_SEQ_CST);
}

/* ---- groups and sessions (groups.c) ------------------------------------------------------------------------ */

static int is_self(intptr_t pid) { return pid == 0 || pid == (intptr_t)GetCurrentProcessId(); }

MC_HANDLER(sys_getpgrp) { return (intptr_t)groups_own(); }
MC_HANDLER(sys_getpgid) { return groups_getpgid(a); }
MC_HANDLER(sys_getsid) { return groups_getsid(a); }
MC_HANDLER(sys_setpgid) { return groups_setpgid(a, b); }
MC_HANDLER(sys_setsid) { return groups_setsid(); }

/* Scheduling priority. Windows has a priority class per process where Linux has a nice value per thread:
 * the nice value is the process's here (docs/hosts.md), kept as given (clamped to -20..19, as Linux does)
 * and applied as the nearest class. Lowering it needs a privilege the one user does not have (EACCES). The
 * process, its group and its user are the only ones it can name: another is ESRCH. */
static volatile int32_t nice_value;

static int names_self(intptr_t which, intptr_t who)
{
    if (who == 0) return 1;
    switch (which) {
    case LINUX_PRIO_PROCESS: return who == (intptr_t)GetCurrentProcessId();
    case LINUX_PRIO_PGRP: return who == (intptr_t)groups_own();
    default: return (uint32_t)who == WIN_UID;
    }
}

MC_HANDLER(sys_getpriority)
{
    if (a < LINUX_PRIO_PROCESS || a > LINUX_PRIO_USER) return -LINUX_EINVAL;
    if (!names_self(a, b)) return -LINUX_ESRCH;
    return 20 - __atomic_load_n(&nice_value, __ATOMIC_RELAXED);   /* the kernel's form: 20 - nice */
}

MC_HANDLER(sys_setpriority)
{
    if (a < LINUX_PRIO_PROCESS || a > LINUX_PRIO_USER) return -LINUX_EINVAL;
    if (!names_self(a, b)) return -LINUX_ESRCH;
    int32_t value = c < -20 ? -20 : c > 19 ? 19 : (int32_t)c;
    if (value < __atomic_load_n(&nice_value, __ATOMIC_RELAXED)) return -LINUX_EACCES;
    DWORD priority_class = value < -10 ? HIGH_PRIORITY_CLASS : value < 0 ? ABOVE_NORMAL_PRIORITY_CLASS
                         : value == 0 ? NORMAL_PRIORITY_CLASS : value < 10 ? BELOW_NORMAL_PRIORITY_CLASS : IDLE_PRIORITY_CLASS;
    if (!SetPriorityClass(GetCurrentProcess(), priority_class)) return lx_last_error();
    __atomic_store_n(&nice_value, value, __ATOMIC_RELAXED);
    return 0;
}

/* ---- the system ------------------------------------------------------------------------------------------------ */

static void copy_field(char *out, const char *in)
{
    size_t n = strnlen(in, LINUX_UTS_LEN - 1);
    memcpy(out, in, n);
    out[n] = '\0';
}

/* uname: the system is Microcosm; the node is the computer's name, the release Windows' version. */
MC_HANDLER(sys_uname)
{
    struct linux_utsname out;
    memset(&out, 0, sizeof out);
    copy_field(out.sysname, "Microcosm");
    WCHAR name[128];
    DWORD size = 128;
    char *node = GetComputerNameExW(COMPUTER_NAME_DNS_HOSTNAME, name, &size) ? utf8_of(name) : NULL;
    copy_field(out.nodename, node ? node : "localhost");
    host_free(node);
    struct win_os_version v = { .size = sizeof v };
    RtlGetVersion(&v);
    char release[64];
    int n = 0;
    uint32_t parts[3] = { v.major, v.minor, v.build };
    for (int i = 0; i < 3; i++) {
        char digits[12];
        int d = 0;
        uint32_t x = parts[i];
        do digits[d++] = (char)('0' + x % 10); while ((x /= 10) != 0);
        while (d) release[n++] = digits[--d];
        if (i < 2) release[n++] = '.';
    }
    release[n] = 0;
    copy_field(out.release, release);
    copy_field(out.version, "Windows");
    copy_field(out.machine, "x86_64");
    copy_field(out.domainname, "(none)");
    return LX_COPY_OUT((void *)a, out);
}

/* getrandom: the system's random bytes; never blocks. */
MC_HANDLER(sys_getrandom)
{
    if (c & ~(intptr_t)(LINUX_GRND_NONBLOCK | LINUX_GRND_RANDOM | LINUX_GRND_INSECURE)) return -LINUX_EINVAL;
    if ((c & LINUX_GRND_RANDOM) && (c & LINUX_GRND_INSECURE)) return -LINUX_EINVAL;   /* Linux refuses both at once */
    size_t length = (size_t)b > 33554431 ? 33554431 : (size_t)b;
    unsigned char bytes[256];
    for (size_t done = 0; done < length;) {
        size_t chunk = length - done < sizeof bytes ? length - done : sizeof bytes;
        if (!SystemFunction036(bytes, (ULONG)chunk)) return done ? (intptr_t)done : -LINUX_EIO;
        if (lx_copy_out((char *)a + done, bytes, chunk) != 0) return done ? (intptr_t)done : -LINUX_EFAULT;
        done += chunk;
    }
    return (intptr_t)length;
}

MC_HANDLER(sys_exit) { return mc_syscall(MC_SYS_KILL, 0, a & 0xff, 0, 0); }

MC_HANDLER(sys_exit_group)
{
    mc_syscall(MC_SYS_KILL, 1, a & 0xff, 0, 0);
    return mc_syscall(MC_SYS_KILL, 0, a & 0xff, 0, 0);
}

/* ---- usage and limits -------------------------------------------------------------------------------------------- */

static struct linux_timeval timeval_of(struct win_filetime t)
{
    uint64_t ticks = ((uint64_t)t.high << 32) | t.low;   /* 100 ns */
    struct linux_timeval tv = { (int64_t)(ticks / 10000000), (int64_t)(ticks % 10000000 / 10) };
    return tv;
}

MC_HANDLER(sys_getrusage)
{
    struct linux_rusage out;
    memset(&out, 0, sizeof out);
    struct win_filetime created, ended, kernel, user;
    BOOL ok;
    switch (a) {
    case LINUX_RUSAGE_SELF: ok = GetProcessTimes(GetCurrentProcess(), &created, &ended, &kernel, &user); break;
    case LINUX_RUSAGE_THREAD: ok = GetThreadTimes(GetCurrentThread(), &created, &ended, &kernel, &user); break;
    case LINUX_RUSAGE_CHILDREN: ok = 0; break;   /* Windows keeps no total of ended children */
    default: return -LINUX_EINVAL;
    }
    if (ok) {
        out.ru_utime = timeval_of(user);
        out.ru_stime = timeval_of(kernel);
    }
    struct win_process_memory_counters memory = { .size = sizeof memory };
    if (a == LINUX_RUSAGE_SELF && K32GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof memory)) {
        out.ru_maxrss = (int64_t)(memory.peak_working_set / 1024);   /* KiB, as Linux counts it */
        out.ru_minflt = memory.page_faults;   /* Windows counts soft and hard faults together */
    }
    return LX_COPY_OUT((void *)b, out);
}

/* The limits a program sees: the descriptor table's bound (which it can lower: the table applies it), the
 * core's default stack, no core files; none else. */
static host_mutex limits_lock;
static struct linux_rlimit files_limit = { LX_FD_MAX, LX_FD_MAX };

static intptr_t limits_of(intptr_t resource, struct linux_rlimit *out)
{
    if (resource < 0 || resource >= LINUX_RLIM_NLIMITS) return -LINUX_EINVAL;
    out->rlim_cur = out->rlim_max = LINUX_RLIM_INFINITY;
    if (resource == LINUX_RLIMIT_NOFILE) *out = files_limit;
    if (resource == LINUX_RLIMIT_STACK) out->rlim_cur = MC_THREAD_DEFAULT_STACK;
    if (resource == LINUX_RLIMIT_CORE) out->rlim_cur = out->rlim_max = 0;
    return 0;
}

static intptr_t resource_limit(intptr_t pid, intptr_t resource, const void *guest_new, void *guest_old)
{
    struct linux_rlimit current, wanted;
    if (guest_new != NULL && LX_COPY_IN(wanted, guest_new) != 0) return -LINUX_EFAULT;
    if (!is_self(pid)) return -LINUX_ESRCH;
    host_lock(&limits_lock);
    intptr_t r = limits_of(resource, &current);
    if (r == 0 && guest_new != NULL) {
        if (wanted.rlim_cur > wanted.rlim_max) r = -LINUX_EINVAL;
        else if (resource == LINUX_RLIMIT_NOFILE) {
            /* Lowering is anyone's; raising the hard limit, or past the table's, needs a privilege. */
            if (wanted.rlim_max > current.rlim_max) r = -LINUX_EPERM;
            else {
                files_limit = wanted;
                lx_fd_set_limit((intptr_t)wanted.rlim_cur);
            }
        }
        /* Nothing else on Windows applies a limit: asking for what there is succeeds, anything else cannot. */
        else if (resource != LINUX_RLIMIT_CORE && (wanted.rlim_cur != current.rlim_cur || wanted.rlim_max != current.rlim_max))
            r = -LINUX_EPERM;
    }
    host_unlock(&limits_lock);
    if (r != 0) return r;
    if (guest_old != NULL && LX_COPY_OUT(guest_old, current) != 0) return -LINUX_EFAULT;
    return 0;
}

MC_HANDLER(sys_getrlimit) { return b == 0 ? -LINUX_EFAULT : resource_limit(0, a, NULL, (void *)b); }
MC_HANDLER(sys_setrlimit) { return b == 0 ? -LINUX_EFAULT : resource_limit(0, a, (const void *)b, NULL); }
MC_HANDLER(sys_prlimit64) { return resource_limit(a, b, (const void *)c, (void *)d); }

MC_HANDLER(sys_sysinfo)
{
    struct linux_sysinfo out;
    memset(&out, 0, sizeof out);
    struct win_memory_status m = { .length = sizeof m };
    if (GlobalMemoryStatusEx(&m)) {
        out.totalram = m.total_phys;
        out.freeram = m.avail_phys;
        out.totalswap = m.total_page_file > m.total_phys ? m.total_page_file - m.total_phys : 0;
        out.freeswap = m.avail_page_file > m.avail_phys ? m.avail_page_file - m.avail_phys : 0;
    }
    out.uptime = (int64_t)(GetTickCount64() / 1000);
    out.procs = 1;
    out.mem_unit = 1;
    return LX_COPY_OUT((void *)a, out);
}

MC_HANDLER(sys_sched_getaffinity)
{
    size_t size = (size_t)b;
    if (a != 0 && !is_self(a) && a != mc_thread_id()) return -LINUX_ESRCH;
    if (size % sizeof(uint64_t) != 0 || size == 0) return -LINUX_EINVAL;
    ULONG_PTR process_mask = 1, system_mask = 1;
    GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask);
    uint64_t mask = process_mask;
    size_t n = size < sizeof mask ? size : sizeof mask;
    unsigned char out[8192];
    if (size > sizeof out) size = sizeof out;
    memset(out, 0, size);
    memcpy(out, &mask, n);
    return lx_copy_out((void *)c, out, size) != 0 ? -LINUX_EFAULT : (intptr_t)size;
}

MC_HANDLER(sys_getcpu)
{
    uint32_t cpu = GetCurrentProcessorNumber(), node = 0;
    if (a != 0 && LX_COPY_OUT((void *)a, cpu) != 0) return -LINUX_EFAULT;
    if (b != 0 && LX_COPY_OUT((void *)b, node) != 0) return -LINUX_EFAULT;
    return 0;
}

MC_HANDLER(sys_abi_version) { return MC_ABI_VERSION; }

/* The process family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry process_syscalls[] = { MC_FAMILY_process(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void process_module_init(void)
{
    MC_REGISTER_TABLE(process_syscalls);
}
