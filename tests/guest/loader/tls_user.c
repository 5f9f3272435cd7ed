/* Needs libtls.so, which uses __thread. */
int tls_bump(void);
int main(void) { return tls_bump(); }
