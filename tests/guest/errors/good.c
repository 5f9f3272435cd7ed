/* The good program the bad-input tests corrupt: it has everything the loader reads (a dynamic
 * section with DT_NEEDED, a string and symbol table, a GNU hash table, R_X86_64_RELATIVE in
 * .rela.dyn and a JUMP_SLOT in .rela.plt). It makes one syscall (no handler: -ENOSYS) and
 * returns 7 plus the number of its arguments. */
#include <microcosm.h>

static int seven = 7;
int *volatile pointer = &seven;   /* a pointer in data: R_X86_64_RELATIVE */

int main(int argc, char **argv)
{
    (void)argv;
    if (mc_syscall(9999, 1, 2, 3, 4) != -MC_ENOSYS) return 1;   /* a number no module registers */
    return *pointer + argc - 1;
}
