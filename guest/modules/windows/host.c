/* host.h over Win32: the shared parts' memory (the process heap), lock (an SRW lock, whose zero state is
 * SRWLOCK_INIT) and the closing of the file objects behind descriptors. */
#include "windows.h"

_Static_assert(sizeof(SRWLOCK) <= sizeof(host_mutex), "an SRW lock fits a host_mutex");

void *host_alloc(size_t size) { return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size ? size : 1); }

void *host_realloc(void *block, size_t size)
{
    if (block == NULL) return HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
    return HeapReAlloc(GetProcessHeap(), 0, block, size ? size : 1);
}

void host_free(void *block)
{
    if (block) HeapFree(GetProcessHeap(), 0, block);
}

void host_lock(host_mutex *m) { AcquireSRWLockExclusive((SRWLOCK *)m->opaque); }
void host_unlock(host_mutex *m) { ReleaseSRWLockExclusive((SRWLOCK *)m->opaque); }

/* A handle the program was given (its standard ones, those of CosmosOptions.Descriptors): its file
 * object, whose access mode is not known here (Windows checks the handle's own). */
intptr_t host_adopt(intptr_t given)
{
    HANDLE handle = (HANDLE)given;
    struct win_file *f = win_file_new(handle, win_kind_of(handle), LINUX_O_RDWR);
    return f ? (intptr_t)f : -1;
}

/* The descriptor table holds file objects (windows.h), not handles. */
void host_close(intptr_t handle)
{
    struct win_file *f = (struct win_file *)handle;
    if (f == NULL) return;
    if (__atomic_fetch_sub(&f->shares, 1, __ATOMIC_ACQ_REL) > 0) return;   /* another owner still has it */
    if (f->close) {
        f->close(f);
        host_free(f);
        return;
    }
    if (f->find != INVALID_HANDLE_VALUE && f->find != NULL) FindClose(f->find);
    win_locks_closed(f);
    if (f->handle != NULL && f->handle != INVALID_HANDLE_VALUE) CloseHandle(f->handle);
    host_free(f->path);
    host_free(f->input);
    host_free(f);
}

/* Windows has no limit on the handles a process opens but its memory: the table's own bound applies. */
intptr_t host_descriptor_limit(void) { return 0; }

intptr_t host_open_directory(const char *path)
{
    WCHAR *wide = utf16_of(path);
    intptr_t error = 0;
    struct win_file *f = wide ? win_directory_open(wide, &error) : NULL;
    host_free(wide);
    return f ? (intptr_t)f : -1;
}

intptr_t host_cwd_fallback(void) { return 0; }
