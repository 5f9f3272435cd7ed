/* objects.c - dl_iterate_phdr and _dl_find_object (<link.h>): the program comes first, the C library is among the
 * objects, each object's program headers are its own (a PT_LOAD of the program holds main), the iteration stops at
 * a callback's non-zero value, the modules' objects are listed too (guest code in the same address space, as dladdr
 * names them), a thread-local variable's block is the calling thread's, and _dl_find_object finds
 * the object holding an address with its .eh_frame_hdr (what gcc's unwinder asks, docs/cxx.md) and refuses one
 * that no object holds. */
#include "check.h"
#include <link.h>
#include <stdint.h>
#include <string.h>

__thread int tls_value = 7;   /* written in main: a constant the compiler could fold would have no block */

struct walk {
    int count, program_holds_main, saw_libc, program_tls_ok, stop_after;
    const char *first_name;
};

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
    struct walk *w = data;
    CHECK(size >= sizeof *info);
    CHECK(info->dlpi_phdr != NULL && info->dlpi_phnum > 0);
    if (w->count == 0) {
        w->first_name = info->dlpi_name;
        for (int i = 0; i < info->dlpi_phnum; i++) {
            const Elf64_Phdr *ph = &info->dlpi_phdr[i];
            uintptr_t start = info->dlpi_addr + ph->p_vaddr, main_at = (uintptr_t)&visit;
            if (ph->p_type == PT_LOAD && main_at >= start && main_at < start + ph->p_memsz) w->program_holds_main = 1;
        }
        w->program_tls_ok = info->dlpi_tls_modid > 0 && info->dlpi_tls_data != NULL &&
                            *(int *)info->dlpi_tls_data == tls_value;
    }
    size_t length = strlen(info->dlpi_name);   /* a path of the host's: \ separates on Windows */
    if (length >= 8 && strcmp(info->dlpi_name + length - 7, "libc.so") == 0 && strchr("/\\", info->dlpi_name[length - 8])) {
        w->saw_libc = 1;
        CHECK(info->dlpi_tls_modid == 0 || info->dlpi_tls_data != NULL);
    }
    CHECK(info->dlpi_adds >= 2 && info->dlpi_subs == 0);
    w->count++;
    return w->stop_after && w->count == w->stop_after ? 42 : 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    tls_value = 9;
    struct walk w = {0};
    CHECK(dl_iterate_phdr(visit, &w) == 0);
    CHECK(w.count >= 2);
    CHECK(w.first_name && strstr(w.first_name, "objects") != NULL);
    CHECK(strstr(argv[0], "objects") != NULL);
    CHECK(w.program_holds_main);
    CHECK(w.saw_libc);
    CHECK(w.program_tls_ok);

    struct walk stopped = {.stop_after = 1};
    CHECK(dl_iterate_phdr(visit, &stopped) == 42);
    CHECK(stopped.count == 1);

    struct dl_find_object found;
    CHECK(_dl_find_object((void *)&visit, &found) == 0);
    CHECK((uintptr_t)found.dlfo_map_start <= (uintptr_t)&visit && (uintptr_t)&visit < (uintptr_t)found.dlfo_map_end);
    CHECK(found.dlfo_eh_frame != NULL);
    CHECK(_dl_find_object((void *)&strlen, &found) == 0);   /* in libc.so */
    CHECK(!((uintptr_t)found.dlfo_map_start <= (uintptr_t)&visit && (uintptr_t)&visit < (uintptr_t)found.dlfo_map_end));
    CHECK(_dl_find_object((void *)16, &found) == -1);
    return CHECK_DONE();
}
