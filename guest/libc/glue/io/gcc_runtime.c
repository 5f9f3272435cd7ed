/* gcc_runtime.c - the two glibc names that gcc's own static run-time libraries reach, so that they link into a
 * guest as they are: libgcov.a (`--coverage`, `-fprofile-arcs`), built with glibc's headers, reports its errors on
 * `stderr`, glibc's variable, and reads errno through `__errno_location`. newlib's <stdio.h> and <errno.h> name
 * both through its reentrancy structure instead, so a program built here never uses these. */
#include "libc_internal.h"
#include <errno.h>
#include <stdio.h>

#undef stderr
/* Streams are global (--enable-newlib-global-stdio-streams): standard error is always newlib's __sf[2]. */
FILE *stderr = &__sf[2];

int *__errno_location(void)
{
    return &errno;
}
