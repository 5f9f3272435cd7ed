/* environ.c - the environment's functions newlib lacks or has otherwise than POSIX and glibc:
 * clearenv; setenv/unsetenv, which check the name (newlib's took an empty name and faulted on NULL);
 * putenv, which puts the caller's own string in the environment (newlib's copied it, so a later
 * change to the string was not seen, and "NAME" without '=' did not remove NAME); secure_getenv.
 *
 * newlib's setenv grows environ with realloc once it has allocated an array of its own, and walks
 * it without checking for NULL. A program may set environ itself (to NULL, or to an array of its
 * own, as some clear the environment), so before newlib sees the array, one that is not the last
 * this file or newlib made becomes a heap copy: newlib then only ever reallocates heap arrays. The
 * strings are left alone: a program may still hold pointers into them (glibc frees only arrays). */
#include "libc_internal.h"
#include <envlock.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;
extern int _setenv_r(struct _reent *, const char *, const char *, int);
extern int _unsetenv_r(struct _reent *, const char *);

static char **known;   /* the array last left in environ here; under the environment lock */

/* With the lock held: environ as a heap array newlib may grow. 0, or -1 (ENOMEM). */
static int own_environ(void)
{
    if (environ != NULL && environ == known) return 0;
    size_t count = 0;
    while (environ && environ[count]) count++;
    char **copy = malloc((count + 1) * sizeof *copy);
    if (copy == NULL) {
        errno = ENOMEM;
        return -1;
    }
    if (count) memcpy(copy, environ, count * sizeof *copy);
    copy[count] = NULL;
    environ = known = copy;
    return 0;
}

int clearenv(void)
{
    char **empty = calloc(1, sizeof *empty);
    if (empty == NULL) return -1;
    __env_lock(_REENT);
    environ = known = empty;
    __env_unlock(_REENT);
    return 0;
}

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
    if (!valid_name(name)) return -1;
    /* newlib's lock is recursive: _setenv_r takes it again. */
    __env_lock(_REENT);
    int result = own_environ() == 0 ? _setenv_r(_REENT, name, value, rewrite) : -1;
    known = environ;
    __env_unlock(_REENT);
    return result;
}

int unsetenv(const char *name)
{
    if (!valid_name(name)) return -1;
    __env_lock(_REENT);
    int result = environ == NULL ? 0 : _unsetenv_r(_REENT, name);
    __env_unlock(_REENT);
    return result;
}

/* POSIX: STRING itself becomes the environment's entry (a later change to it is seen); as glibc,
 * a STRING without '=' removes that name. */
int putenv(char *string)
{
    const char *equals = strchr(string, '=');
    if (equals == NULL) return unsetenv(string);
    size_t length = (size_t)(equals - string);
    if (length == 0) {
        errno = EINVAL;
        return -1;
    }
    __env_lock(_REENT);
    if (own_environ() != 0) {
        __env_unlock(_REENT);
        return -1;
    }
    size_t count = 0, found = (size_t)-1;
    for (; environ[count]; count++)
        if (found == (size_t)-1 && strncmp(environ[count], string, length + 1) == 0) found = count;
    if (found != (size_t)-1) {
        environ[found] = string;
    } else {
        char **grown = realloc(environ, (count + 2) * sizeof *grown);
        if (grown == NULL) {
            __env_unlock(_REENT);
            errno = ENOMEM;
            return -1;
        }
        grown[count] = string;
        grown[count + 1] = NULL;
        environ = known = grown;
    }
    __env_unlock(_REENT);
    return 0;
}

/* There is no set-user-id execution for a guest: the environment is always to be trusted. */
char *secure_getenv(const char *name) { return getenv(name); }
