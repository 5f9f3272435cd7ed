/* The acceptance scenario: a gcc-built program with a chain of three shared objects
 * (acceptance -> libacc_top.so -> libacc_mid.so -> libacc_leaf.so), calls into the host's libc and
 * libm, and syscalls registered at run time (3000 by libacc_leaf.so's constructor, 3001 here). */
#include <math.h>
#include <microcosm.h>
#include <stdio.h>
#include <stdlib.h>

int acc_top_depth(void);
void acc_top_report(const char *what, double value);
intptr_t acc_top_roundtrip(intptr_t value);

static intptr_t doubler(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)b; (void)c; (void)d; (void)e; (void)f;
    return a * 2;
}

int main(int argc, char **argv)
{
    double angle = argc > 1 ? atof(argv[1]) : 0.0;
    printf("chain depth %d\n", acc_top_depth());
    acc_top_report("cos(angle)", cos(angle));
    acc_top_report("sqrt(2)", sqrt(2.0 + angle * 0));
    printf("syscall 3001 before registration: %ld\n", (long)mc_syscall(3001, 21, 0, 0, 0));
    mc_register(3001, doubler);
    printf("syscall 3001 after registration: %ld\n", (long)mc_syscall(3001, 21, 0, 0, 0));
    printf("store round trip: %ld\n", (long)acc_top_roundtrip(1234));
    fflush(stdout);
    return (int)mc_syscall(3001, 21, 0, 0, 0);
}
