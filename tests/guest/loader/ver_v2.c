/* The new libver.so (ver2.map): two versions of foo, one the default. */
int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1, foo@VERS_1");
__asm__(".symver foo_v2, foo@@VERS_2");
int bar(void) { return 20; }
/* Still defined, but made local by the version script. */
int secret(void) { return 99; }
