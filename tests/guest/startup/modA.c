/* Expands the thread structure and keeps a per-thread counter there, behind syscall 5001. */
#include <microcosm.h>

void modc_log(char who);

static intptr_t counter_offset;

static intptr_t count(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    intptr_t *counter = MC_THREAD_DATA(intptr_t, counter_offset);
    return ++*counter;
}

__attribute__((constructor)) static void start(void)
{
    modc_log('A');
    counter_offset = mc_thread_expand(sizeof(intptr_t), 0);
    mc_register(5001, count);
}
