/* IFUNC resolvers that fault, each run by the core (docs/faults.md):
 *   badifunc dlopen PATH   dlopen of a library whose relocation runs the faulting resolver
 *   badifunc dlsym PATH    dlsym of a faulting IFUNC in a library that loads cleanly
 * Both on the main thread, inside a core syscall. (Faulting at load: badifunc_linked, badirelative.)
 * Anything that gets past its fault returns 100; a setup failure returns 2 or 3. */
#include <microcosm.h>

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    char error[MC_DL_ERROR_SIZE];
    intptr_t handle = mc_syscall(MC_SYS_DLOPEN, (intptr_t)argv[2], 2 /* RTLD_NOW */, (intptr_t)main, (intptr_t)error);
    if (str_eq(argv[1], "dlsym")) {
        if (handle == 0) return 3;
        mc_syscall(MC_SYS_DLSYM, handle, (intptr_t)"pick", (intptr_t)main, (intptr_t)error);
    }
    return 100;
}
