/* Position-independent code linked into the non-PIE program: it takes np_add's address through the
 * GOT (a GLOB_DAT, which binds to the program's canonical PLT entry) and calls np_add through the
 * PLT (a JUMP_SLOT, which must bind to the library's np_add: bound to the canonical entry, the slot
 * would point at the very entry that jumps through it, and the call would never return). */
int np_add(int a, int b);

void *np_add_through_got(void) { return (void *)np_add; }

int np_add_through_plt(int a, int b) { return np_add(a, b); }
