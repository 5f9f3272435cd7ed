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

/* A result of the syscall itself, not of the core's answer: a core without these calls. */
static int unsupported(intptr_t r) { return r < 0 && r > -4096; }

__attribute__((noinline)) void *dlopen(const char *file, int mode)
{
    char error[MC_DL_ERROR_SIZE] = "";
    intptr_t r = mc_syscall(MC_SYS_DLOPEN, (intptr_t)file, mode, (intptr_t)__builtin_return_address(0), (intptr_t)error);
    if (unsupported(r)) r = 0, strcpy(error, "dlopen: the core has no run-time loading");
    if (r == 0) fail(error);
    return (void *)r;
}

__attribute__((noinline)) void *dlsym(void *restrict handle, const char *restrict name)
{
    char error[MC_DL_ERROR_SIZE] = "";
    intptr_t r = mc_syscall(MC_SYS_DLSYM, (intptr_t)handle, (intptr_t)name, (intptr_t)__builtin_return_address(0), (intptr_t)error);
    if (unsupported(r) && (intptr_t)handle != -1) r = 0, strcpy(error, "dlsym: the core has no run-time loading");
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
