/* libifunc.so: exports scale() as an IFUNC. The resolver picks an implementation from a table of
 * pointers (which needs this library's own relocations done first) and counts its calls. */
static int resolver_calls;

static int scale_by_two(int x) { return x * 2; }
static int scale_by_ten(int x) { return x * 10; }
static int (*const implementations[])(int) = {scale_by_two, scale_by_ten};

static int (*resolve_scale(void))(int)
{
    resolver_calls++;
    return implementations[1];
}

int scale(int x) __attribute__((ifunc("resolve_scale")));

int ifunc_resolver_calls(void) { return resolver_calls; }
/* A call from inside the library to its own exported IFUNC. */
int lib_calls_scale(int x) { return scale(x); }
