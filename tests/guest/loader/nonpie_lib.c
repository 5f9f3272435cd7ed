/* libnonpie.so: used by a non-PIE program. */
int np_add(int a, int b) { return a + b; }
/* np_add's address as this library sees it: a non-PIE program that takes the address of np_add
 * uses a canonical PLT entry in the executable, and every object must agree on that address. */
void *np_add_address(void) { return (void *)np_add; }
int np_apply(int (*fn)(int, int), int a, int b) { return fn(a, b); }
