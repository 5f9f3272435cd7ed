/* own_exe.c (in the path and process modules) - the program's own file, which Linux names /proc/self/exe (and
 * /proc/PID/exe with the process's own PID). The host's /proc names the process's executable, which is Microcosm's
 * CLI, not the program: so the path module answers readlink with the program's file and opens and stats that file in
 * its place, and the process module execs it, so that a program finds its own file, and re-executes itself, as a
 * native one does (docs/abi.md). */
#include "posix.h"
#include <microcosm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *lx_proc_own_rest(const char *path)
{
    if (strncmp(path, "/proc/", 6) != 0) return NULL;
    const char *p = path + 6;
    if (strncmp(p, "self/", 5) == 0) return p + 5;
    char *end;
    long pid = strtol(p, &end, 10);
    return end != p && *end == '/' && pid == (long)getpid() ? end + 1 : NULL;
}

int lx_names_own_exe(const char *path)
{
    const char *rest = lx_proc_own_rest(path);
    return rest != NULL && strcmp(rest, "exe") == 0;
}

static char *own_exe;
static pthread_once_t own_exe_once = PTHREAD_ONCE_INIT;

/* The path the core loaded the program from (-23's first object), made absolute against the directory the program
 * started in (-24), where a relative path is resolved from. */
static void find_own_exe(void)
{
    struct mc_dl_object program;
    if (mc_syscall(MC_SYS_DL_OBJECT, 0, (intptr_t)&program, 0, 0) != 1 || program.name == NULL) return;
    if (program.name[0] == '/') {
        own_exe = strdup(program.name);
        return;
    }
    char start[4096];
    if (mc_syscall(MC_SYS_WORKING_DIRECTORY, (intptr_t)start, sizeof start, 0, 0) <= 0) return;
    size_t length = strlen(start) + 1 + strlen(program.name) + 1;
    if ((own_exe = malloc(length)) != NULL) snprintf(own_exe, length, "%s/%s", start, program.name);
}

const char *lx_own_exe(void)
{
    pthread_once(&own_exe_once, find_own_exe);
    return own_exe;
}

const char *lx_exe_path(const char *path)
{
    const char *own;
    return lx_names_own_exe(path) && (own = lx_own_exe()) != NULL ? own : path;
}
