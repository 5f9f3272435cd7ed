/* mc_syscall -> C# handler, against the same C# code reached as a bare native -> UnmanagedCallersOnly
 * call. Run by bench/CSharpHandlers, which registers the two kinds of C# handler: 1601 an
 * UnmanagedCallersOnly method (SyscallTable.Register(number, delegate* unmanaged<...>): the table
 * holds a thunk that marks the thread as in managed code around the call, and on Windows crosses from
 * System V to Win64), 1600 a SyscallHandler delegate (its thunk also builds the SyscallArgs record and
 * finds the delegate). The baseline calls the method's own pointer, which the harness passes as
 * argv[2], in the host's convention, argv[3]: "sysv", or "win64" (a C# function pointer on Windows).
 * Built with the SDK's C library, so that both hosts run the same file (bench/hosts.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <microcosm.h>
#include "measure.h"

typedef intptr_t (__attribute__((ms_abi)) *win64_handler_t)(intptr_t num, intptr_t a, intptr_t b, intptr_t c,
                                                             intptr_t d, intptr_t e, intptr_t f);

static mc_handler_t uco;
static win64_handler_t uco_win64;

NS_PER_CALL(via_delegate, mc_syscall(1600, i, 1, 2, 3))
NS_PER_CALL(via_uco, mc_syscall(1601, i, 1, 2, 3))
NS_PER_CALL(direct, uco(1601, i, 1, 2, 3, 0, 0))
NS_PER_CALL(direct_win64, uco_win64(1601, i, 1, 2, 3, 0, 0))

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 5000000;
    uintptr_t pointer = argc > 2 ? (uintptr_t)strtoull(argv[2], NULL, 0) : 0;
    int win64 = argc > 3 && strcmp(argv[3], "win64") == 0;
    if (!pointer) {
        fputs("csharp: run by bench/CSharpHandlers (it passes the handler's own pointer)\n", stderr);
        return 2;
    }
    uco = (mc_handler_t)pointer;
    uco_win64 = (win64_handler_t)pointer;
    /* The three calls answer the same (4 + 1 + 2 + 3): a baseline called in the wrong convention would not. */
    intptr_t answers[3] = { win64 ? uco_win64(1601, 4, 1, 2, 3, 0, 0) : uco(1601, 4, 1, 2, 3, 0, 0),
                            mc_syscall(1601, 4, 1, 2, 3), mc_syscall(1600, 4, 1, 2, 3) };
    if (answers[0] != 10 || answers[1] != 10 || answers[2] != 10) {
        fprintf(stderr, "csharp: the handlers answered %ld, %ld, %ld, not 10 (convention %s)\n", (long)answers[0],
                (long)answers[1], (long)answers[2], argc > 3 ? argv[3] : "sysv");
        return 1;
    }
    double theirs = best_of(5, win64 ? direct_win64 : direct, n);
    double dispatched = best_of(5, via_uco, n), ours = best_of(5, via_delegate, n);
    double ratio = ours / theirs;
    double uco_ratio = dispatched / theirs;
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   target <= 1.50x %s\n", "C# UCO handler", dispatched,
           "native -> UnmanagedCallersOnly", theirs, uco_ratio, uco_ratio <= 1.5 ? "(met)" : "(NOT met)");
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   (a SyscallHandler delegate; docs/performance.md)\n", "C# delegate", ours,
           "native -> UnmanagedCallersOnly", theirs, ratio);
    fflush(stdout);
    return 0;
}
