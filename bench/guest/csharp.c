/* mc_syscall -> C# handler, against the same C# code reached as a bare native -> UnmanagedCallersOnly
 * call. Run by bench/Microcosm.Bench, which registers the two kinds of C# handler: 1601 an
 * UnmanagedCallersOnly method (SyscallTable.Register(number, delegate* unmanaged<...>): the table
 * holds a thunk that marks the thread as in managed code around the call), 1600 a SyscallHandler
 * delegate (its thunk also builds the SyscallArgs record and finds the delegate). The baseline calls
 * the method's own pointer, which the bench host passes as argv[2]. */
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

static mc_handler_t uco;

static double direct(void)
{
    intptr_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < n; i++) sum += uco(1601, i, 1, 2, 3, 0, 0);
    if (sum == 42) puts("");
    return (now_ns() - start) / n;
}

int main(int argc, char **argv)
{
    n = argc > 1 ? atol(argv[1]) : 5000000;
    uco = argc > 2 ? (mc_handler_t)(uintptr_t)strtoull(argv[2], NULL, 0) : NULL;
    if (!uco) {
        fputs("csharp: run by bench/Microcosm.Bench (it passes the handler's own pointer)\n", stderr);
        return 2;
    }
    double ours = 1e300, theirs = 1e300, dispatched = 1e300;
    for (int r = 0; r < 5; r++) {
        double a = via_table(), b = direct(), c = via_dispatcher();
        if (a < ours) ours = a;
        if (b < theirs) theirs = b;
        if (c < dispatched) dispatched = c;
    }
    double ratio = ours / theirs;
    double uco_ratio = dispatched / theirs;
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   target <= 1.50x %s\n", "C# UCO handler", dispatched,
           "native -> UnmanagedCallersOnly", theirs, uco_ratio, uco_ratio <= 1.5 ? "(met)" : "(NOT met)");
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   (a SyscallHandler delegate; docs/performance.md)\n", "C# delegate", ours,
           "native -> UnmanagedCallersOnly", theirs, ratio);
    fflush(stdout);
    return 0;
}
