/* mc_syscall -> C# handler, against the same C# code reached as a bare native -> UnmanagedCallersOnly
 * call (the pointer registered at 1601). Run by bench/Microcosm.Bench, which registers both.
 * A second line splits the gap: the same UnmanagedCallersOnly pointer reached through mc_syscall
 * (the dispatcher alone, no thunk and no delegate). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <microcosm.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long n;

static double via_table(void)
{
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += mc_syscall(1600, i, 1, 2, 3);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

static double via_dispatcher(void)
{
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += mc_syscall(1601, i, 1, 2, 3);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

static double direct(void)
{
    mc_handler_t uco = mc_get(1601);
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += uco(1601, i, 1, 2, 3, 0, 0);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

int main(int argc, char **argv)
{
    n = argc > 1 ? atol(argv[1]) : 5000000;
    double ours = 1e300, theirs = 1e300, dispatched = 1e300;
    for (int r = 0; r < 5; r++) {
        double a = via_table(), b = direct(), c = via_dispatcher();
        if (a < ours) ours = a;
        if (b < theirs) theirs = b;
        if (c < dispatched) dispatched = c;
    }
    double ratio = ours / theirs;
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   target <= 1.50x %s\n", "C# handler", ours,
           "native -> UnmanagedCallersOnly", theirs, ratio, ratio <= 1.5 ? "(met)" : "(NOT met)");
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   (the dispatcher's share of the gap)\n", "UCO via table", dispatched,
           "native -> UnmanagedCallersOnly", theirs, dispatched / theirs);
    fflush(stdout);
    return 0;
}
