/* libmc-memory.so for Windows: Linux's mappings over VirtualAlloc - mmap (anonymous, and file-backed:
 * private ones are the file's bytes read into private memory; shared ones are views of a file mapping),
 * munmap, mprotect, madvise, mremap and msync.
 *
 * Linux maps and unmaps any run of 4 KiB pages; Windows reserves address space in 64 KiB-aligned
 * allocations and commits pages inside them. So a mapping is a reservation (rounded up to 64 KiB) whose
 * first pages are committed; unmapping pages decommits them (the guest sees them unmapped: touching them
 * faults, as on Linux), and a reservation is released when none of its pages is committed any more. A
 * fixed mapping (MAP_FIXED, MAP_FIXED_NOREPLACE) lands in free address space (at a 64 KiB boundary) or in
 * the uncommitted pages of one of the module's own reservations; over anything else of the host's it is
 * refused (-ENOMEM for MAP_FIXED, -EEXIST for MAP_FIXED_NOREPLACE), never clobbering it.
 *
 * The module keeps the ranges it has committed for its guest (memory_ranges.h), which are the guest's
 * mappings: the destructor unmaps what is left when the instance ends, as a process's exit would.
 * Shared mappings are views of a section - a file's, or for anonymous ones one the pagefile backs - which the module
 * keeps (memory_shared.h) so that a fork child maps the same section (memory_fork.c). Views can only be unmapped whole
 * (a munmap of part of one leaves it mapped), and need 64 KiB-aligned offsets (docs/hosts.md).
 */
#include "fd.h"
#include "memory.h"
#include "memory_ranges.h"
#include "memory_shared.h"

#define PAGE ((uintptr_t)4096)
#define GRANULE ((uintptr_t)65536)

static host_mutex mappings_lock;

static uintptr_t round_up(uintptr_t n, uintptr_t to) { return (n + to - 1) & ~(to - 1); }

DWORD memory_protection(intptr_t prot)
{
    switch (prot & (LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)) {
    case 0: return PAGE_NOACCESS;
    case LINUX_PROT_READ: return PAGE_READONLY;
    case LINUX_PROT_WRITE:
    case LINUX_PROT_READ | LINUX_PROT_WRITE: return PAGE_READWRITE;
    case LINUX_PROT_EXEC: return PAGE_EXECUTE;
    case LINUX_PROT_EXEC | LINUX_PROT_READ: return PAGE_EXECUTE_READ;
    default: return PAGE_EXECUTE_READWRITE;
    }
}

/* Whether [start, end) is free address space (no reservation of anyone's). */
static int free_space(uintptr_t start, uintptr_t end)
{
    for (uintptr_t at = start; at < end;) {
        struct win_memory_basic_information info;
        if (VirtualQuery((void *)at, &info, sizeof info) == 0) return 0;
        if (info.state != MEM_FREE) return 0;
        at = (uintptr_t)info.base + info.region_size;
    }
    return 1;
}

/* Whether [start, end) lies in reservations of the module's own (each page reserved, its reservation
 * holding a range the module committed) and is not committed: room for a fixed mapping. */
static int own_room(uintptr_t start, uintptr_t end)
{
    for (uintptr_t at = start; at < end;) {
        struct win_memory_basic_information info;
        if (VirtualQuery((void *)at, &info, sizeof info) == 0 || info.state != MEM_RESERVE || info.type != 0x20000 /* MEM_PRIVATE */)
            return 0;
        uintptr_t base = (uintptr_t)info.allocation_base;
        /* Ours if any page of the same reservation is one of the guest's. */
        struct win_memory_basic_information first;
        int ours = 0;
        for (uintptr_t p = base; VirtualQuery((void *)p, &first, sizeof first) && (uintptr_t)first.allocation_base == base;
             p = (uintptr_t)first.base + first.region_size)
            if (first.state == MEM_COMMIT && ranges_cover((uintptr_t)first.base, (uintptr_t)first.base + PAGE)) {
                ours = 1;
                break;
            }
        if (!ours) return 0;
        at = (uintptr_t)info.base + info.region_size;
    }
    return 1;
}

