/* libhash_*.so: many exported functions (long hash chains), built with each hash style and binding
 * mode; hash_fn_N returns N * N + 1. */
#define F(n) int hash_fn_##n(void) { return n * n + 1; }
#define F10(d) F(d##0) F(d##1) F(d##2) F(d##3) F(d##4) F(d##5) F(d##6) F(d##7) F(d##8) F(d##9)
F10(1) F10(2) F10(3) F10(4) F10(5) F10(6)
int hash_data = 12345;
