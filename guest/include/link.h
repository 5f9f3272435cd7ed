/* link.h - the loaded objects, as the C library sees them: dl_iterate_phdr (glibc's, for code that walks the
 * program's objects: gcc's unwinder, profilers) and _dl_find_object (glibc 2.35's, which gcc's unwinder asks for
 * the frame table of the object holding an address). The core knows every loaded object (core syscall
 * MC_SYS_DL_OBJECT); the C library's glue lays its answers out as glibc does (glue/process/dl_objects.c).
 * In the SDK's own headers rather than the C library's overlay: it is the loader's interface. */
#ifndef _LINK_H
#define _LINK_H

#include <elf.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ElfW(type) Elf64_##type

struct dl_phdr_info {
    Elf64_Addr dlpi_addr;            /* load bias: run-time address = dlpi_addr + p_vaddr */
    const char *dlpi_name;           /* the object's path (the program's too, unlike glibc's "") */
    const Elf64_Phdr *dlpi_phdr;     /* its program headers in memory (NULL, with dlpi_phnum 0, if unmapped) */
    Elf64_Half dlpi_phnum;
    unsigned long long dlpi_adds;    /* objects loaded so far; nothing is ever unloaded, so dlpi_subs is 0 */
    unsigned long long dlpi_subs;
    size_t dlpi_tls_modid;           /* its TLS module id, 0 without PT_TLS */
    void *dlpi_tls_data;             /* the calling thread's TLS block of it, NULL without PT_TLS */
};

/* Calls callback for each loaded object, the program first, until it returns non-zero; returns that (or 0). */
int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data);

struct dl_find_object {
    unsigned long long dlfo_flags;
    void *dlfo_map_start;            /* the object's first and last mapped bytes */
    void *dlfo_map_end;
    struct link_map *dlfo_link_map;  /* NULL: Microcosm has no link_map */
    void *dlfo_eh_frame;             /* its PT_GNU_EH_FRAME (.eh_frame_hdr), NULL if none */
    unsigned long long __dflo_reserved[7];
};

/* 0 with *result filled for the object whose segments hold address, else -1. */
int _dl_find_object(void *address, struct dl_find_object *result);

#ifdef __cplusplus
}
#endif
#endif