/* Releases the reservation holding `at` if none of its pages is committed any more. */
static void release_if_empty(uintptr_t at)
{
    struct win_memory_basic_information info;
    if (VirtualQuery((void *)at, &info, sizeof info) == 0 || info.state == MEM_FREE) return;
    uintptr_t base = (uintptr_t)info.allocation_base;
    for (uintptr_t p = base; VirtualQuery((void *)p, &info, sizeof info) && (uintptr_t)info.allocation_base == base;
         p = (uintptr_t)info.base + info.region_size)
        if (info.state == MEM_COMMIT) return;
    VirtualFree((void *)base, 0, MEM_RELEASE);
}

/* The end of the allocation at `base` (a view, a reservation): its regions, walked. */
static uintptr_t allocation_end(uintptr_t base)
{
    struct win_memory_basic_information info;
    uintptr_t at = base;
    while (VirtualQuery((void *)at, &info, sizeof info) && (uintptr_t)info.allocation_base == base)
        at = (uintptr_t)info.base + info.region_size;
    return at;
}

/* Whether a page of [from, to) is still one of the guest's. */
static int any_page_ours(uintptr_t from, uintptr_t to)
{
    for (uintptr_t page = from; page < to; page += PAGE)
        if (ranges_cover(page, page + PAGE)) return 1;
    return 0;
}

/* Unmaps [start, end) of the guest's: a view once none of its pages is the guest's any more (Windows unmaps a view
 * only whole: one unmapped in part stays mapped until its last page is), private pages decommitted, emptied
 * reservations released. Pages that are not the guest's are left alone, as Linux's munmap of nothing succeeds. */
static void unmap_range(uintptr_t start, size_t length)
{
    uintptr_t end = start + length;
    for (uintptr_t at = start; at < end;) {
        struct win_memory_basic_information info;
        if (VirtualQuery((void *)at, &info, sizeof info) == 0) break;
        uintptr_t region_end = (uintptr_t)info.base + info.region_size;
        uintptr_t stop = region_end < end ? region_end : end;
        if (info.state == MEM_COMMIT && ranges_cover(at, stop)) {
            if (info.type == MEM_MAPPED) {
                uintptr_t base = (uintptr_t)info.allocation_base, view_end = allocation_end(base);
                if (!any_page_ours(base, start > base ? start : base) && !any_page_ours(end < view_end ? end : view_end, view_end)) {
                    UnmapViewOfFile((void *)base);
                    shared_remove(base, view_end);
                }
                stop = view_end < end ? view_end : end;
            } else {
                VirtualFree((void *)at, stop - at, MEM_DECOMMIT);
                release_if_empty(at);
            }
        }
        at = stop;
    }
}

/* Commits [at, at + length) read-write, in free address space (which it reserves) or in the module's
 * own reserved pages: 0, or -1. */
static int commit_fixed(uintptr_t at, uintptr_t length)
{
    if ((at & (GRANULE - 1)) == 0 && free_space(at, round_up(at + length, GRANULE)))
        return VirtualAlloc((void *)at, round_up(length, GRANULE), MEM_RESERVE, PAGE_NOACCESS) &&
               VirtualAlloc((void *)at, length, MEM_COMMIT, PAGE_READWRITE) ? 0 : -1;
    if (own_room(at, at + length)) return VirtualAlloc((void *)at, length, MEM_COMMIT, PAGE_READWRITE) ? 0 : -1;
    return -1;
}

/* Fills a private mapping with a file's bytes from `offset` (the rest of the last page stays zero). */
static intptr_t read_file(struct win_file *f, void *at, size_t length, int64_t offset)
{
    host_lock(&f->lock);
    LONGLONG saved;
    SetFilePointerEx(f->handle, 0, &saved, FILE_CURRENT);
    size_t done = 0;
    intptr_t r = 0;
    while (done < length) {
        struct win_overlapped where = { 0, 0, (DWORD)(offset + done), (DWORD)((uint64_t)(offset + done) >> 32), NULL };
        DWORD n = 0;
        DWORD chunk = length - done > 0x40000000 ? 0x40000000 : (DWORD)(length - done);
        if (!ReadFile(f->handle, (char *)at + done, chunk, &n, &where)) {
            if (GetLastError() != ERROR_HANDLE_EOF) r = lx_last_error();
            break;
        }
        if (n == 0) break;
        done += n;
    }
    SetFilePointerEx(f->handle, saved, NULL, FILE_BEGIN);
    host_unlock(&f->lock);
    return r;
}

/* A shared view of a file (f), or of a section the pagefile backs (f NULL: an anonymous shared mapping): the bytes
 * are the file's, both ways, or the section's, which a fork child maps too. The section is kept with the view
 * (memory_shared.h). */
