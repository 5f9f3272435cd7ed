/* A non-PIE executable (ET_EXEC, linked at a fixed address) calling a library, passing callbacks
 * both ways and comparing function addresses. */
#include "loader.h"
#include <microcosm.h>
#include <stdint.h>

int np_add(int a, int b);
void *np_add_address(void);
int np_apply(int (*fn)(int, int), int a, int b);
void *np_add_through_got(void);
int np_add_through_plt(int a, int b);

static int multiply(int a, int b) { return a * b; }
static const char *const words[] = {"fixed", "address"};

int main(void)
{
    say("load base %#lx", (unsigned long)(uintptr_t)mc_start_info->base);
    say("main below 0x1000000: %s", (uintptr_t)main < 0x1000000 ? "yes" : "no");
    say("np_add(2, 3) = %d", np_add(2, 3));
    say("callback: %d, library function through pointer: %d", np_apply(multiply, 6, 7), np_apply(np_add, 6, 7));
    say("same np_add address: %s", np_add_address() == (void *)np_add ? "yes" : "no");
    say("through the GOT: %s, through the PLT: %d", np_add_through_got() == (void *)np_add ? "same" : "differs",
        np_add_through_plt(20, 22));
    say("%s %s", words[0], words[1]);
    return 9;
}
