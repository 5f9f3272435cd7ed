/* CPU-bound work, compiled twice from this one file: by `microcosm cc` (run under microcosm) and by
 * plain gcc (run natively). Same flags; prints nanoseconds per iteration of the best of 5 rounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A mix of integer hashing, a data-dependent branch and a little floating point. */
__attribute__((noinline)) static double work(long n)
{
    uint64_t h = 1469598103934665603ULL;
    double acc = 0;
    for (long i = 0; i < n; i++) {
        h = (h ^ (uint64_t)i) * 1099511628211ULL;
        if (h & 1) acc += (double)(h >> 40) * 1e-9; else acc -= 0.5;
    }
    return acc + (double)(h & 0xff);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000000;
    double best = 1e300, result = 0;
    for (int r = 0; r < 5; r++) {
        double start = now_ns();
        result += work(n);
        double t = (now_ns() - start) / n;
        if (t < best) best = t;
    }
    printf("%.4f ns/iteration (checksum %.3f)\n", best, result);
    return 0;
}
