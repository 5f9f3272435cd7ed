/* clock.c - the clocks, over the time module's syscalls: clock_gettime and clock_getres (newlib's
 * clock ids translated to Linux's), timespec_get, gettimeofday and times, which newlib's time() and
 * clock() reach through its reentrant layer. They sit here, under everything else, because reading
 * a clock depends on nothing: signals (sigtimedwait's deadline) and select (the time left) read them,
 * and the sleeps and timers of time/, which signals interrupt, are built above signal/. */
#include "libc_internal.h"
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

/* newlib numbers its clocks differently from Linux (whose numbers the syscalls take). */
long __mc_linux_clock(int clock)
{
    switch (clock) {
    case CLOCK_REALTIME: return 0;
    case CLOCK_MONOTONIC: return 1;
    case CLOCK_PROCESS_CPUTIME_ID: return 2;
    case CLOCK_THREAD_CPUTIME_ID: return 3;
    case CLOCK_MONOTONIC_RAW: return 4;
    case CLOCK_REALTIME_COARSE: return 5;
    case CLOCK_MONOTONIC_COARSE: return 6;
    case CLOCK_BOOTTIME: return 7;
    case CLOCK_REALTIME_ALARM: return 8;
    case CLOCK_BOOTTIME_ALARM: return 9;
    default: return -1;
    }
}

int clock_gettime(clockid_t clock, struct timespec *ts) { return (int)SYSCALL(SYS_clock_gettime, __mc_linux_clock(clock), ts, 0, 0); }

/* C11: the calendar time in base TIME_UTC (the only base), or 0 for another base or a failure. */
int timespec_get(struct timespec *ts, int base)
{
    return base == TIME_UTC && clock_gettime(CLOCK_REALTIME, ts) == 0 ? base : 0;
}
int clock_getres(clockid_t clock, struct timespec *ts) { return (int)SYSCALL(SYS_clock_getres, __mc_linux_clock(clock), ts, 0, 0); }

int gettimeofday(struct timeval *tv, void *tz) { return (int)SYSCALL(SYS_gettimeofday, tv, tz, 0, 0); }

clock_t times(struct tms *t)
{
    struct timespec cpu, now;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) < 0 || clock_gettime(CLOCK_MONOTONIC, &now) < 0) return (clock_t)-1;
    /* In CLOCKS_PER_SEC units, which clock() returns unchanged. */
    if (t) {
        t->tms_utime = (clock_t)(cpu.tv_sec * CLOCKS_PER_SEC + cpu.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
        t->tms_stime = 0;
        t->tms_cutime = 0;
        t->tms_cstime = 0;
    }
    return (clock_t)(now.tv_sec * CLOCKS_PER_SEC + now.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
}
