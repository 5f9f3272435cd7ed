/* Guest -> C# -> guest: registers a guest handler at 1002, then calls 1003 (a C# handler that calls
 * back into 1002 through the same table). Returns 1003's result. */
#include <microcosm.h>

static intptr_t triple(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)b; (void)c; (void)d; (void)e; (void)f;
    return a * 3;
}

int main(void)
{
    mc_register(1002, triple);
    return (int)mc_syscall(1003, 7, 0, 0, 0);
}
