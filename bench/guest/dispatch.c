/* Syscall dispatch and I/O, run under `microcosm run`, each beside its native baseline in the same run:
 *   mc_syscall -> native handler   vs  a C indirect call through a function-pointer table, same arguments
 *   write(fd) through the module   vs  the host's write(), on /dev/null
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <microcosm.h>
#include "measure.h"

static int devnull, guest_devnull;
static char byte = 'x';

static double module_write(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) mc_syscall(1 /* write */, guest_devnull, (intptr_t)&byte, 1, 0);
    return (now_ns() - start) / n;
}

static double native_write(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) if (write(devnull, &byte, 1) != 1) abort();
    return (now_ns() - start) / n;
}

static void report(const char *figure, const char *baseline, double ours, double theirs, double target)
{
    double ratio = ours / theirs;
    printf("%-14s %10.2f ns   %-34s %10.2f ns   ratio %5.2fx   target <= %.2fx %s\n", figure, ours, baseline, theirs,
           ratio, target, ratio <= target ? "(met)" : "(NOT met)");
}

int main(int argc, char **argv)
{
    long calls = argc > 1 ? atol(argv[1]) : 50000000, writes = argc > 2 ? atol(argv[2]) : 2000000;
    mc_register(HANDLER, add);
    devnull = open("/dev/null", O_WRONLY);   /* the host's, for its own write() */
    guest_devnull = (int)mc_syscall(2 /* open */, (intptr_t)"/dev/null", O_WRONLY, 0, 0);   /* the program's, through the module */
    if (devnull < 0 || guest_devnull < 0 || mc_syscall(1, guest_devnull, (intptr_t)&byte, 1, 0) != 1) { puts("the fd module is not loaded"); return 1; }
    report("mc_syscall", "C indirect call", best_of(5, via_syscall, calls), best_of(5, via_indirect, calls), 1.3);
    report("write(2)", "host write()", best_of(5, module_write, writes), best_of(5, native_write, writes), 1.1);
    fflush(stdout);
    return 0;
}