static intptr_t map_shared(struct win_file *f, uintptr_t hint, size_t length, intptr_t prot, int64_t offset, int fixed)
{
    if (offset & (GRANULE - 1)) return -LINUX_EINVAL;   /* Windows maps views at 64 KiB offsets only */
    int writable = (prot & LINUX_PROT_WRITE) != 0;
    /* An anonymous section allows every protection, so that mprotect can give its pages any. */
    DWORD section = f ? (writable ? PAGE_READWRITE : PAGE_READONLY) : PAGE_EXECUTE_READWRITE;
    DWORD access = f ? (writable ? FILE_MAP_WRITE : FILE_MAP_READ) : FILE_MAP_WRITE | FILE_MAP_EXECUTE;
    HANDLE mapping = CreateFileMappingW(f ? f->handle : INVALID_HANDLE_VALUE, NULL, section,
                                        f ? 0 : (DWORD)((uint64_t)length >> 32), f ? 0 : (DWORD)length, NULL);
    if (mapping == NULL) return lx_last_error();
    void *view = MapViewOfFileEx(mapping, access, (DWORD)((uint64_t)offset >> 32), (DWORD)offset, length,
                                 (hint & (GRANULE - 1)) ? NULL : (void *)hint);
    if (view == NULL && !fixed && hint)
        view = MapViewOfFileEx(mapping, access, (DWORD)((uint64_t)offset >> 32), (DWORD)offset, length, NULL);
    intptr_t error = view ? 0 : lx_last_error();
    if (view && fixed && (uintptr_t)view != hint) {
        UnmapViewOfFile(view);
        view = NULL;
        error = -LINUX_ENOMEM;
    }
    DWORD old;
    if (view && !f && memory_protection(prot) != PAGE_EXECUTE_READWRITE && !VirtualProtect(view, length, memory_protection(prot), &old)) {
        error = lx_last_error();
        UnmapViewOfFile(view);
        view = NULL;
    }
    if (view == NULL) {
        CloseHandle(mapping);
        return error;
    }
    shared_add((uintptr_t)view, (uintptr_t)view + length, (intptr_t)mapping, (uint64_t)offset);
    return (intptr_t)view;
}

MC_HANDLER(sys_mmap)
{
    uintptr_t hint = (uintptr_t)a;
    size_t length = (size_t)b;
    intptr_t prot = c, flags = d;
    if (length == 0) return -LINUX_EINVAL;
    if (prot & ~(intptr_t)(LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)) return -LINUX_EINVAL;
    int type = (int)(flags & LINUX_MAP_TYPE);
    if (type != LINUX_MAP_PRIVATE && type != LINUX_MAP_SHARED && type != LINUX_MAP_SHARED_VALIDATE) return -LINUX_EINVAL;
    int fixed = (flags & (LINUX_MAP_FIXED | LINUX_MAP_FIXED_NOREPLACE)) != 0;
    if (fixed && (hint & (PAGE - 1))) return -LINUX_EINVAL;
    int anonymous = (flags & LINUX_MAP_ANONYMOUS) != 0;
    if (!anonymous && (f & (int64_t)(PAGE - 1))) return -LINUX_EINVAL;
    LX_FD(fd, anonymous ? -1 : e);
    if (!anonymous && fd.host == -1) return -LINUX_EBADF;
    struct win_file *file = anonymous ? NULL : win_file_of(&fd);
    if (file && file->kind != WIN_FILE) return -LINUX_ENODEV;
    uintptr_t size = round_up(length, PAGE);

    host_lock(&mappings_lock);
    intptr_t result;
    if (ranges_reserve(1) != 0 || shared_reserve(2) != 0) {
        result = -LINUX_ENOMEM;
        goto out;
    }
    if (fixed && (flags & LINUX_MAP_FIXED) && !(flags & LINUX_MAP_FIXED_NOREPLACE) && ranges_cover(hint, hint + size)) {
        unmap_range(hint, size);   /* MAP_FIXED over the guest's own mapping replaces it */
        ranges_remove(hint, hint + size);
    }
    /* A file's shared mapping is a view; an anonymous one too where a view can be (not at a fixed place inside a
     * reservation, or off a 64 KiB boundary: there it is private memory, which a fork child copies). */
    if (type != LINUX_MAP_PRIVATE &&
        (file || !fixed || ((hint & (GRANULE - 1)) == 0 && free_space(hint, round_up(hint + size, GRANULE))))) {
        result = map_shared(file, hint, size, prot, file ? (int64_t)f : 0, fixed);
        if (result > 0) ranges_add((uintptr_t)result, (uintptr_t)result + size);
        else if (result == -LINUX_ENOMEM && fixed && (flags & LINUX_MAP_FIXED_NOREPLACE)) result = -LINUX_EEXIST;
        goto out;
    }
    uintptr_t at;
    if (fixed) {
        if (commit_fixed(hint, size) != 0) {
            result = (flags & LINUX_MAP_FIXED_NOREPLACE) ? -LINUX_EEXIST : -LINUX_ENOMEM;
            goto out;
        }
        at = hint;
    } else {
        void *p = (hint & (GRANULE - 1)) == 0 && hint ? VirtualAlloc((void *)hint, round_up(size, GRANULE), MEM_RESERVE, PAGE_NOACCESS) : NULL;
        if (p == NULL) p = VirtualAlloc(NULL, round_up(size, GRANULE), MEM_RESERVE, PAGE_NOACCESS);
        if (p == NULL || !VirtualAlloc(p, size, MEM_COMMIT, PAGE_READWRITE)) {
            if (p) VirtualFree(p, 0, MEM_RELEASE);
            result = -LINUX_ENOMEM;
            goto out;
        }
        at = (uintptr_t)p;
    }
    if (file) {
        intptr_t r = read_file(file, (void *)at, length, (int64_t)f);
        if (r < 0) {
            VirtualFree((void *)at, size, MEM_DECOMMIT);
            release_if_empty(at);
            result = r;
            goto out;
        }
    }
    DWORD old;
    if (memory_protection(prot) != PAGE_READWRITE) VirtualProtect((void *)at, size, memory_protection(prot), &old);
    ranges_add(at, at + size);
    result = (intptr_t)at;
out:
    host_unlock(&mappings_lock);
    return result;
}

