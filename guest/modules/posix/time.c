/* libmc-time.so: clocks and sleeping - clock_gettime, clock_getres, clock_nanosleep, nanosleep,
 * gettimeofday and time, on the host's clocks.
 *
 * CLOCK_PROCESS_CPUTIME_ID is the host process's CPU time: the core and the host runtime's threads
 * count too. Sleeps never return early with EINTR (the C library's own sleeps are the ones a signal
 * ends), so `rem` is never written, and they wait in slices of LX_SLICE_NS so that a killed thread
 * ends within one.
 */
#include <sys/time.h>
#include "posix.h"

/* A host timespec into the guest's: 0, or -EFAULT. */
static intptr_t timespec_to_guest(const struct timespec *in, void *guest)
{
    struct linux_timespec out = { (int64_t)in->tv_sec, (int64_t)in->tv_nsec };
    return LX_COPY_OUT(guest, out);
}

MC_HANDLER(sys_clock_gettime)
{
    clockid_t clock;
    if (lx_clock_to_host(a, &clock) != 0) return -LINUX_EINVAL;
    struct timespec now;
    if (clock_gettime(clock, &now) == -1) return -lx_errno(errno);
    return timespec_to_guest(&now, (void *)b);
}

MC_HANDLER(sys_clock_getres)
{
    clockid_t clock;
    if (lx_clock_to_host(a, &clock) != 0) return -LINUX_EINVAL;
    struct timespec res;
    if (clock_getres(clock, &res) == -1) return -lx_errno(errno);
    return b != 0 ? timespec_to_guest(&res, (void *)b) : 0;   /* NULL is allowed */
}

/* Sleeps until `clock` reads `deadline` (ns), in slices, re-reading the clock after each: a wall
 * clock that is set forward or back moves the wake-up with it, as Linux's absolute sleeps do. */
static void sleep_until(clockid_t clock, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - lx_clock_ns(clock);
        if (left <= 0) return;
        struct timespec slice = lx_host_timespec(left < LX_SLICE_NS ? left : LX_SLICE_NS);
        nanosleep(&slice, NULL);   /* an EINTR just means the next round sleeps the rest */
        lx_checkpoint();
    }
}

static intptr_t sleep_on(intptr_t linux_clock, intptr_t flags, const struct linux_timespec *guest_request)
{
    struct linux_timespec copy, *request = &copy;
    if (LX_COPY_IN(copy, guest_request) != 0) return -LINUX_EFAULT;
    clockid_t clock;
    switch (linux_clock) {
    case LINUX_CLOCK_REALTIME: case LINUX_CLOCK_MONOTONIC: case LINUX_CLOCK_BOOTTIME: case LINUX_CLOCK_TAI:
    case LINUX_CLOCK_REALTIME_ALARM: case LINUX_CLOCK_BOOTTIME_ALARM:
        if (lx_clock_to_host(linux_clock, &clock) != 0) return -LINUX_EOPNOTSUPP;
        break;
    case LINUX_CLOCK_PROCESS_CPUTIME_ID: {
        /* CPU time advances only while something runs: no slices, the host sleeps on it directly. */
        if (lx_timespec_ns(request) < 0) return -LINUX_EINVAL;
        struct timespec host = { .tv_sec = (time_t)request->tv_sec, .tv_nsec = (long)request->tv_nsec };
        int r;
        while ((r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, (flags & LINUX_TIMER_ABSTIME) ? TIMER_ABSTIME : 0,
                                    &host, &host)) == EINTR) { }
        return r == 0 ? 0 : -lx_errno(r);
    }
    case LINUX_CLOCK_THREAD_CPUTIME_ID:
        return -LINUX_EINVAL;        /* as on Linux: a thread cannot sleep on its own CPU clock */
    case LINUX_CLOCK_MONOTONIC_RAW: case LINUX_CLOCK_REALTIME_COARSE: case LINUX_CLOCK_MONOTONIC_COARSE:
        return -LINUX_EOPNOTSUPP;    /* Linux cannot sleep on these either */
    default:
        return -LINUX_EINVAL;
    }
    int64_t ns = lx_timespec_ns(request);
    if (ns < 0) return -LINUX_EINVAL;
    sleep_until(clock, (flags & LINUX_TIMER_ABSTIME) ? ns : lx_add_ns(lx_clock_ns(clock), ns));
    return 0;
}

MC_HANDLER(sys_clock_nanosleep)
{
    return sleep_on(a, b, (const struct linux_timespec *)c);
}

MC_HANDLER(sys_nanosleep)
{
    return sleep_on(LINUX_CLOCK_MONOTONIC, 0, (const struct linux_timespec *)a);
}

MC_HANDLER(sys_gettimeofday)
{
    if (a != 0) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        struct linux_timeval tv = { (int64_t)now.tv_sec, (int64_t)(now.tv_nsec / 1000) };
        if (LX_COPY_OUT((void *)a, tv) != 0) return -LINUX_EFAULT;
    }
    if (b != 0) {
        /* The kernel's time zone is almost always UTC with no DST; it is not the host's local zone. */
        struct linux_timezone tz = { 0, 0 };
        if (LX_COPY_OUT((void *)b, tz) != 0) return -LINUX_EFAULT;
    }
    return 0;
}

MC_HANDLER(sys_time)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t seconds = (int64_t)now.tv_sec;
    if (a != 0 && LX_COPY_OUT((void *)a, seconds) != 0) return -LINUX_EFAULT;
    return (intptr_t)seconds;
}

/* The time family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry time_syscalls[] = { MC_FAMILY_time(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void time_module_init(void)
{
    MC_REGISTER_TABLE(time_syscalls);
}
