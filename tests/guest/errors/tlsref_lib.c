/* libtlsref.so: no TLS segment of its own, but it refers to a thread-local variable defined
 * elsewhere, so it carries TLS relocations (R_X86_64_DTPMOD64, R_X86_64_DTPOFF64). */
extern __thread int tls_elsewhere;

int tlsref_get(void) { return tls_elsewhere; }
