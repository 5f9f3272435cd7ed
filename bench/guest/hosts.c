/* The host comparison (bench/hosts.sh): one file, built once with the SDK's C library, run by the Linux
 * build and by the Windows build, which print the same figures for the table beside each other:
 *   mc_syscall   -> a native handler (and a C indirect call through a table, the floor, in the same run)
 *   write(2)     -> the fd module, on /dev/null (NUL on Windows)
 *   spawn+join   -> mc_thread_spawn + mc_thread_join
 * Each is the best of 5 rounds. Output: one line per figure, "NAME VALUE UNIT". */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <microcosm.h>

#define HANDLER 1500

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

__attribute__((noinline)) static intptr_t add(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)e; (void)f;
    return a + b + c + d;
}

static mc_handler_t volatile table[1] = { add };
static int devnull;
static const char byte = 'x';

static double via_syscall(long n)
{
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += mc_syscall(HANDLER, i, 1, 2, 3);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

static double via_indirect(long n)
{
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += table[0](HANDLER, i, 1, 2, 3, 0, 0);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

static double module_write(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++)
        if (write(devnull, &byte, 1) != 1) abort();
    return (now_ns() - start) / n;
}

static intptr_t thread_body(intptr_t arg) { return arg + 1; }

static double spawn_join(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        intptr_t value = 0;
        if (mc_thread_join(mc_thread_spawn(thread_body, i, 64 * 1024), &value) != 0 || value != i + 1) abort();
    }
    return (now_ns() - start) / n;
}

static double best_of(double (*measure)(long), long n)
{
    double best = 1e300;
    for (int r = 0; r < 5; r++) {
        double t = measure(n);
        if (t < best) best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    long calls = argc > 1 ? atol(argv[1]) : 20000000, writes = argc > 2 ? atol(argv[2]) : 1000000,
         pairs = argc > 3 ? atol(argv[3]) : 2000;
    mc_register(HANDLER, add);
    devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) { perror("/dev/null"); return 1; }
    spawn_join(100);   /* warm up: the first threads pay for the thread records' first use */
    printf("mc_syscall %.2f ns\n", best_of(via_syscall, calls));
    printf("indirect-call %.2f ns\n", best_of(via_indirect, calls));
    printf("write %.2f ns\n", best_of(module_write, writes));
    printf("spawn+join %.2f us\n", best_of(spawn_join, pairs) / 1000);
    return 0;
}
