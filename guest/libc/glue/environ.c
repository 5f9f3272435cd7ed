/* environ.c - clearenv, which newlib lacks. newlib's setenv reallocates environ once it has
 * allocated an array of its own, so the emptied environment is a fresh heap array (an empty one it
 * may grow), never NULL or a static array. The strings are left alone: a program may still hold
 * pointers into them (glibc frees only the array). */
#include "libc_internal.h"
#include <envlock.h>
#include <stdlib.h>

extern char **environ;

int clearenv(void)
{
    char **empty = calloc(1, sizeof *empty);
    if (empty == NULL) return -1;
    __env_lock(_REENT);
    environ = empty;
    __env_unlock(_REENT);
    return 0;
}
