/* Numbers outside the dense table (very large, very negative) work like any other. */
#include <microcosm.h>

#define BIG   ((intptr_t)1 << 40)
#define SMALL ((intptr_t)-100000)

static intptr_t neg(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)b; (void)c; (void)d; (void)e; (void)f;
    return -a;
}

int main(void)
{
    if (mc_syscall(BIG, 1, 0, 0, 0) != -MC_ENOSYS) return 1;
    if (mc_register(BIG, neg) != 0) return 2;
    if (mc_syscall(BIG, 5, 0, 0, 0) != -5) return 3;
    if (mc_get(BIG) != neg) return 4;
    if (mc_register(SMALL, neg) != 0) return 5;
    if (mc_syscall(SMALL, -9, 0, 0, 0) != 9) return 6;
    mc_deregister(BIG);
    if (mc_syscall(BIG, 5, 0, 0, 0) != -MC_ENOSYS) return 7;
    /* the C# test registered 1 << 41 before running us */
    return (int)mc_syscall((intptr_t)1 << 41, 0, 0, 0, 0);
}
