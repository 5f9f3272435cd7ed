/* stdio.c - the POSIX names of newlib's line readers: newlib 3.3 has getline and getdelim only as
 * __getline and __getdelim (which grow the buffer with realloc, return -1 at end of file with
 * nothing read and EINVAL for a NULL argument, as POSIX says). */
#include "libc_internal.h"
#include <stdio.h>

ssize_t getdelim(char **line, size_t *size, int delimiter, FILE *stream)
{
    return __getdelim(line, size, delimiter, stream);
}

ssize_t getline(char **line, size_t *size, FILE *stream)
{
    return __getdelim(line, size, '\n', stream);
}

/* flockfile and friends: newlib 3.3 locks each stream internally (its _lock, a recursive lock) but
 * defines the POSIX functions only for Cygwin. String streams have no lock, as in newlib. */
#include <sys/lock.h>

void __sinit(struct _reent *);

static int lockable(FILE *stream)
{
    struct _reent *r = _REENT;
    if (r && !r->__sdidinit) __sinit(r);   /* the standard streams get their locks here */
    return !(stream->_flags & __SSTR);
}

void flockfile(FILE *stream)
{
    if (lockable(stream)) __lock_acquire_recursive(stream->_lock);
}

int ftrylockfile(FILE *stream)
{
    return lockable(stream) ? __lock_try_acquire_recursive(stream->_lock) : 0;
}

void funlockfile(FILE *stream)
{
    if (lockable(stream)) __lock_release_recursive(stream->_lock);
}
