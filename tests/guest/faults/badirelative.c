/* An IFUNC of the program itself (an R_X86_64_IRELATIVE relocation) whose resolver faults while the
 * program is relocated, before any of its code runs. */
#define NOINLINE __attribute__((noinline))

static int chosen(void) { return 100; }

static volatile int *volatile nowhere;

NOINLINE static int (*resolve_chosen(void))(void)
{
    *nowhere = 1;
    return chosen;
}

static int choose(void) __attribute__((ifunc("resolve_chosen")));

int main(void) { return choose(); }
