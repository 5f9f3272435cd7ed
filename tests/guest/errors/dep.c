/* libdep.so: a guest dependency for the inspect tests and the library half of the robustness sweep.
 * dep_data gives it a relocation of its own (R_X86_64_RELATIVE in .rela.dyn). */
static int five = 5;
int *dep_data = &five;

int dep_value(void) { return *dep_data; }
