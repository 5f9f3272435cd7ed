/* Acceptance scenario, bottom of the chain: its constructor registers syscall 3000, a one-value
 * store (a = 0: store b; a = 1: return what was stored). */
#include <microcosm.h>

static intptr_t stored;

static intptr_t store_handler(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)c; (void)d; (void)e; (void)f;
    if (a == 0) { stored = b; return 0; }
    return a == 1 ? stored : -22;
}

__attribute__((constructor)) static void register_store(void) { mc_register(3000, store_handler); }

int acc_leaf_depth(void) { return 1; }
