/* Linked against an older libver.so: foo means whatever that library had (foo@VERS_1, or an
 * unversioned foo). */
#include "loader.h"
int foo(void);
int main(void)
{
    say("foo %d", foo());
    return 0;
}
