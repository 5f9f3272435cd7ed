/* libtls.so: ELF thread-local storage in a library, reached from its own code (the general-dynamic model,
 * through the core's __tls_get_addr). */
static __thread int per_thread_counter;
int tls_bump(void) { return ++per_thread_counter; }
