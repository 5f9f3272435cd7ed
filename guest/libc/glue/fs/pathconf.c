/* pathconf.c - pathconf, fpathconf and confstr, answered as glibc answers them on Linux: the limits
 * Linux has for every file system (names of 255 bytes, paths of 4096, pipes' atomic 4096 bytes, ...),
 * with the file checked first so that a missing one is ENOENT and a closed descriptor EBADF. */
#include "libc_internal.h"
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long limit(int name)
{
    switch (name) {
    case _PC_LINK_MAX: return LINK_MAX;       /* glibc's answer without a file-system-specific one */
    case _PC_MAX_CANON: return MAX_CANON;
    case _PC_MAX_INPUT: return MAX_INPUT;
    case _PC_NAME_MAX: return NAME_MAX;
    case _PC_PATH_MAX: return PATH_MAX;
    case _PC_PIPE_BUF: return PIPE_BUF;
    case _PC_CHOWN_RESTRICTED: return 1;
    case _PC_NO_TRUNC: return 1;
    case _PC_VDISABLE: return 0;
    case _PC_FILESIZEBITS: return 64;
    case _PC_SYMLINK_MAX: return -1;          /* no limit (errno unchanged) */
    case _PC_2_SYMLINKS: return 1;
    case _PC_REC_XFER_ALIGN: case _PC_ALLOC_SIZE_MIN: return 4096;
    case _PC_REC_MIN_XFER_SIZE: return 4096;
    case _PC_TIMESTAMP_RESOLUTION: return 1;   /* nanoseconds */
    case _PC_REC_INCR_XFER_SIZE: case _PC_REC_MAX_XFER_SIZE: return -1;
    case _PC_SYNC_IO: case _PC_ASYNC_IO: case _PC_PRIO_IO: return -1;
    default:
        errno = EINVAL;
        return -1;
    }
}

long pathconf(const char *path, int name)
{
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    return limit(name);
}

long fpathconf(int fd, int name)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    return limit(name);
}

/* The configuration strings: the default PATH, and the empty flags of the one programming
 * environment (LP64); others are EINVAL. Returns the size the whole value needs (with its NUL). */
size_t confstr(int name, char *buffer, size_t size)
{
    const char *value;
    switch (name) {
    case _CS_PATH: value = "/bin:/usr/bin"; break;
#ifdef _CS_POSIX_V7_LP64_OFF64_CFLAGS
    case _CS_POSIX_V7_LP64_OFF64_CFLAGS: case _CS_POSIX_V7_LP64_OFF64_LDFLAGS:
    case _CS_POSIX_V7_LP64_OFF64_LIBS: value = ""; break;
    case _CS_POSIX_V7_WIDTH_RESTRICTED_ENVS: value = "POSIX_V7_LP64_OFF64"; break;
#endif
    default:
        errno = EINVAL;
        return 0;
    }
    size_t needed = strlen(value) + 1;
    if (buffer && size) {
        size_t n = needed < size ? needed : size;
        memcpy(buffer, value, n - 1);
        buffer[n - 1] = '\0';
    }
    return needed;
}
