/* Depends on libtlsref.so, whose relocations are thread-local ones. */
int tlsref_get(void);

int main(void) { return tlsref_get(); }
