/* Linked against the new libver.so: foo means foo@VERS_2, and bar needs VERS_2. */
#include "loader.h"
int foo(void);
int bar(void);
int main(void)
{
    say("foo %d, bar %d", foo(), bar());
    return 0;
}
