/* Registers, replaces and deregisters syscalls from guest code; calls a handler registered by a
 * library's constructor; passes six arguments through mc_syscall6. */
#include "loader.h"
#include <inttypes.h>
#include <microcosm.h>

intptr_t sysreg_lib_handler(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f);
intptr_t sysreg_lib_previous(void);

static intptr_t first(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)e; (void)f;
    return num + a + b + c + d;
}

static intptr_t second(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)b; (void)c; (void)d; (void)e; (void)f;
    return -a;
}

static intptr_t seen[7];
static intptr_t record(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    seen[0] = num; seen[1] = a; seen[2] = b; seen[3] = c; seen[4] = d; seen[5] = e; seen[6] = f;
    return 0x5eed;
}

int main(void)
{
    say("get before: %s", mc_get(2000) == NULL ? "null" : "set");
    say("register returns previous: %s", mc_register(2000, first) == NULL ? "null" : "set");
    say("call first: %" PRIdPTR, mc_syscall(2000, 1, 2, 3, 4));
    say("replace returns first: %s", mc_register(2000, second) == first ? "yes" : "no");
    say("get returns second: %s", mc_get(2000) == second ? "yes" : "no");
    say("call second: %" PRIdPTR, mc_syscall(2000, 5, 0, 0, 0));
    mc_deregister(2000);
    say("after deregister: %" PRIdPTR ", get %s", mc_syscall(2000, 1, 2, 3, 4), mc_get(2000) == NULL ? "null" : "set");
    say("register after deregister returns: %s", mc_register(2000, first) == NULL ? "null" : "set");
    say("register 0 returns first: %s", mc_register(2000, NULL) == first ? "yes" : "no");
    say("after register 0: %" PRIdPTR, mc_syscall(2000, 1, 2, 3, 4));

    say("library handler: %" PRIdPTR ", previous %" PRIdPTR ", get is the library's: %s", mc_syscall(2001, 6, 7, 0, 0),
        sysreg_lib_previous(), mc_get(2001) == sysreg_lib_handler ? "yes" : "no");

    mc_register(2002, record);
    intptr_t result = mc_syscall6(2002, 1, -2, INTPTR_MAX, INTPTR_MIN, (intptr_t)0x1122334455667788, -0x0123456789abcdef);
    say("mc_syscall6 returned %#" PRIxPTR, result);
    say("handler saw num %" PRIdPTR ", a %" PRIdPTR ", b %" PRIdPTR ", c %" PRIxPTR ", d %" PRIxPTR ", e %" PRIxPTR ", f %" PRIdPTR,
        seen[0], seen[1], seen[2], seen[3], seen[4], seen[5], seen[6]);
    return 0;
}
