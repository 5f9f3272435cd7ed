/* dlfcn.c - the dynamic linking interface on the core's loader (core syscalls -4 ... -7,
 * docs/abi.md): dlopen loads an object and its dependencies into the running program (found as a
 * DT_NEEDED of the caller would be: RPATH, --library-path, RUNPATH, the SDK; a libhost_NAME opens a
 * host library), binds it in the global scope then its own, and runs its initializers; dlsym looks a
 * name up in a handle's scope, RTLD_DEFAULT or RTLD_NEXT; dlclose only counts (objects stay mapped
 * until the program ends, as with musl); dladdr names a guest address. The caller's address tells the
 * core whose search paths and whose "next" apply. As POSIX allows, dlerror's message is one for the
 * whole program, not one per thread. */
#include "libc_internal.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static char message[MC_DL_ERROR_SIZE];
static int pending;

static void fail(const char *text)
{
    strncpy(message, text, sizeof message - 1);
    message[sizeof message - 1] = 0;
    pending = 1;
}

/* A failure of the syscall itself (-errno), not the core's answer (a handle or address, or 0 with the
 * reason in the error buffer, e.g. for a name it cannot read): -ENOSYS is a core without these calls;
 * anything else is said as it is, not taken for a missing feature. */
static int syscall_failed(intptr_t r, const char *what, char *error)
{
    if (r >= 0 || r <= -4096) return 0;
    if (r == -MC_ENOSYS) snprintf(error, MC_DL_ERROR_SIZE, "%s: the core has no run-time loading", what);
    else snprintf(error, MC_DL_ERROR_SIZE, "%s: the core failed: %s", what, strerror((int)-r));
    return 1;
}

__attribute__((noinline)) void *dlopen(const char *file, int mode)
{
    char error[MC_DL_ERROR_SIZE] = "";
    intptr_t r = mc_syscall(MC_SYS_DLOPEN, (intptr_t)file, mode, (intptr_t)__builtin_return_address(0), (intptr_t)error);
    if (syscall_failed(r, "dlopen", error)) r = 0;
    if (r == 0) fail(error);
    return (void *)r;
}

__attribute__((noinline)) void *dlsym(void *restrict handle, const char *restrict name)
{
    char error[MC_DL_ERROR_SIZE] = "";
    intptr_t r = mc_syscall(MC_SYS_DLSYM, (intptr_t)handle, (intptr_t)name, (intptr_t)__builtin_return_address(0), (intptr_t)error);
    if ((intptr_t)handle != -1 && syscall_failed(r, "dlsym", error)) r = 0;
    if (r == 0 && error[0]) fail(error);
    return (void *)r;
}

int dlclose(void *handle)
{
    if (mc_syscall(MC_SYS_DLCLOSE, (intptr_t)handle, 0, 0, 0) == 0) return 0;
    char text[64];
    snprintf(text, sizeof text, "dlclose: invalid handle %p", handle);
    fail(text);
    return -1;
}

int dladdr(const void *address, Dl_info *info)
{
    return mc_syscall(MC_SYS_DLADDR, (intptr_t)address, (intptr_t)info, 0, 0) == 1;
}

char *dlerror(void)
{
    if (!pending) return NULL;
    pending = 0;
    return message;
}
