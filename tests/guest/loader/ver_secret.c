/* Linked against the old libver.so, where secret@VERS_1 was exported. */
#include "loader.h"
int secret(void);
int main(void)
{
    say("secret %d", secret());
    return 0;
}
