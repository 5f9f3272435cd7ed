/* Writes each of its arguments (argv[1] on) on a line of its own, through the host's write(2)
 * (linked with --host-lib libc.so.6; no C library of its own), and returns the argument count.
 * It also makes one syscall (4010, no handler), so that `run --trace` has something to show. */
#include <microcosm.h>

long write(int fd, const void *buffer, unsigned long count);

static unsigned long length(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

int main(int argc, char **argv)
{
    if (mc_syscall(4010, argc - 1, 0, 0, 0) != -MC_ENOSYS) return 100;
    for (int i = 1; i < argc; i++) {
        write(1, argv[i], length(argv[i]));
        write(1, "\n", 1);
    }
    return argc - 1;
}
