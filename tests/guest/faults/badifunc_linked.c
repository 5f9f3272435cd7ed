/* Linked against libfaultyifunc.so, whose relocation runs its faulting IFUNC resolver while the program
 * loads, before any of its code runs. */
int pick(void);

int main(void) { return pick() + 100; }
