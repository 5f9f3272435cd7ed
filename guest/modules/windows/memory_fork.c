/* memory_fork.c (in libmc-memory.so for Windows) - the Windows host's hooks for shared mappings across fork
 * (memory_shared.h): a backing is the section handle a view maps. The parent hands each section over to the child,
 * which it created suspended (DuplicateHandle into it), and the child maps a view of it where the parent has one, in
 * place of the reservation the parent made there for it. */
#include "memory.h"
#include "memory_shared.h"

void shared_release(intptr_t backing)
{
    CloseHandle((HANDLE)backing);
}

intptr_t shared_hand_over(struct mc_fork_shared *out, intptr_t count, intptr_t child)
{
    for (intptr_t i = 0; i < count; i++) {
        HANDLE theirs = NULL;
        if (!DuplicateHandle(GetCurrentProcess(), (HANDLE)out[i].backing, (HANDLE)child, &theirs, 0, 0, DUPLICATE_SAME_ACCESS))
            return lx_last_error();
        out[i].backing = (intptr_t)theirs;
    }
    return 0;
}

/* Maps a view of `section` at `at` (the base of the reservation the parent made for it, released first): the widest
 * access the section allows. 0 or -errno. */
static intptr_t view_in_place(HANDLE section, uintptr_t at, size_t length, uint64_t offset)
{
    struct win_memory_basic_information info;
    if (VirtualQuery((void *)at, &info, sizeof info) == 0 || (info.state != MEM_FREE && (uintptr_t)info.allocation_base != at))
        return -LINUX_EINVAL;
    if (info.state != MEM_FREE && !VirtualFree((void *)at, 0, MEM_RELEASE)) return lx_last_error();
    static const DWORD accesses[] = { FILE_MAP_WRITE | FILE_MAP_EXECUTE, FILE_MAP_WRITE, FILE_MAP_READ };
    for (size_t i = 0; i < sizeof accesses / sizeof accesses[0]; i++) {
        void *view = MapViewOfFileEx(section, accesses[i], (DWORD)(offset >> 32), (DWORD)offset, length, (void *)at);
        if (view == (void *)at) return 0;
        if (view) UnmapViewOfFile(view);
    }
    return lx_last_error();
}

intptr_t shared_map_piece(const struct mc_fork_shared *in, intptr_t i, intptr_t count, intptr_t parent, intptr_t *backing)
{
    (void)parent;   /* the parent handed the sections over already */
    /* A view's pieces (one per protection) come one after the other: the first maps the whole view. */
    if (i == 0 || in[i - 1].backing != in[i].backing || in[i - 1].start + in[i - 1].length != in[i].start) {
        size_t length = in[i].length;
        for (intptr_t j = i + 1; j < count && in[j].backing == in[i].backing && in[j].start == in[i].start + length; j++)
            length += in[j].length;
        intptr_t r = view_in_place((HANDLE)in[i].backing, in[i].start, length, in[i].offset);
        if (r != 0) return r;
    }
    DWORD old;
    if (!VirtualProtect((void *)in[i].start, in[i].length, memory_protection(in[i].prot), &old)) return lx_last_error();
    *backing = in[i].backing;
    return 0;
}
