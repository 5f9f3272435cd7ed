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

static int arguments_taken;

/* Once: a constructor may have changed the environment (setenv) before main. */
static void take_arguments(int argc, char **argv, char **envp)
{
    if (arguments_taken) return;
    arguments_taken = 1;
    if (envp != NULL) environ = envp;
    if (argc > 0 && argv != NULL && argv[0] != NULL) {
        program_invocation_name = argv[0];
        char *slash = strrchr(argv[0], '/');
        program_invocation_short_name = slash ? slash + 1 : argv[0];
    }
}

/* libc.so's first initializer. The core calls every object's initializers with (argc, argv, envp), as glibc's
 * dynamic loader does, libc.so's before those of the objects that need it: so the program's constructors and its
 * libraries' (C++ static objects among them: googletest reads its GTEST_* variables there) find the environment
 * and the program's name already, as with glibc. A libc.so opened later by dlopen gets the same arguments. */
__attribute__((constructor(101))) static void arguments_at_start(int argc, char **argv, char **envp)
{
    take_arguments(argc, argv, envp);
}

int __mc_libc_start(const struct mc_start *start, int (*main)(int, char **, char **))
{
    take_arguments((int)start->argc, start->argv, start->envp);
    exit(main((int)start->argc, start->argv, start->envp));
}

/* Set by exit() (newlib's, patched): the program ends through exit, not _exit or quick_exit. */
HIDDEN int __mc_exit_flushes;

/* Priority 101: among libc.so's own finalizers, the last. */
__attribute__((destructor(101))) static void flush_streams_at_end(void)
{
    if (__mc_exit_flushes && _GLOBAL_REENT->__cleanup) (*_GLOBAL_REENT->__cleanup)(_GLOBAL_REENT);
}
