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
#include "measure.h"

static int devnull;
static const char byte = 'x';

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

int main(int argc, char **argv)
{
    long calls = argc > 1 ? atol(argv[1]) : 20000000, writes = argc > 2 ? atol(argv[2]) : 1000000,
         pairs = argc > 3 ? atol(argv[3]) : 2000;
    mc_register(HANDLER, add);
    devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) { perror("/dev/null"); return 1; }
    spawn_join(100);   /* warm up: the first threads pay for the thread records' first use */
    printf("mc_syscall %.2f ns\n", best_of(5, via_syscall, calls));
    printf("indirect-call %.2f ns\n", best_of(5, via_indirect, calls));
    printf("write %.2f ns\n", best_of(5, module_write, writes));
    printf("spawn+join %.2f us\n", best_of(5, spawn_join, pairs) / 1000);
    return 0;
}
