/* A program with ELF thread-local storage (a PT_TLS segment), which Microcosm does not support. */
static __thread int counter;

int main(void) { return ++counter; }
