/* The oldest libver.so, without symbol versions. */
int foo(void) { return 0; }
