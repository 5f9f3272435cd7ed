/* measure.h - what the guest harnesses share (csharp.c, dispatch.c, hosts.c, threads.c): the clock, the best of several rounds,
 * and the syscall dispatch figure beside its floor, a C indirect call through a table with the same arguments. */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H
#include <stdio.h>
#include <time.h>
#include <microcosm.h>

#define HANDLER 1500   /* the number the harnesses register their handler at */

static inline double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The best (least) of rounds runs of measure(n). */
static inline double best_of(int rounds, double (*measure)(long), long n)
{
    double best = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t = measure(n);
        if (t < best) best = t;
    }
    return best;
}

__attribute__((noinline, unused)) static intptr_t add(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)e; (void)f;
    return a + b + c + d;
}

__attribute__((unused)) static mc_handler_t volatile table[1] = { add };

/* Defines `static double NAME(long n)`: the ns per evaluation of CALL, an intptr_t expression of the loop's counter i,
 * summed so that none is left out. */
#define NS_PER_CALL(NAME, CALL)                      \
    __attribute__((unused)) static double NAME(long n) \
    {                                                \
        intptr_t sum = 0;                            \
        double start = now_ns();                     \
        for (long i = 0; i < n; i++) sum += (CALL);  \
        if (sum == 42) puts("");                     \
        return (now_ns() - start) / n;               \
    }

/* ns per mc_syscall to `add` (registered at HANDLER by the caller). */
NS_PER_CALL(via_syscall, mc_syscall(HANDLER, i, 1, 2, 3))

/* ns per call of `add` through a function-pointer table: the floor of via_syscall. */
NS_PER_CALL(via_indirect, table[0](HANDLER, i, 1, 2, 3, 0, 0))

#endif
