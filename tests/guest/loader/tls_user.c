/* Needs libtls.so, which uses __thread: exits with the first bump's value, 1. */
int tls_bump(void);
int main(void) { return tls_bump(); }
