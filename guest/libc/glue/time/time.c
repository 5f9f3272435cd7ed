/* time.c - sleeping (a signal ends a sleep with EINTR), timegm, and the interval timers: the real one
 * on a timer thread that sends SIGALRM, the CPU-time ones a guest cannot have. The clocks themselves
 * are sys/clock.c. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include "time/time_internal.h"
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- sleeping: a signal (a timer's, or another thread's raise) ends it with EINTR ---------------------- */

#define NS 1000000000LL
/* Deadlines this far away are no deadline: they would overflow, and never come. */
#define FOREVER_SECONDS (100LL * 365 * 86400)

static long long ns_of(const struct timespec *t) { return t->tv_sec * NS + t->tv_nsec; }
static struct timespec timespec_of(long long ns) { return (struct timespec){ (time_t)(ns / NS), (long)(ns % NS) }; }

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remaining)
{
    int absolute = flags & TIMER_ABSTIME;
    if (request->tv_nsec < 0 || request->tv_nsec >= NS || (!absolute && request->tv_sec < 0)) return EINVAL;
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) {
        /* A CPU-time clock: the time module's own sleep (no signal ends it). */
        long r = mc_sys(SYS_clock_nanosleep, __mc_linux_clock(clock), flags, (long)request, (long)remaining);
        return mc_error_of(r);   /* returns the error, as POSIX says, without touching errno */
    }
    struct timespec deadline = *request, now;
    int forever = !absolute && request->tv_sec > FOREVER_SECONDS;
    if (!absolute && !forever) {
        clock_gettime(clock, &now);
        deadline = timespec_of(ns_of(&now) + ns_of(request));
    }
    int r = __mc_signal_wait(forever ? NULL : &deadline, clock == CLOCK_REALTIME);
    if (r == EINTR && remaining && !absolute) {
        if (forever) {
            *remaining = *request;   /* what passed is nothing beside it */
        } else {
            clock_gettime(clock, &now);
            long long rest = ns_of(&deadline) - ns_of(&now);
            *remaining = timespec_of(rest > 0 ? rest : 0);
        }
    }
    return r;
}

int nanosleep(const struct timespec *request, struct timespec *remaining)
{
    int error = clock_nanosleep(CLOCK_MONOTONIC, 0, request, remaining);
    if (error) {
        errno = error;
        return -1;
    }
    return 0;
}

/* Until a signal is delivered (another thread's raise, a timer's): then EINTR, as always. */
int pause(void)
{
    __mc_signal_wait(NULL, 0);
    errno = EINTR;
    return -1;
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

/* ITIMER_REAL (setitimer, alarm) on a timer thread of the program's own, started by the first timer
 * armed: it waits on a futex word until the timer's monotonic deadline, then sends SIGALRM
 * (__mc_signal_async: a thread sleeping in nanosleep, pause or sigsuspend takes it, else the timer
 * thread runs the action itself, so a watchdog alarm ends a busy program with status 142). The thread
 * is the core's (not a pthread, which pthread_exit on the main thread would wait for). The CPU-time
 * timers (ITIMER_VIRTUAL, ITIMER_PROF) are not kept: arming one fails with ENOSYS. */

static struct __mc_lock timer_lock;
static volatile int timer_word;          /* changes whenever the timer is set */
static long long timer_deadline;         /* CLOCK_MONOTONIC ns; 0: disarmed */
static long long timer_interval;
static int timer_thread_started;

static long long monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return ns_of(&now);
}

static intptr_t timer_thread(intptr_t arg)
{
    (void)arg;
    __mc_signal_set_mask(MC_ALL_SIGNALS);   /* it runs an action only for the signal it sends */
    for (;;) {
        __mc_lock_acquire(&timer_lock);
        long long deadline = timer_deadline;
        int seq = timer_word;
        int fire = deadline != 0 && monotonic_ns() >= deadline;
        if (fire) {
            long long next = 0;
            if (timer_interval) {
                next = deadline + timer_interval;
                long long now = monotonic_ns();
                if (next <= now) next = now + timer_interval;   /* overruns are not counted, as Linux */
            }
            timer_deadline = next;
        }
        __mc_lock_release(&timer_lock);
        if (fire) {
            __mc_signal_async(SIGALRM);
            continue;
        }
        struct timespec until = timespec_of(deadline);
        __mc_futex_wait(&timer_word, seq, deadline ? &until : NULL, 0);
    }
    return 0;
}

