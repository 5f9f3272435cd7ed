/* host.h over the POSIX C library: the shared parts' memory, lock and host calls. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "host.h"
#include "posix.h"

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(host_mutex), "a pthread mutex fits a host_mutex");

void *host_alloc(size_t size) { return calloc(1, size ? size : 1); }
void *host_realloc(void *block, size_t size) { return realloc(block, size); }
void host_free(void *block) { free(block); }

/* A zero-filled pthread mutex is an initialized default one (PTHREAD_MUTEX_INITIALIZER) in glibc and
 * musl; a host where it is not would initialize it here once. */
void host_lock(host_mutex *m) { pthread_mutex_lock((pthread_mutex_t *)m->opaque); }
void host_unlock(host_mutex *m) { pthread_mutex_unlock((pthread_mutex_t *)m->opaque); }

/* The descriptor itself: the table holds file descriptors on POSIX hosts. */
intptr_t host_adopt(intptr_t given) { return given; }

/* Not retried on EINTR: the descriptor is closed whatever close says (Linux). */
void host_close(intptr_t handle) { close((int)handle); }

intptr_t host_descriptor_limit(void)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == -1 || limit.rlim_cur == RLIM_INFINITY) return 0;
    return (intptr_t)limit.rlim_cur;
}

intptr_t host_open_directory(const char *path)
{
    int fd = open(path, LX_O_SEARCH | O_DIRECTORY | O_CLOEXEC);
    return fd < 0 ? -1 : fd;
}

intptr_t host_cwd_fallback(void) { return AT_FDCWD; }

intptr_t lx_directory_path(intptr_t dir, char *buf, size_t size)
{
#ifdef F_GETPATH
    char path[PATH_MAX];
    if (fcntl((int)dir, F_GETPATH, path) == -1) return -lx_errno(errno);
    if (strlen(path) >= size) return -LINUX_ENAMETOOLONG;
    strcpy(buf, path);
#else
    char link[32];
    snprintf(link, sizeof link, "/proc/self/fd/%d", (int)dir);
    ssize_t n = readlink(link, buf, size);
    if (n < 0) return -lx_errno(errno);
    if ((size_t)n >= size) return -LINUX_ENAMETOOLONG;
    buf[n] = 0;
#endif
    return 0;
}

const char *lx_path_below(intptr_t dir, const char *path, char *buf, size_t size, intptr_t *error)
{
    if (path[0] == '/' || dir == AT_FDCWD) return path;
    int n;
#ifdef F_GETPATH
    char base[PATH_MAX];
    if ((*error = lx_directory_path(dir, base, sizeof base)) != 0) return NULL;
    n = snprintf(buf, size, "%s/%s", base, path);
#else
    n = snprintf(buf, size, "/proc/self/fd/%d/%s", (int)dir, path);
#endif
    if (n < 0 || (size_t)n >= size) {
        *error = -LINUX_ENAMETOOLONG;
        return NULL;
    }
    return buf;
}
