/* libtls.so: defines a thread-local variable (PT_TLS). */
__thread int tls_counter;

int tls_bump(void) { return ++tls_counter; }
