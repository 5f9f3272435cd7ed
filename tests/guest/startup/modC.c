/* The bottom module: keeps the log of initializers, reachable through syscall 5000. */
#include <microcosm.h>

static char order[16];
static int length;

void modc_log(char who) { if (length < 15) order[length++] = who; }

static intptr_t get_order(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    return (intptr_t)order;
}

__attribute__((constructor)) static void start(void)
{
    modc_log('C');
    mc_register(5000, get_order);
}
