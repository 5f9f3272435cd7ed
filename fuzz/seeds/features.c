/* A shared object that uses every loader feature the fuzzer should start from: exported functions and
 * data, symbol versions (features.map), an IFUNC, data relocations against local and global symbols,
 * initializer and finalizer arrays, and a reference to the core's libmicrocosm.so. fuzz/run.sh builds
 * it with each hash style and relocation packing; it is never run. */
long mc_syscall(long number, long a, long b, long c, long d, long e, long f);

int counter = 1;
int *counter_address = &counter;
static const char greeting[] = "hello";
const char *greeting_address = greeting;

int add(int a, int b) { return a + b + counter; }
int add_old(int a, int b) { return a + b; }
__asm__(".symver add_old, add@FEATURES_1");
__asm__(".symver add, add@@FEATURES_2");

static int fast(void) { return 1; }
static void *pick(void) { return (void *)fast; }
int chosen(void) __attribute__((ifunc("pick")));

long call_core(void) { return mc_syscall(1, 2, 3, 4, 5, 6, 7); }

static void start(void) { counter++; }
static void stop(void) { counter--; }
__attribute__((section(".init_array"), used)) static void (*init_entry)(void) = start;
__attribute__((section(".fini_array"), used)) static void (*fini_entry)(void) = stop;
