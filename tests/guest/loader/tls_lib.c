/* libtls.so: uses ELF thread-local storage, which Microcosm does not support. */
static __thread int per_thread_counter;
int tls_bump(void) { return ++per_thread_counter; }
