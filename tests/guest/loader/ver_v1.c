/* The old libver.so (ver1.map): foo@@VERS_1 and secret@@VERS_1. */
int foo(void) { return 1; }
int secret(void) { return 99; }
