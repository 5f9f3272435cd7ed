/* libsysreg.so: its constructor registers syscall 2001 before the program's main runs. */
#include <microcosm.h>

intptr_t sysreg_lib_handler(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)c; (void)d; (void)e; (void)f;
    return num * 1000 + a * b;
}

static intptr_t previous = -1;
intptr_t sysreg_lib_previous(void) { return previous; }

__attribute__((constructor)) static void register_at_load(void)
{
    previous = (intptr_t)mc_register(2001, sysreg_lib_handler);
}
