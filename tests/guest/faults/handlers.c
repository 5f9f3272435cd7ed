/* Guest side of the C# handler tests (the FaultHost helper registers syscall 1000 in C#):
 *   nre       1000's handler throws a NullReferenceException: the call returns -EIO (-5); exits 0 if it did
 *   caught    1000's handler catches its own NullReferenceException and returns 1; exits 0 if it did
 *   nested    registers fault_handler as 1001; 1000's handler calls 1001 from C#, which faults
 *   overflow  calls 1000 (whose C# handler overflows the stack)
 *   register  registers fault_handler as 1001 and exits 0 (the host then calls 1001 itself) */
#include <microcosm.h>

static volatile int zero;

__attribute__((noinline)) intptr_t fault_handler(intptr_t num, intptr_t a, intptr_t b, intptr_t c,
                                                 intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    *(volatile int *)(uintptr_t)(zero + 8) = 1;
    return 0;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    if (str_eq(argv[1], "nre")) return mc_syscall(1000, 0, 0, 0, 0) == -5 ? 0 : 1;
    if (str_eq(argv[1], "overflow")) return mc_syscall(1000, 1, 0, 0, 0) == 0 ? 100 : 101;
    if (str_eq(argv[1], "caught")) return mc_syscall(1000, 0, 0, 0, 0) == 1 ? 0 : 1;
    mc_register(1001, fault_handler);
    if (str_eq(argv[1], "nested")) {
        mc_syscall(1000, 0, 0, 0, 0);
        return 100; /* never: the thread ended at the fault */
    }
    return str_eq(argv[1], "register") ? 0 : 3;
}
