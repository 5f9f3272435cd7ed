/* Calls libifunc.so's IFUNC scale() directly (JUMP_SLOT) and through a pointer (GLOB_DAT), and its
 * own IFUNC twice() (R_X86_64_IRELATIVE in the executable). Built as PIE and as non-PIE. */
#include "loader.h"

int scale(int x);
int ifunc_resolver_calls(void);
int lib_calls_scale(int x);

static int twice_impl(int x) { return x + x; }
static int never_impl(int x) { (void)x; return -1; }
static int (*const twice_table[])(int) = {never_impl, twice_impl};
static int (*resolve_twice(void))(int) { return twice_table[1]; }
int twice(int x) __attribute__((ifunc("resolve_twice")));

/* Taking the address in a data initializer needs a relocation of its own. */
int (*const scale_pointer)(int) = scale;
int (*const twice_pointer)(int) = twice;

int main(void)
{
    int (*volatile via_code)(int) = scale;
    say("scale(3) = %d", scale(3));
    say("scale via pointer(4) = %d, via data pointer(5) = %d", via_code(4), scale_pointer(5));
    say("library calls scale(6) = %d", lib_calls_scale(6));
    say("twice(21) = %d, via pointer %d", twice(21), twice_pointer(8));
    say("resolver ran: %s", ifunc_resolver_calls() >= 1 ? "yes" : "no");
    return 0;
}