static void timeval_of(long long ns, struct timeval *tv)
{
    tv->tv_sec = (time_t)(ns / NS);
    tv->tv_usec = (suseconds_t)((ns % NS) / 1000);
}

/* What is left of the real timer (its value, rounded up to a microsecond, and its interval). Locked. */
static void current(struct itimerval *value)
{
    long long left = timer_deadline ? timer_deadline - monotonic_ns() : 0;
    if (timer_deadline && left < 1000) left = 1000;   /* armed: never reads as disarmed */
    timeval_of(left + 999 - (left + 999) % 1000, &value->it_value);
    timeval_of(timer_interval, &value->it_interval);
}

int getitimer(int which, struct itimerval *value)
{
    if (which < ITIMER_REAL || which > ITIMER_PROF) { errno = EINVAL; return -1; }
    memset(value, 0, sizeof *value);
    if (which != ITIMER_REAL) return 0;
    __mc_lock_acquire(&timer_lock);
    current(value);
    __mc_lock_release(&timer_lock);
    return 0;
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
    if (which < ITIMER_REAL || which > ITIMER_PROF) { errno = EINVAL; return -1; }
    if (value->it_value.tv_sec < 0 || value->it_value.tv_usec < 0 || value->it_value.tv_usec >= 1000000 ||
        value->it_interval.tv_sec < 0 || value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1000000) {
        errno = EINVAL;
        return -1;
    }
    long long after = value->it_value.tv_sec * NS + value->it_value.tv_usec * 1000LL;
    long long every = value->it_interval.tv_sec * NS + value->it_interval.tv_usec * 1000LL;
    if (which != ITIMER_REAL) {
        if (old) memset(old, 0, sizeof *old);
        if (after == 0) return 0;
        errno = ENOSYS;
        return -1;
    }
    __mc_lock_acquire(&timer_lock);
    if (old) current(old);
    timer_deadline = after ? monotonic_ns() + after : 0;
    timer_interval = after ? every : 0;
    __atomic_add_fetch(&timer_word, 1, __ATOMIC_SEQ_CST);
    int start = after && !timer_thread_started;
    if (start) timer_thread_started = 1;
    __mc_lock_release(&timer_lock);
    if (start && mc_syscall(MC_SYS_SPAWN, (intptr_t)timer_thread, 0, 64 * 1024, 0) <= 0) {
        __mc_lock_acquire(&timer_lock);
        timer_thread_started = 0;
        timer_deadline = 0;
        __mc_lock_release(&timer_lock);
        errno = EAGAIN;
        return -1;
    }
    __mc_futex_wake(&timer_word, 1);
    return 0;
}

void __mc_time_fork_child(void)
{
    memset(&timer_lock, 0, sizeof timer_lock);
    timer_deadline = timer_interval = 0;
    timer_thread_started = 0;
}

/* The seconds the previous alarm had left (rounded as glibc does), after setting the new one. */
unsigned int alarm(unsigned int seconds)
{
    struct itimerval value = { { 0, 0 }, { (time_t)seconds, 0 } }, old;
    if (setitimer(ITIMER_REAL, &value, &old) < 0) return 0;
    unsigned int left = (unsigned int)old.it_value.tv_sec;
    if (old.it_value.tv_usec >= 500000 || (left == 0 && old.it_value.tv_usec > 0)) left++;
    return left;
}

/* alarm in microseconds, with an interval (as glibc's, over the same real timer): the microseconds the previous one
 * had left. */
useconds_t ualarm(useconds_t microseconds, useconds_t interval)
{
    struct itimerval value = { { (time_t)(interval / 1000000), (long)(interval % 1000000) },
                               { (time_t)(microseconds / 1000000), (long)(microseconds % 1000000) } }, old;
    if (setitimer(ITIMER_REAL, &value, &old) < 0) return (useconds_t)-1;
    return (useconds_t)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}
