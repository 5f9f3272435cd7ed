/* start.c - the C library's part of program start: environment, arguments and the program's name,
 * then main, then exit() with main's status, so atexit handlers run and stdio is flushed. Called by
 * crt1.o's _start. And its end: exit() (patched) leaves the flush of the streams to the last
 * finalizer of libc.so, which the core runs after every other object's, as glibc flushes after the
 * destructors. */
#include "libc_internal.h"
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* glibc's names for argv[0] and its last component (err/warn print the latter). */
char *program_invocation_name = "";
char *program_invocation_short_name = "";

int __mc_libc_start(const struct mc_start *start, int (*main)(int, char **, char **))
{
    environ = start->envp;
    if (start->argc > 0 && start->argv[0] != NULL) {
        program_invocation_name = start->argv[0];
        char *slash = strrchr(start->argv[0], '/');
        program_invocation_short_name = slash ? slash + 1 : start->argv[0];
    }
    exit(main((int)start->argc, start->argv, start->envp));
}

/* Set by exit() (newlib's, patched): the program ends through exit, not _exit or quick_exit. */
HIDDEN int __mc_exit_flushes;

/* Priority 101: among libc.so's own finalizers, the last. */
__attribute__((destructor(101))) static void flush_streams_at_end(void)
{
    if (__mc_exit_flushes && _GLOBAL_REENT->__cleanup) (*_GLOBAL_REENT->__cleanup)(_GLOBAL_REENT);
}
