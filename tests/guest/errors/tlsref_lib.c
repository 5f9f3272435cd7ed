/* libtlsref.so: no TLS segment of its own, but it refers to a thread-local variable that nothing
 * defines (TLS relocations R_X86_64_DTPMOD64, R_X86_64_DTPOFF64 against it). */
extern __thread int tls_elsewhere;

int tlsref_get(void) { return tls_elsewhere; }
