/* A program that needs fuzz/seeds/features.c's library (libfeatures.so): version requirements, PLT
 * and GOT references, a COPY relocation when built without -fPIE. fuzz/run.sh builds it; never run. */
extern int counter;
int add(int a, int b);
int chosen(void);

void _start(void) { counter = add(counter, chosen()); for (;;) {} }
