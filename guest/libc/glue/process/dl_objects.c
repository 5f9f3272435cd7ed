/* dl_objects.c - dl_iterate_phdr and _dl_find_object (<link.h>) over the core's list of loaded objects (core
 * syscall MC_SYS_DL_OBJECT: the index-th object's load bias, program headers, name and TLS block). gcc's
 * unwinder (libgcc_eh, built for glibc 2.35 and later) finds the frame table of each frame it unwinds through
 * with _dl_find_object, so C++ exceptions depend on it (docs/cxx.md). */
#include "libc_internal.h"
#include <link.h>
#include <stdint.h>


static int object_at(intptr_t index, struct mc_dl_object *object)
{
    return mc_syscall(MC_SYS_DL_OBJECT, index, (intptr_t)object, 0, 0) == 1;
}

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *, size_t, void *), void *data)
{
    struct mc_dl_object object;
    unsigned long long count = 0;
    while (object_at(count, &object)) count++;
    for (intptr_t i = 0; object_at(i, &object); i++) {
        struct dl_phdr_info info = {
            .dlpi_addr = object.base, .dlpi_name = object.name, .dlpi_phdr = (const Elf64_Phdr *)object.phdr,
            .dlpi_phnum = (Elf64_Half)object.phnum, .dlpi_adds = count, .dlpi_subs = 0,
            .dlpi_tls_modid = (size_t)object.tls_module,
            .dlpi_tls_data = object.tls_module ? (char *)mc_syscall(MC_SYS_THREAD_SELF, 0, 0, 0, 0) - object.tls_offset : NULL,
        };
        int r = callback(&info, sizeof info, data);
        if (r) return r;
    }
    return 0;
}

/* An object's extent and frame table, from its program headers. */
struct extent {
    uintptr_t start, end;
    void *eh_frame;
    const Elf64_Phdr *phdr;
    intptr_t phnum;
    uintptr_t base;
};

static void measure(const struct mc_dl_object *object, struct extent *extent)
{
    *extent = (struct extent){ .start = UINTPTR_MAX, .phdr = object->phdr, .phnum = object->phnum, .base = object->base };
    for (intptr_t h = 0; h < object->phnum; h++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)object->phdr + h;
        uintptr_t from = object->base + ph->p_vaddr, to = from + ph->p_memsz;
        if (ph->p_type == PT_LOAD) {
            if (from < extent->start) extent->start = from;
            if (to > extent->end) extent->end = to;
        } else if (ph->p_type == PT_GNU_EH_FRAME) {
            extent->eh_frame = (void *)from;
        }
    }
}

/* Whether a PT_LOAD segment (not only the span between the first and the last) holds pc. */
static int holds(const struct extent *extent, uintptr_t pc)
{
    if (pc < extent->start || pc >= extent->end) return 0;
    for (intptr_t h = 0; h < extent->phnum; h++) {
        const Elf64_Phdr *ph = extent->phdr + h;
        uintptr_t from = extent->base + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && pc >= from && pc < from + ph->p_memsz) return 1;
    }
    return 0;
}

/* The objects seen so far, for _dl_find_object: gcc's unwinder asks once a frame, so asking the core each time would
 * cost a syscall an object a frame. Objects are never unloaded and are listed in the order they were loaded, so the
 * cache only grows: entries are written, then published by the count; a miss reads the objects loaded since. */
#define CACHE_SIZE 128
static struct extent cache[CACHE_SIZE];
static int cached;           /* entries published (release/acquire) */
static int cache_lock;       /* held while entries are added */

static int find_cached(uintptr_t pc, int from, int to, struct dl_find_object *result)
{
    for (int i = from; i < to; i++) {
        if (!holds(&cache[i], pc)) continue;
        *result = (struct dl_find_object){ .dlfo_map_start = (void *)cache[i].start, .dlfo_map_end = (void *)cache[i].end,
                                           .dlfo_eh_frame = cache[i].eh_frame };
        return 1;
    }
    return 0;
}

int _dl_find_object(void *address, struct dl_find_object *result)
{
    uintptr_t pc = (uintptr_t)address;
    int known = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (find_cached(pc, 0, known, result)) return 0;
    while (__atomic_exchange_n(&cache_lock, 1, __ATOMIC_ACQUIRE)) __builtin_ia32_pause();
    int count = cached;
    struct mc_dl_object object;
    while (count < CACHE_SIZE && object_at(count, &object)) measure(&object, &cache[count++]);
    __atomic_store_n(&cached, count, __ATOMIC_RELEASE);
    __atomic_store_n(&cache_lock, 0, __ATOMIC_RELEASE);
    if (find_cached(pc, known, count, result)) return 0;
    /* Past the cache's size: the objects beyond it, asked each time. */
    for (intptr_t i = CACHE_SIZE; count == CACHE_SIZE && object_at(i, &object); i++) {
        struct extent extent;
        measure(&object, &extent);
        if (!holds(&extent, pc)) continue;
        *result = (struct dl_find_object){ .dlfo_map_start = (void *)extent.start, .dlfo_map_end = (void *)extent.end,
                                           .dlfo_eh_frame = extent.eh_frame };
        return 0;
    }
    return -1;
}
