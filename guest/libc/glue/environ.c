/* environ.c - clearenv, which newlib lacks, and setenv/unsetenv, which check the name as POSIX says
 * (newlib's setenv took an empty name and faulted on NULL). newlib's setenv reallocates environ once it has
 * allocated an array of its own, so the emptied environment is a fresh heap array (an empty one it
 * may grow), never NULL or a static array. The strings are left alone: a program may still hold
 * pointers into them (glibc frees only the array). */
#include "libc_internal.h"
#include <envlock.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

extern int _setenv_r(struct _reent *, const char *, const char *, int);
extern int _unsetenv_r(struct _reent *, const char *);

/* A name must be there, non-empty and without '=' (EINVAL otherwise, as glibc). */
static int valid_name(const char *name)
{
    if (name == NULL || name[0] == '\0' || strchr(name, '=') != NULL) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

int setenv(const char *name, const char *value, int rewrite)
{
    return valid_name(name) ? _setenv_r(_REENT, name, value, rewrite) : -1;
}

int unsetenv(const char *name)
{
    return valid_name(name) ? _unsetenv_r(_REENT, name) : -1;
}
