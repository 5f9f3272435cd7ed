/* Bad pointers handed to the core's C# syscalls (dlopen, dlsym, dladdr, join's value_out) and to the
 * checked copy (mc_copy_checked) must never fault in the host: each gets -EFAULT, or for dlopen and
 * dlsym a failure whose dlerror says "Bad address". Prints "ok" and returns 0, or prints each failed
 * check on stderr and returns their number. Built with the C library (for dlerror, mmap). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <microcosm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static int failures;
#define CHECK(cond) do { if (!(cond)) { failures++; fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_CONTAINS(text, part) do { const char *t_ = (text); if (!t_ || !strstr(t_, (part))) { failures++; \
    fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, t_ ? t_ : "(null)", (part)); } } while (0)

/* Addresses that cannot be read: the lowest page, an inaccessible page (PROT_NONE, not unmapped: a hole
 * could be reused by the next mapping, a thread's stack say), the kernel's half, and a non-canonical one
 * (a general protection fault rather than a page fault). */
static uintptr_t bad[4] = { 1, 0, 0xffff800000001000u, 0x0000900000000000u ^ 0x8000000000000000u };

static intptr_t returns(intptr_t value) { return value; }

int main(void)
{
    char *pages = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) return 100;
    if (mprotect(pages + 4096, 4096, PROT_NONE) != 0) return 101;   /* pages[4096...] cannot be touched */
    bad[1] = (uintptr_t)(pages + 4096);

    for (int i = 0; i < 4; i++) {
        void *p = (void *)bad[i];
        CHECK(dlopen((const char *)p, RTLD_NOW) == NULL);
        CHECK_CONTAINS(dlerror(), "Bad address");
        CHECK(dlsym(RTLD_DEFAULT, (const char *)p) == NULL);
        CHECK_CONTAINS(dlerror(), "Bad address");
        CHECK(dladdr((void *)main, (Dl_info *)p) == 0);
        CHECK(mc_syscall(MC_SYS_DLADDR, (intptr_t)main, (intptr_t)p, 0, 0) == -MC_EFAULT);
        /* The core's error buffer itself bad: the reason cannot be given, the call says why. */
        CHECK(mc_syscall(MC_SYS_DLOPEN, (intptr_t)"libnothing.so", RTLD_NOW, 0, (intptr_t)p) == -MC_EFAULT);
        CHECK(mc_syscall(MC_SYS_DLSYM, 0, (intptr_t)"no_such_symbol", 0, (intptr_t)p) == -MC_EFAULT);

        char buffer[8] = "unread";
        CHECK(mc_copy_checked(buffer, p, 4) == -MC_EFAULT);
        CHECK(mc_copy_checked(p, buffer, 4) == -MC_EFAULT);

        /* join's value_out: -EFAULT, and the thread stays joinable. */
        intptr_t tid = mc_thread_spawn(returns, 42, 0);
        CHECK(tid > 1);
        CHECK(mc_thread_join(tid, (intptr_t *)p) == -MC_EFAULT);
        intptr_t value = 0;
        CHECK(mc_thread_join(tid, &value) == 0 && value == 42);
    }

    /* Read-only memory cannot be written. */
    const char *text = "read-only text";
    CHECK(mc_copy_checked((void *)text, "x", 1) == -MC_EFAULT);
    CHECK(mc_syscall(MC_SYS_DLADDR, (intptr_t)main, (intptr_t)text, 0, 0) == -MC_EFAULT);

    /* Good pointers still work, including a name that ends on the last byte before the guard. */
    char copy[6] = "";
    CHECK(mc_copy_checked(copy, "hello", 6) == 0 && strcmp(copy, "hello") == 0);
    CHECK(mc_copy_checked(copy, (void *)1, 0) == 0);    /* nothing to copy: nothing to fault */
    char *name = pages + 4096 - 14;
    strcpy(name, "libmissing.so");                      /* 13 bytes and the NUL: up to the guard */
    CHECK(dlopen(name, RTLD_NOW) == NULL);
    CHECK_CONTAINS(dlerror(), "libmissing.so: cannot open shared object file: No such file or directory");
    strcpy(name, "main_no_such");
    CHECK(dlsym(RTLD_DEFAULT, name) == NULL);
    CHECK_CONTAINS(dlerror(), "undefined symbol: main_no_such");
    /* The same name without its NUL runs into the guard. */
    memset(pages + 4096 - 8, 'x', 8);
    CHECK(dlopen(pages + 4096 - 8, RTLD_NOW) == NULL);
    CHECK_CONTAINS(dlerror(), "Bad address");
    Dl_info info;
    CHECK(dladdr((void *)main, &info) == 1 && info.dli_fname != NULL);

    puts(failures ? "FAILED" : "ok");
    return failures;
}
