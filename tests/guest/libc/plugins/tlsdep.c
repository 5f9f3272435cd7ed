/* tlsdep: a library linked to the tls test program; its thread-local variables are reached from the
 * program (the initial-exec model, after the linker's relaxation) and from its own code (general dynamic). */
__thread int dep_value = 100;
static __thread char dep_note[16] = "dep";

int dep_get(void) { return dep_value; }
void dep_set(int value) { dep_value = value; }
int *dep_address(void) { return &dep_value; }
const char *dep_note_text(void) { return dep_note; }
