/* host.h over the POSIX C library: the shared parts' memory, lock and host calls. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include "host.h"

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
