/* One fault per subcommand (argv[1]), each in a function of its own so that the report can name it:
 *   null-write, wild-read, bus PATH, trap, divide, recurse      on the main thread
 *   spawn-null, spawn-recurse                                   on a spawned thread, main joining it
 *   spawn-null-spin                                             on a spawned thread, main spinning without syscalls
 *   closed-stderr                                               null-write after closing descriptor 2
 *   stderr-to PATH                                              null-write after descriptor 2 became the file PATH
 *   ok                                                          no fault: exits 7
 * Anything that gets past its fault returns 100. */
#include <microcosm.h>
#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#define NOINLINE __attribute__((noinline))

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

NOINLINE void write_null(volatile int *p) { *p = 42; }

/* Below vm.mmap_min_addr (64 KiB): nothing can be mapped there. */
NOINLINE int read_wild(void) { return *(volatile int *)(uintptr_t)0xbeef; }

/* A page of a file mapped beyond the file's end: touching it is SIGBUS. */
NOINLINE int touch_truncated(volatile char *page) { return page[16]; }

static int bus(const char *path)
{
    intptr_t fd = mc_syscall6(__NR_open, (intptr_t)path, O_RDWR | O_CREAT | O_TRUNC, 0600, 0, 0, 0);
    if (fd < 0) return 20;
    mc_syscall6(__NR_unlink, (intptr_t)path, 0, 0, 0, 0, 0);
    if (mc_syscall6(__NR_ftruncate, fd, 0, 0, 0, 0, 0) != 0) return 21;
    intptr_t page = mc_syscall6(__NR_mmap, 0, 4096, PROT_READ, MAP_SHARED, fd, 0);
    if (page < 0 && page > -4096) return 22;
    return touch_truncated((volatile char *)page);
}

NOINLINE void trap(void) { __builtin_trap(); }

NOINLINE int divide(int a, int b) { return a / b; }

static volatile int zero;
static volatile int limit = 0x7fffffff; /* deeper than any stack: the recursion ends in the guard page */

/* Not a tail call, and a frame that the optimizer cannot drop: each level really takes stack. */
NOINLINE int recurse(int depth)
{
    volatile char pad[64];
    pad[depth & 63] = (char)depth;
    if (depth >= limit) return 0;
    return recurse(depth + 1) + pad[(depth + 1) & 63];
}

static intptr_t null_thread(intptr_t arg) { (void)arg; write_null((volatile int *)(uintptr_t)zero); return 100; }
static intptr_t recurse_thread(intptr_t arg) { return recurse((int)arg); }

static int spawn_and_join(mc_thread_fn fn)
{
    intptr_t tid = mc_thread_spawn(fn, 0, 256 * 1024);
    if (tid <= 1) return 30;
    intptr_t value;
    mc_thread_join(tid, &value);
    return 100;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    const char *what = argv[1];
    if (str_eq(what, "ok")) return 7;
    if (str_eq(what, "null-write")) write_null((volatile int *)(uintptr_t)zero);
    else if (str_eq(what, "wild-read")) return read_wild();
    else if (str_eq(what, "bus") && argc > 2) return bus(argv[2]);
    else if (str_eq(what, "trap")) trap();
    else if (str_eq(what, "divide")) return divide(7, zero);
    else if (str_eq(what, "recurse")) return recurse(0);
    else if (str_eq(what, "spawn-null")) return spawn_and_join(null_thread);
    else if (str_eq(what, "spawn-recurse")) return spawn_and_join(recurse_thread);
    else if (str_eq(what, "closed-stderr")) {
        mc_syscall(__NR_close, 2, 0, 0, 0);
        write_null((volatile int *)(uintptr_t)zero);
    }
    else if (str_eq(what, "stderr-to") && argc > 2) {
        mc_syscall(__NR_close, 2, 0, 0, 0);
        if (mc_syscall6(__NR_open, (intptr_t)argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600, 0, 0, 0) != 2) return 31;
        write_null((volatile int *)(uintptr_t)zero);
    }
    else if (str_eq(what, "spawn-null-spin")) {
        if (mc_thread_spawn(null_thread, 0, 0) <= 1) return 30;
        for (;;) zero = 0; /* never makes a syscall again: cannot be stopped */
    }
    else return 3;
    return 100;
}
