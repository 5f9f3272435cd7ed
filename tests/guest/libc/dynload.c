/* dynload: loading at run time - dlopen of a plug-in with a dependency of its own, whose code calls
 * back into the program (-rdynamic) and whose constructor ran; dlsym of functions and data; the same
 * handle for the same object; RTLD_GLOBAL making a plug-in's symbols visible to the next one; RTLD_NOLOAD;
 * RTLD_DEFAULT and RTLD_NEXT; dladdr; dlopen(NULL); the errors; a fork child that has the parent's plug-ins,
 * handles and their data, and opens one more; the finalizer at the end. */
#define _GNU_SOURCE
#include "check.h"
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char notes[256];

int host_add(int a, int b) { return a + b; }
void host_note(const char *what)
{
    strncat(notes, what, sizeof notes - strlen(notes) - 2);
    strcat(notes, ";");
    if (strcmp(what, "plugin finalized") == 0) {
        printf("%s\n", notes);   /* at exit: the test reads it */
        fflush(stdout);
    }
}

static char directory[512];

static void *open_plugin(const char *name, int mode)
{
    char path[600];
    snprintf(path, sizeof path, "%s/plugins/%s", directory, name);
    return dlopen(path, mode);
}

int main(int argc, char **argv)
{
    (void)argc;
    strncpy(directory, argv[0], sizeof directory - 1);
    char *slash = strrchr(directory, '/');
    if (slash) *slash = 0;

    void *plugin = open_plugin("libplugin.so", RTLD_NOW);
    CHECK(plugin != NULL);
    if (!plugin) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return CHECK_DONE();
    }
    int (*answer)(void) = (int (*)(void))dlsym(plugin, "plugin_answer");
    int (*twice_plus)(int) = (int (*)(int))dlsym(plugin, "plugin_twice_plus");
    int *counter = dlsym(plugin, "plugin_counter");
    CHECK(answer && twice_plus && counter);
    if (answer) CHECK(answer() == 42);                  /* its constructor ran; it called host_add */
    if (twice_plus) CHECK(twice_plus(5) == 110);        /* through its own dependency */
    if (counter && twice_plus) {
        *counter = 1000;
        CHECK(twice_plus(1) == 1002);                   /* the data dlsym gave is the object's */
    }
    CHECK(dlsym(plugin, "dep_twice") != NULL);          /* a handle's scope includes its dependencies */
    CHECK(open_plugin("libplugin.so", RTLD_LAZY) == plugin);   /* the same object, the same handle */
    CHECK(dlclose(plugin) == 0);                        /* one of the two references */

    /* RTLD_NOLOAD finds only what is loaded. */
    CHECK(dlopen("libplugdep.so", RTLD_NOW | RTLD_NOLOAD) != NULL);
    CHECK(dlopen("libsecond.so", RTLD_NOW | RTLD_NOLOAD) == NULL && dlerror() != NULL);

    /* A local object's symbols are not global; after RTLD_GLOBAL they are. */
    CHECK(dlsym(RTLD_DEFAULT, "plugin_answer") == NULL && dlerror() != NULL);
    CHECK(open_plugin("libthird.so", RTLD_NOW) == NULL);   /* second_value is nowhere yet */
    const char *message = dlerror();
    CHECK(message && strstr(message, "second_value"));
    void *second = open_plugin("libsecond.so", RTLD_NOW | RTLD_GLOBAL);
    CHECK(second != NULL);
    CHECK(dlsym(RTLD_DEFAULT, "second_value") != NULL);
    void *third = open_plugin("libthird.so", RTLD_NOW);
    CHECK(third != NULL);
    if (third) {
        int (*third_value)(void) = (int (*)(void))dlsym(third, "third_value");
        CHECK(third_value && third_value() == 42);
    }

    /* The program itself, and what it sees: libc's functions, RTLD_NEXT past the caller. */
    void *self = dlopen(NULL, RTLD_NOW);
    CHECK(self != NULL);
    CHECK(dlsym(self, "host_add") == (void *)host_add);
    CHECK(dlsym(RTLD_DEFAULT, "strlen") == (void *)strlen);
    CHECK(dlsym(RTLD_NEXT, "strlen") == (void *)strlen);   /* the program defines none: libc's */
    CHECK(dlsym(RTLD_NEXT, "host_add") == NULL && dlerror() != NULL);   /* only the program has one */

    /* dladdr names a guest address: the object and the nearest exported symbol. */
    Dl_info info;
    if (answer) {
        CHECK(dladdr((const char *)answer + 1, &info) == 1);
        CHECK(info.dli_fname && strstr(info.dli_fname, "plugins/libplugin.so"));
        CHECK(info.dli_sname && strcmp(info.dli_sname, "plugin_answer") == 0);
        CHECK(info.dli_saddr == (void *)answer);
        CHECK(info.dli_fbase != NULL);
    }
    CHECK(dladdr((void *)printf, &info) == 1 && strstr(info.dli_fname, "libc.so") && strcmp(info.dli_sname, "printf") == 0);
    CHECK(dladdr((void *)16, &info) == 0);

    /* Errors. */
    CHECK(dlsym(plugin, "no_such_symbol") == NULL);
    message = dlerror();
    CHECK(message && strstr(message, "undefined symbol: no_such_symbol") && strstr(message, "libplugin.so"));
    CHECK(dlsym((void *)12345, "x") == NULL && (message = dlerror()) && strstr(message, "invalid handle"));
    /* Many calls answered by the core's C# code, each making an error message: the host's managed heap collects
     * many times meanwhile, and under Wine with the runtime's W^X on that once killed the process after some
     * 200,000 (docs/hosts.md, "Under Wine"). */
    int failed = 0;
    for (int i = 0; i < 400000; i++) failed += dlsym((void *)12345, "x") == NULL && dlerror() != NULL;
    CHECK(failed == 400000);
    CHECK(open_plugin("missing.so", RTLD_NOW) == NULL && (message = dlerror()) && strstr(message, "missing.so"));
    CHECK(dlopen("libc.so", RTLD_NOW) != NULL);   /* by name: the program's own libc, shared */
    CHECK(dlopen(argv[0], RTLD_NOW) != NULL);      /* the program itself, by its path */
    char other[600];
    snprintf(other, sizeof other, "%s/formats", directory);
    CHECK(dlopen(other, RTLD_NOW) == NULL && (message = dlerror()) && strstr(message, "an executable, not a shared object"));

    /* fork: the child has the same objects where they were, the same handles and the plug-in's data as it stands. */
    {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {   /* it ends by _exit: the plug-in's finalizer does not run in it, as on Linux */
            int bad = 0;
            bad += open_plugin("libplugin.so", RTLD_NOW) != plugin;             /* the same handle */
            int (*again)(int) = (int (*)(int))dlsym(plugin, "plugin_twice_plus");
            bad += again == NULL || again(1) != 1002;                            /* its data as the parent left it */
            bad += dlsym(RTLD_DEFAULT, "second_value") == NULL;                  /* RTLD_GLOBAL's scope */
            bad += dlopen("libc.so", RTLD_NOW) == NULL;
            _exit(bad);
        }
        int status = -1;
        CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }

    host_note("main done");
    return CHECK_DONE();
}