MC_HANDLER(sys_munmap)
{
    uintptr_t start = (uintptr_t)a;
    if ((start & (PAGE - 1)) || b == 0) return -LINUX_EINVAL;
    uintptr_t size = round_up((uintptr_t)b, PAGE);
    host_lock(&mappings_lock);
    intptr_t result = ranges_reserve(1) == 0 && shared_reserve(2) == 0 ? 0 : -LINUX_ENOMEM;
    if (result == 0) {
        unmap_range(start, size);
        ranges_remove(start, start + size);
    }
    host_unlock(&mappings_lock);
    return result;
}

MC_HANDLER(sys_mprotect)
{
    uintptr_t start = (uintptr_t)a;
    if (start & (PAGE - 1)) return -LINUX_EINVAL;
    if (c & ~(intptr_t)(LINUX_PROT_READ | LINUX_PROT_WRITE | LINUX_PROT_EXEC)) return -LINUX_EINVAL;
    uintptr_t end = start + round_up((uintptr_t)b, PAGE);
    /* Region by region: VirtualProtect stays inside one allocation. */
    for (uintptr_t at = start; at < end;) {
        struct win_memory_basic_information info;
        if (VirtualQuery((void *)at, &info, sizeof info) == 0 || info.state != MEM_COMMIT) return -LINUX_ENOMEM;
        uintptr_t region_end = (uintptr_t)info.base + info.region_size;
        uintptr_t stop = region_end < end ? region_end : end;
        DWORD old;
        if (!VirtualProtect((void *)at, stop - at, memory_protection(c), &old)) return lx_last_error();
        at = stop;
    }
    return 0;
}

/* madvise: DONTNEED (and FREE, REMOVE) of the guest's private pages makes them read as zeros next time,
 * as Linux does: they are decommitted and committed again. The rest is advice. */
