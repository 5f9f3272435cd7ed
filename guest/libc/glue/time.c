/* time.c - clocks and sleeping over the time module's syscalls, timegm, and the interval timers a
 * guest cannot have. newlib's time() and clock() reach gettimeofday and times through its reentrant
 * layer. */
#include "libc_internal.h"
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

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
int nanosleep(const struct timespec *request, struct timespec *remaining) { return (int)SYSCALL(SYS_nanosleep, request, remaining, 0, 0); }

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remaining)
{
    long r = mc_sys(SYS_clock_nanosleep, __mc_linux_clock(clock), flags, (long)request, (long)remaining);
    return mc_error_of(r);   /* returns the error, as POSIX says, without touching errno */
}

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

int pause(void)
{
    /* No signal can arrive (the target ABI has no signal delivery): sleep until the thread ends. */
    struct timespec day = { 86400, 0 };
    for (;;) nanosleep(&day, NULL);
}

/* ---- timegm ---------------------------------------------------------------------------------------- */

/* Days from 1970-01-01 to year-month-day of the proleptic Gregorian calendar (month 1-12), counted in
 * 400-year eras of 146097 days, with years starting in March so that the leap day comes last. */
static long long days_from_civil(long long year, int month, int day)
{
    year -= month <= 2;
    long long era = (year >= 0 ? year : year - 399) / 400;
    long long year_of_era = year - era * 400;
    int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* The inverse of gmtime: like mktime but in UTC. Fields out of their ranges are carried, and the
 * structure is normalized (tm_wday, tm_yday set, tm_isdst 0). EOVERFLOW if the result does not fit. */
time_t timegm(struct tm *tm)
{
    long long year = tm->tm_year + 1900LL;
    long long month = tm->tm_mon;
    year += month / 12;
    month %= 12;
    if (month < 0) { month += 12; year--; }
    long long days = days_from_civil(year, (int)month + 1, 1) + tm->tm_mday - 1;
    long long seconds = days * 86400 + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
    time_t t = (time_t)seconds;
    struct tm normalized;
    if (gmtime_r(&t, &normalized) == NULL) { errno = EOVERFLOW; return (time_t)-1; }
    *tm = normalized;
    return t;
}

/* ---- interval timers --------------------------------------------------------------------------------- */

/* No signal is ever delivered to a guest, so no timer can fire: a timer is never armed (getitimer
 * reads zero), disarming one succeeds, and arming one fails with ENOSYS. */
int getitimer(int which, struct itimerval *value)
{
    if (which < ITIMER_REAL || which > ITIMER_PROF) { errno = EINVAL; return -1; }
    memset(value, 0, sizeof *value);
    return 0;
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
    if (which < ITIMER_REAL || which > ITIMER_PROF) { errno = EINVAL; return -1; }
    if (value->it_value.tv_usec < 0 || value->it_value.tv_usec >= 1000000 ||
        value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1000000) { errno = EINVAL; return -1; }
    if (old) memset(old, 0, sizeof *old);
    if (value->it_value.tv_sec == 0 && value->it_value.tv_usec == 0) return 0;
    errno = ENOSYS;
    return -1;
}

/* alarm(0) cancels nothing and returns 0; alarm(n) cannot arm SIGALRM: it returns 0 (no earlier
 * alarm) with errno ENOSYS, the only way alarm can say it failed. */
unsigned int alarm(unsigned int seconds)
{
    if (seconds != 0) errno = ENOSYS;
    return 0;
}
