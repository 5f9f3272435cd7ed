/* Tests of libmc-time.so: every Linux clock, monotonic time never going back, the CPU clocks
 * advancing with work, sleeps lasting at least what was asked, and the errors. */
#include "check.h"

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif

/* clocks: prints the REALTIME seconds (the C# test compares them with its own clock). */
static int clocks(int argc, char **argv)
{
    struct timespec t, res;
    const int ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                        CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
                        CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, CLOCK_TAI };
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        t.tv_nsec = -1;
        CHECK_EQ(sys(__NR_clock_gettime, ids[i], &t), 0);
        CHECK(t.tv_nsec >= 0 && t.tv_nsec < 1000000000L);
        CHECK_EQ(sys(__NR_clock_getres, ids[i], &res), 0);
        CHECK(res.tv_sec > 0 || res.tv_nsec > 0);
    }
    CHECK_EQ(sys(__NR_clock_getres, CLOCK_MONOTONIC, 0), 0);
    CHECK_EQ(sys(__NR_clock_gettime, 10, &t), -EINVAL);            /* there is no clock 10 */
    CHECK_EQ(sys(__NR_clock_gettime, 12, &t), -EINVAL);
    CHECK_EQ(sys(__NR_clock_getres, 99, &res), -EINVAL);

    /* MONOTONIC never goes back; it advances */
    long first = now_ns(CLOCK_MONOTONIC), last = first;
    for (int i = 0; i < 100000; i++) {
        long now = now_ns(CLOCK_MONOTONIC);
        CHECK(now >= last);
        last = now;
    }
    CHECK(last > first);

    /* the thread's CPU time grows with work (to 20 ms within 10 s even on a loaded machine), and by no
     * more than the time that passed */
    long cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID), wall0 = now_ns(CLOCK_MONOTONIC);
    volatile unsigned long spin = 0;
    while (now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < 20000000L && now_ns(CLOCK_MONOTONIC) - wall0 < 10000000000L) spin++;
    long cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0, wall = now_ns(CLOCK_MONOTONIC) - wall0;
    CHECK(cpu >= 20000000L);
    CHECK(cpu <= wall + 1000000L);
    CHECK(now_ns(CLOCK_PROCESS_CPUTIME_ID) >= cpu);

    /* REALTIME agrees with gettimeofday and time */
    struct timeval tv;
    struct timezone tz = { 123, 456 };
    CHECK_EQ(sys(__NR_gettimeofday, &tv, &tz), 0);
    CHECK_EQ(sys(__NR_clock_gettime, CLOCK_REALTIME, &t), 0);
    CHECK(t.tv_sec - tv.tv_sec <= 1 && t.tv_sec >= tv.tv_sec);
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    CHECK_EQ(tz.tz_minuteswest, 0);
    CHECK_EQ(sys(__NR_gettimeofday, 0, 0), 0);
    long seconds = -1;
    long now = sys(__NR_time, &seconds);
    CHECK_EQ(now, seconds);
    CHECK(now >= t.tv_sec && now - t.tv_sec <= 1);
    put_line(1, "realtime", t.tv_sec);
    return 0;
}

/* Sleeps with `call` and returns how long it took (ns). */
static long timed(long call, long a, long b, long c, long d, long *result)
{
    long start = now_ns(CLOCK_MONOTONIC);
    *result = sys(call, a, b, c, d);
    return now_ns(CLOCK_MONOTONIC) - start;
}

/* sleep: nanosleep and clock_nanosleep (relative and absolute) sleep at least what they are asked;
 * a sleep longer than the modules' wait slice (100 ms) too. */
static int sleep(int argc, char **argv)
{
    long r;
    struct timespec d = { 0, 30000000 }, rem = { 77, 77 };
    CHECK(timed(__NR_nanosleep, (long)&d, (long)&rem, 0, 0, &r) >= 30000000L);
    CHECK_EQ(r, 0);
    CHECK_EQ(rem.tv_sec, 77);                                        /* not interrupted: rem untouched */
    d.tv_sec = 0;
    d.tv_nsec = 250000000;
    CHECK(timed(__NR_nanosleep, (long)&d, 0, 0, 0, &r) >= 250000000L);
    CHECK_EQ(r, 0);
    d.tv_nsec = 20000000;
    CHECK(timed(__NR_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&d, 0, &r) >= 20000000L);
    CHECK_EQ(r, 0);
    CHECK(timed(__NR_clock_nanosleep, CLOCK_REALTIME, 0, (long)&d, 0, &r) >= 20000000L);
    CHECK_EQ(r, 0);

    /* absolute: until MONOTONIC reads now + 120 ms */
    long until = now_ns(CLOCK_MONOTONIC) + 120000000L;
    struct timespec at = { until / 1000000000L, until % 1000000000L };
    CHECK_EQ(sys(__NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &at, 0), 0);
    CHECK(now_ns(CLOCK_MONOTONIC) >= until);
    /* an absolute time in the past returns at once */
    at.tv_sec = 1;
    CHECK(timed(__NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, (long)&at, 0, &r) < 1000000000L);
    CHECK_EQ(r, 0);
    d.tv_nsec = 0;
    CHECK_EQ(sys(__NR_nanosleep, &d, 0), 0);

    /* errors: a bad timespec, a clock one cannot sleep on */
    d.tv_nsec = 1000000000;
    CHECK_EQ(sys(__NR_nanosleep, &d, 0), -EINVAL);
    d.tv_sec = -1;
    d.tv_nsec = 0;
    CHECK_EQ(sys(__NR_nanosleep, &d, 0), -EINVAL);
    d.tv_sec = 0;
    CHECK_EQ(sys(__NR_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &d, 0), -EINVAL);
    CHECK_EQ(sys(__NR_clock_nanosleep, 10, 0, &d, 0), -EINVAL);
    CHECK_EQ(sys(__NR_nanosleep, 0, 0), -EFAULT);
    return 0;
}

const struct test tests[] = {
    { "clocks", clocks },
    { "sleep", sleep },
    { 0, 0 },
};
