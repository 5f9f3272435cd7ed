/* Exports a symbol and state; syscall 5002 returns the state's address (as the module sees it). */
#include <microcosm.h>

void modc_log(char who);

int modb_state = 1;
int modb_constructed;

int modb_value(void) { return modb_state; }

static intptr_t state_address(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    return (intptr_t)&modb_state;
}

__attribute__((constructor)) static void start(void)
{
    modc_log('B');
    modb_constructed++;
    mc_register(5002, state_address);
}
