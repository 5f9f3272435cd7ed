/* dlfcn.c - the dynamic linking interface, without the dynamic loading. Microcosm's core loads a
 * program and the libraries it needs (DT_NEEDED) when it starts, and offers no syscall to load or
 * look up objects afterwards; so dlopen and dlsym fail, and dlerror() says why and what was asked.
 * As POSIX allows, the message is one for the whole program, not one per thread. */
#include "libc_internal.h"
#include <dlfcn.h>
#include <stdio.h>

static char message[512];
static int pending;

static void fail(const char *what, const char *name)
{
    snprintf(message, sizeof message, "%s%s%s: Microcosm guests cannot load or look up objects at run time "
             "(libraries are linked when the program starts; the core has no dlopen)",
             name ? name : what, name ? ": " : "", name ? what : "");
    pending = 1;
}

void *dlopen(const char *file, int mode)
{
    (void)mode;
    fail("cannot open shared object", file ? file : "the main program");
    return NULL;
}

void *dlsym(void *restrict handle, const char *restrict name)
{
    (void)handle;
    fail("undefined symbol", name);
    return NULL;
}

int dlclose(void *handle)
{
    (void)handle;
    fail("invalid handle (no object was ever opened)", NULL);
    return -1;
}

int dladdr(const void *address, Dl_info *info)
{
    (void)address;
    (void)info;
    return 0;   /* "not found", the only failure dladdr can report */
}

char *dlerror(void)
{
    if (!pending) return NULL;
    pending = 0;
    return message;
}
