/* Makes a few syscalls for `run --trace`: one with no handler (-ENOSYS), then registers a handler,
 * calls it, and removes it again. */
#include <microcosm.h>

static intptr_t add(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)c; (void)d; (void)e; (void)f;
    return a + b;
}

int main(void)
{
    if (mc_syscall(4021, 1, 2, 3, 4) != -MC_ENOSYS) return 1;
    mc_register(4022, add);
    if (mc_syscall(4022, 5, 6, 0, 0) != 11) return 2;
    mc_deregister(4022);
    return 0;
}
