/* libmc-time.so for Windows: clocks and sleeping - clock_gettime, clock_getres, clock_nanosleep,
 * nanosleep, gettimeofday and time. The real-time clock is GetSystemTimePreciseAsFileTime, the monotonic
 * one QueryPerformanceCounter, the CPU clocks GetProcessTimes / GetThreadTimes. Sleeps wait in slices of
 * at most LX_SLICE_NS with the checkpoint between (module.h), with Sleep's millisecond resolution. */
#include "windows.h"

static int64_t cpu_ns(int thread)
{
    struct win_filetime created, ended, kernel, user;
    BOOL ok = thread ? GetThreadTimes(GetCurrentThread(), &created, &ended, &kernel, &user)
                     : GetProcessTimes(GetCurrentProcess(), &created, &ended, &kernel, &user);
    if (!ok) return 0;
    uint64_t k = ((uint64_t)kernel.high << 32) | kernel.low, u = ((uint64_t)user.high << 32) | user.low;
    return (int64_t)(k + u) * 100;
}

/* A Linux clock's time in nanoseconds; -1 for a clock there is none of. */
static int64_t clock_ns(intptr_t clock)
{
    switch (clock) {
    case LINUX_CLOCK_REALTIME: case LINUX_CLOCK_REALTIME_COARSE: case LINUX_CLOCK_TAI: case LINUX_CLOCK_REALTIME_ALARM:
        return realtime_ns();
    case LINUX_CLOCK_MONOTONIC: case LINUX_CLOCK_MONOTONIC_RAW: case LINUX_CLOCK_MONOTONIC_COARSE:
    case LINUX_CLOCK_BOOTTIME: case LINUX_CLOCK_BOOTTIME_ALARM:
        return monotonic_ns();
    case LINUX_CLOCK_PROCESS_CPUTIME_ID: return cpu_ns(0);
    case LINUX_CLOCK_THREAD_CPUTIME_ID: return cpu_ns(1);
    default: return -1;
    }
}

static intptr_t timespec_to_guest(int64_t ns, void *guest)
{
    struct linux_timespec out = { ns / LX_NSEC_PER_SEC, ns % LX_NSEC_PER_SEC };
    return LX_COPY_OUT(guest, out);
}

MC_HANDLER(sys_clock_gettime)
{
    int64_t now = clock_ns(a);
    return now < 0 ? -LINUX_EINVAL : timespec_to_guest(now, (void *)b);
}

MC_HANDLER(sys_clock_getres)
{
    if (clock_ns(a) < 0) return -LINUX_EINVAL;
    int64_t resolution = 100;   /* FILETIME's tick */
    if (a == LINUX_CLOCK_MONOTONIC || a == LINUX_CLOCK_MONOTONIC_RAW || a == LINUX_CLOCK_BOOTTIME) {
        LONGLONG frequency;
        QueryPerformanceFrequency(&frequency);
        resolution = frequency >= LX_NSEC_PER_SEC ? 1 : LX_NSEC_PER_SEC / frequency;
    }
    return b != 0 ? timespec_to_guest(resolution, (void *)b) : 0;
}

static intptr_t sleep_on(intptr_t clock, intptr_t flags, const void *guest_request)
{
    struct linux_timespec request;
    if (LX_COPY_IN(request, guest_request) != 0) return -LINUX_EFAULT;
    if (clock == LINUX_CLOCK_THREAD_CPUTIME_ID) return -LINUX_EINVAL;
    if (clock_ns(clock) < 0) return -LINUX_EINVAL;
    if (clock == LINUX_CLOCK_MONOTONIC_RAW || clock == LINUX_CLOCK_REALTIME_COARSE || clock == LINUX_CLOCK_MONOTONIC_COARSE)
        return -LINUX_EOPNOTSUPP;
    int64_t ns = lx_timespec_ns(&request);
    if (ns < 0) return -LINUX_EINVAL;
    int64_t deadline = (flags & LINUX_TIMER_ABSTIME) ? ns : lx_add_ns(clock_ns(clock), ns);
    for (;;) {
        int64_t left = deadline - clock_ns(clock);
        if (left <= 0) return 0;
        int64_t slice = left < LX_SLICE_NS ? left : LX_SLICE_NS;
        Sleep((DWORD)((slice + 999999) / 1000000));   /* rounded up: never early */
        lx_checkpoint();
    }
}

MC_HANDLER(sys_clock_nanosleep) { return sleep_on(a, b, (const void *)c); }
MC_HANDLER(sys_nanosleep) { return sleep_on(LINUX_CLOCK_MONOTONIC, 0, (const void *)a); }

MC_HANDLER(sys_gettimeofday)
{
    if (a != 0) {
        int64_t now = realtime_ns();
        struct linux_timeval tv = { now / LX_NSEC_PER_SEC, (now % LX_NSEC_PER_SEC) / 1000 };
        if (LX_COPY_OUT((void *)a, tv) != 0) return -LINUX_EFAULT;
    }
    if (b != 0) {
        struct linux_timezone tz = { 0, 0 };   /* the kernel's zone is UTC, as Linux's almost always is */
        if (LX_COPY_OUT((void *)b, tz) != 0) return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_time)
{
    int64_t seconds = realtime_ns() / LX_NSEC_PER_SEC;
    if (a != 0 && LX_COPY_OUT((void *)a, seconds) != 0) return -LINUX_EFAULT;
    return (intptr_t)seconds;
}

/* The time family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry time_syscalls[] = { MC_FAMILY_time(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void time_module_init(void)
{
    MC_REGISTER_TABLE(time_syscalls);
}
