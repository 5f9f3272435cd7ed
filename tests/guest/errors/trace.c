/* Makes a few syscalls for `run --trace`: one with no handler (-ENOSYS), then registers a handler,
 * calls it, and removes it again. With an argument, Linux calls whose strings and buffers the trace shows
 * quoted instead: a write of bytes that need escapes, a path longer than a line shows, a NULL path; and calls
 * whose flags it shows by name: open's (with a bit no name covers), mmap's and mprotect's, an *at call's. With
 * "filled", calls whose filled buffers and structures it shows (docs/tracing.md). */
#include <microcosm.h>

static intptr_t add(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)c; (void)d; (void)e; (void)f;
    return a + b;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1 && argv[1][0] == 'f') {
        /* "filled": what calls fill, and the structures they read (-nolibc: no strcmp). */
        int fds[2] = { -1, -1 }, pair[2];
        char buffer[64];
        long st[18];                                     /* struct stat: 144 bytes */
        long nap[2] = { 0, 1000 }, now[2];
        mc_syscall(293, (intptr_t)fds, 0, 0, 0);                                                   /* pipe2: [3, 4] */
        mc_syscall(1, fds[1], (intptr_t)"hi", 2, 0);                                               /* write */
        mc_syscall(0, fds[0], (intptr_t)buffer, sizeof buffer, 0);                                 /* read: "hi" */
        mc_syscall(0, 99, (intptr_t)buffer, sizeof buffer, 0);                                     /* read: EBADF */
        mc_syscall(5, fds[0], (intptr_t)st, 0, 0);                                                 /* fstat: a FIFO */
        mc_syscall(4, (intptr_t)"/dev/null", (intptr_t)st, 0, 0);                                  /* stat: a device */
        mc_syscall(53, 1, 1, 0, (intptr_t)pair);                                                   /* socketpair: [5, 6] */
        mc_syscall(228, 1, (intptr_t)now, 0, 0);                                                   /* clock_gettime */
        mc_syscall(35, (intptr_t)nap, 0, 0, 0);                                                    /* nanosleep */
        return 0;
    }
    if (argc > 1) {
        mc_syscall(1, 99, (intptr_t)"say \"hi\"\n\x01\xff", 11, 0);                                  /* write: EBADF */
        mc_syscall(257, -100, (intptr_t)"/no/such/directory/and/a/name/longer/than/shown", 0, 0);   /* openat: ENOENT */
        mc_syscall(83, 0, 0, 0, 0);                                                                /* mkdir(NULL): EFAULT */
        mc_syscall(257, -100, (intptr_t)"/no/such/file", 01 | 0100 | 0200 | 02000000 | 0x4000000, 0644);   /* openat: ENOENT */
        intptr_t page = mc_syscall6(9, 0, 4096, 1 | 2, 0x02 | 0x20, -1, 0);                         /* mmap: an address */
        mc_syscall(10, page, 4096, 0, 0);                                                          /* mprotect: PROT_NONE */
        mc_syscall(11, page, 4096, 0, 0);                                                          /* munmap */
        mc_syscall(262, 12345, (intptr_t)"x", 0, 0x100 | 0x1000);                                  /* newfstatat: EBADF */
        return 0;
    }
    if (mc_syscall(4021, 1, 2, 3, 4) != -MC_ENOSYS) return 1;
    mc_register(4022, add);
    if (mc_syscall(4022, 5, 6, 0, 0) != 11) return 2;
    mc_deregister(4022);
    return 0;
}