MC_HANDLER(sys_madvise)
{
    uintptr_t start = (uintptr_t)a;
    if (start & (PAGE - 1)) return -LINUX_EINVAL;
    uintptr_t size = round_up((uintptr_t)b, PAGE);
    if (c != LINUX_MADV_DONTNEED && c != LINUX_MADV_FREE && c != LINUX_MADV_REMOVE) return c >= 0 && c <= LINUX_MADV_DODUMP ? 0 : -LINUX_EINVAL;
    host_lock(&mappings_lock);
    intptr_t r = 0;
    for (uintptr_t at = start; r == 0 && at < start + size;) {
        struct win_memory_basic_information info;
        if (VirtualQuery((void *)at, &info, sizeof info) == 0) break;
        uintptr_t region_end = (uintptr_t)info.base + info.region_size;
        uintptr_t stop = region_end < start + size ? region_end : start + size;
        if (info.state == MEM_COMMIT && info.type == 0x20000 && ranges_cover(at, stop)) {
            DWORD protect = info.protect;
            if (!VirtualFree((void *)at, stop - at, MEM_DECOMMIT) || !VirtualAlloc((void *)at, stop - at, MEM_COMMIT, protect))
                r = lx_last_error();
        }
        at = stop;
    }
    host_unlock(&mappings_lock);
    return r;
}

/* mremap: growing in place where the pages above are free or the module's own reserved ones, else (with
 * MREMAP_MAYMOVE) a new mapping with the contents copied; shrinking unmaps the tail. */
MC_HANDLER(sys_mremap)
{
    uintptr_t old = (uintptr_t)a, old_size = round_up((uintptr_t)b, PAGE), new_size = round_up((uintptr_t)c, PAGE);
    intptr_t flags = d;
    if ((old & (PAGE - 1)) || new_size == 0 || (flags & ~(intptr_t)(LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED)))
        return -LINUX_EINVAL;
    if (flags & LINUX_MREMAP_FIXED) return -LINUX_EINVAL;   /* not provided: programs move with MAYMOVE */
    host_lock(&mappings_lock);
    intptr_t result;
    if (ranges_reserve(2) != 0 || shared_reserve(2) != 0 || !ranges_cover(old, old + old_size)) {
        result = ranges_cover(old, old + old_size) ? -LINUX_ENOMEM : -LINUX_EFAULT;
    } else if (new_size <= old_size) {
        unmap_range(old + new_size, old_size - new_size);
        ranges_remove(old + new_size, old + old_size);
        result = (intptr_t)old;
    } else if (commit_fixed(old + old_size, new_size - old_size) == 0) {
        ranges_add(old + old_size, old + new_size);
        result = (intptr_t)old;
    } else if (!(flags & LINUX_MREMAP_MAYMOVE)) {
        result = -LINUX_ENOMEM;
    } else {
        void *p = VirtualAlloc(NULL, round_up(new_size, GRANULE), MEM_RESERVE, PAGE_NOACCESS);
        if (p == NULL || !VirtualAlloc(p, new_size, MEM_COMMIT, PAGE_READWRITE)) {
            if (p) VirtualFree(p, 0, MEM_RELEASE);
            result = -LINUX_ENOMEM;
        } else {
            memcpy(p, (void *)old, old_size);
            struct win_memory_basic_information info;
            DWORD was;
            if (VirtualQuery((void *)old, &info, sizeof info) && info.protect != PAGE_READWRITE)
                VirtualProtect(p, new_size, info.protect, &was);
            unmap_range(old, old_size);
            ranges_remove(old, old + old_size);
            ranges_add((uintptr_t)p, (uintptr_t)p + new_size);
            result = (intptr_t)p;
        }
    }
    host_unlock(&mappings_lock);
    return result;
}

MC_HANDLER(sys_msync)
{
    uintptr_t start = (uintptr_t)a;
    if (start & (PAGE - 1)) return -LINUX_EINVAL;
    struct win_memory_basic_information info;
    if (VirtualQuery((void *)start, &info, sizeof info) == 0 || info.state != MEM_COMMIT) return -LINUX_ENOMEM;
    if (info.type == MEM_MAPPED && !FlushViewOfFile((void *)start, (SIZE_T)b)) return lx_last_error();
    return 0;
}

void ranges_lock(void) { host_lock(&mappings_lock); }
void ranges_unlock(void) { host_unlock(&mappings_lock); }

/* The memory family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry memory_syscalls[] = { MC_FAMILY_memory(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void memory_module_init(void)
{
    MC_REGISTER_TABLE(memory_syscalls);
}

static void release(uintptr_t start, size_t length) { unmap_range(start, length); }

/* The end of the instance: whatever the guest left mapped goes, the C library's heap included. */
__attribute__((destructor)) static void memory_module_end(void)
{
    host_lock(&mappings_lock);
    ranges_release_all(release);
    host_unlock(&mappings_lock);
}
