/* The cost of a thread-local variable's access, compiled twice from this one file: by `microcosm cc` (run under
 * microcosm) and by plain gcc (run natively), each beside its own library libtlsbench.so. Prints, per access, the
 * nanoseconds of the best of 5 rounds: the program's own variable (initial-exec: a thread pointer load and an
 * add; Microcosm redirects the load), and a library's variable reached from the library's code (general dynamic:
 * a call of __tls_get_addr, the core's on Microcosm, glibc's natively). Each access is a call of a function that is
 * not inlined, so that the compiler cannot hoist the address out of the loop. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__thread long own;
long library_bump(void);

__attribute__((noinline)) static long own_bump(void)
{
    return ++own;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double best(long (*bump)(void), long n)
{
    double least = 1e300;
    for (int round = 0; round < 5; round++) {
        double start = now_ns();
        long sum = 0;
        for (long i = 0; i < n; i++) sum += bump();
        double t = (now_ns() - start) / n;
        if (sum == 0) puts("");   /* keeps the loop */
        if (t < least) least = t;
    }
    return least;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000000;
    printf("%.4f %.4f\n", best(own_bump, n), best(library_bump, n));
    return 0;
}
