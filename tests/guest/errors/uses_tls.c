/* Depends on libtls.so, which has thread-local storage. */
int tls_bump(void);

int main(void) { return tls_bump(); }
