/* start.c - the C library's part of program start: environment, arguments, then main, then exit()
 * with main's status, so atexit handlers run and stdio is flushed. Called by crt1.o's _start. */
#include "libc_internal.h"
#include <stdlib.h>

extern char **environ;

int __mc_libc_start(const struct mc_start *start, int (*main)(int, char **, char **))
{
    environ = start->envp;
    exit(main((int)start->argc, start->argv, start->envp));
}
