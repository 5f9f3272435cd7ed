/* thread_atexit.c - __cxa_thread_atexit_impl, glibc's entry for C++ thread_local objects with destructors (libstdc++'s
 * __cxa_thread_atexit forwards to it): each thread keeps its own list, run the newest first when the thread ends
 * (before its pthread keys' destructors: thread/pthread.c) and, for the thread that calls exit(), before the atexit
 * handlers and the static objects' destructors (newlib's exit, patched), as glibc does. A destructor may make another
 * thread_local object, so the list is run until it stays empty. The object's DSO handle is not needed: objects are
 * never unloaded (dlclose only counts). */
#include "libc_internal.h"
#include <stdlib.h>

struct __mc_thread_atexit {
    void (*destructor)(void *);
    void *object;
    struct __mc_thread_atexit *next;
};

int __cxa_thread_atexit_impl(void (*destructor)(void *), void *object, void *dso_handle)
{
    (void)dso_handle;
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t) return -1;   /* not a Microcosm thread: nowhere to keep it, and no end of it to run it at */
    struct __mc_thread_atexit *entry = malloc(sizeof *entry);
    if (!entry) return -1;
    *entry = (struct __mc_thread_atexit){ destructor, object, t->thread_atexit };
    t->thread_atexit = entry;
    return 0;
}

void __mc_call_thread_atexit(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t) return;
    struct __mc_thread_atexit *entry;
    while ((entry = t->thread_atexit) != NULL) {
        t->thread_atexit = entry->next;
        entry->destructor(entry->object);
        free(entry);
    }
}
