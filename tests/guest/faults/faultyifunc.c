/* libfaultyifunc.so: exports pick() as an IFUNC whose resolver faults (a store to address 0). Built
 * twice: libfaultyifunc.so also calls pick() itself, so loading it runs the resolver (the call binds
 * when the library is relocated); libfaultyifunc_sym.so does not, so only a dlsym of pick() runs it. */
#define NOINLINE __attribute__((noinline))

static int picked(void) { return 7; }

static volatile int *volatile nowhere;

NOINLINE static int (*resolve_pick(void))(void)
{
    *nowhere = 1;
    return picked;
}

int pick(void) __attribute__((ifunc("resolve_pick")));

#ifndef ONLY_BY_DLSYM
int uses_pick(void) { return pick(); }
#endif
