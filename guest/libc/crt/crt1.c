/* crt1.c - the start-up file of programs linked with the C library (microcosm cc without -nolibc):
 * the core calls _start with the start block; the C library takes it from there. */
#include <microcosm.h>

int main(int argc, char **argv, char **envp);
int __mc_libc_start(const struct mc_start *start, int (*main)(int, char **, char **));

const struct mc_start *mc_start_info;

int _start(const struct mc_start *start)
{
    mc_start_info = start;
    return __mc_libc_start(start, main);
}
