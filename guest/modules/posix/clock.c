/* Clocks and timespecs, Linux -> host. */
#include "posix.h"

int lx_clock_to_host(intptr_t clock, clockid_t *out)
{
    switch (clock) {
    case LINUX_CLOCK_REALTIME: *out = CLOCK_REALTIME; return 0;
    case LINUX_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return 0;
    case LINUX_CLOCK_PROCESS_CPUTIME_ID: *out = CLOCK_PROCESS_CPUTIME_ID; return 0;
    case LINUX_CLOCK_THREAD_CPUTIME_ID: *out = CLOCK_THREAD_CPUTIME_ID; return 0;
    /* The Linux-specific clocks, where the host has them; otherwise the nearest POSIX clock
     * (a raw or coarse clock is the same time, less or more precise). */
    case LINUX_CLOCK_MONOTONIC_RAW:
#ifdef CLOCK_MONOTONIC_RAW
        *out = CLOCK_MONOTONIC_RAW;
#else
        *out = CLOCK_MONOTONIC;
#endif
        return 0;
    case LINUX_CLOCK_REALTIME_COARSE:
#ifdef CLOCK_REALTIME_COARSE
        *out = CLOCK_REALTIME_COARSE;
#else
        *out = CLOCK_REALTIME;
#endif
        return 0;
    case LINUX_CLOCK_MONOTONIC_COARSE:
#ifdef CLOCK_MONOTONIC_COARSE
        *out = CLOCK_MONOTONIC_COARSE;
#else
        *out = CLOCK_MONOTONIC;
#endif
        return 0;
    /* BOOTTIME also counts suspended time; the alarm clocks read as their base clocks (arming an
     * alarm timer would need timer_create, which is not implemented). */
    case LINUX_CLOCK_BOOTTIME:
    case LINUX_CLOCK_BOOTTIME_ALARM:
#ifdef CLOCK_BOOTTIME
        *out = CLOCK_BOOTTIME;
        return 0;
#else
        return -1;
#endif
    case LINUX_CLOCK_REALTIME_ALARM: *out = CLOCK_REALTIME; return 0;
    case LINUX_CLOCK_TAI:  /* TAI differs from UTC by leap seconds: no fallback */
#ifdef CLOCK_TAI
        *out = CLOCK_TAI;
        return 0;
#else
        return -1;
#endif
    default:
        /* Negative ids (another process's or thread's CPU clock) and unknown ones. */
        return -1;
    }
}

int64_t lx_clock_ns(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (int64_t)now.tv_sec * LX_NSEC_PER_SEC + now.tv_nsec;
}
