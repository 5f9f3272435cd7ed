/* libtls.so: thread-local storage through TLS descriptors (built with -mtls-dialect=gnu2: R_X86_64_TLSDESC),
 * which Microcosm does not support. */
__thread int tls_counter;

int tls_bump(void) { return ++tls_counter; }
