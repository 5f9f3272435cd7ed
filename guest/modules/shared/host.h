/* host.h - what each host's modules provide to the parts all hosts share (the descriptor table, the
 * memory ranges, guest strings): memory for their own bookkeeping, a lock, and the few host calls they
 * make. posix/host.c implements it over the C library, windows/host.c over Win32. */
#ifndef MC_HOST_H
#define MC_HOST_H

#include <stddef.h>
#include <stdint.h>
#include "module.h"

/* The module's own memory (never the guest's): zero-filled by host_alloc; host_realloc as realloc. */
MC_HIDDEN void *host_alloc(size_t size);
MC_HIDDEN void *host_realloc(void *block, size_t size);
MC_HIDDEN void host_free(void *block);

/* A lock for short critical sections, usable from zero-filled (static) storage on every host. */
typedef struct {
    _Alignas(16) unsigned char opaque[64];
} host_mutex;
MC_HIDDEN void host_lock(host_mutex *m);
MC_HIDDEN void host_unlock(host_mutex *m);

/* What the descriptor table holds for a host descriptor the program was given at its start (core syscall
 * -11: a file descriptor, a HANDLE): the descriptor itself on POSIX, a file object wrapping the HANDLE on
 * Windows; -1 if it cannot be had (then the given descriptor was closed). */
MC_HIDDEN intptr_t host_adopt(intptr_t given);

/* Closes what the descriptor table holds (a file descriptor, a Windows file object), when the last
 * reference goes. */
MC_HIDDEN void host_close(intptr_t handle);

/* A directory opened for the table to hold as the working directory (fdtable.h, lx_fd_cwd), by its host path
 * (UTF-8); -1 if it cannot be. host_cwd_fallback: what stands for the host process's own working directory. */
MC_HIDDEN intptr_t host_open_directory(const char *path);
MC_HIDDEN intptr_t host_cwd_fallback(void);

/* The lowest descriptor number a new descriptor may not reach (the host's limit, if it has one). */
MC_HIDDEN intptr_t host_descriptor_limit(void);

#endif
