/* libcopy.so: data a non-PIE program uses directly, which needs R_X86_64_COPY relocations. Its own
 * accesses go through its GOT and must reach the program's copy. copy_message holds a pointer, so
 * the copy is only right if this library was relocated before the program's COPY was applied. */
int copy_counter = 42;
int copy_table[4] = {10, 20, 30, 40};
const char *copy_message = "hello from libcopy";

int lib_get_counter(void) { return copy_counter; }
void lib_set_counter(int value) { copy_counter = value; }
int lib_table_sum(void) { return copy_table[0] + copy_table[1] + copy_table[2] + copy_table[3]; }
int *lib_counter_address(void) { return &copy_counter; }
const char *lib_message(void) { return copy_message; }
