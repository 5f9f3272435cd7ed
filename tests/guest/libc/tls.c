/* tls: thread-local storage (__thread, _Thread_local) in the program, in a library it links and in a
 * plug-in it opens: initial values in every thread, zero-filled blocks, an initial value that is an address,
 * alignment, each thread's own copy, threads that started before the plug-in was opened, dlsym of a
 * thread-local variable, and a fork child that has the parent's values. Prints the same as natively. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#ifdef __microcosm__
#define PLUGINS "plugins"
#else
#define PLUGINS "native-plugins"
#endif

int global = 7;
__thread int counter = 42;
_Thread_local char name[32] = "initial";
static __thread long zeroed[100];
__thread int *pointer = &global;
static __thread double aligned __attribute__((aligned(64))) = 1.5;

extern __thread int dep_value;
int dep_get(void);
void dep_set(int value);
int *dep_address(void);
const char *dep_note_text(void);

static int (*plug_get)(void);
static void (*plug_set)(int);
static int *(*plug_address)(void);
static long (*plug_add)(long);
static int (*plug_last)(void);

/* Whether this thread sees every variable at its initial value. */
static int initial_values(void)
{
    int ok = counter == 42 && strcmp(name, "initial") == 0 && *pointer == 7 && aligned == 1.5 &&
             dep_value == 100 && dep_get() == 100 && strcmp(dep_note_text(), "dep") == 0;
    for (int i = 0; i < 100; i++) ok &= zeroed[i] == 0;
    return ok;
}

struct result { int initial, own, plugin; int *counter_at; };

static void *worker(void *arg)
{
    struct result *r = arg;
    r->initial = initial_values();
    r->counter_at = &counter;
    for (int i = 0; i < 100000; i++) counter++;
    dep_set(dep_value + 1);
    snprintf(name, sizeof name, "worker");
    r->own = counter == 100042 && dep_get() == 101 && strcmp(name, "worker") == 0;
    return NULL;
}

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static int plugin_open;

/* Started before the plug-in is opened: its blocks there must still hold the initial values. */
static void *early(void *arg)
{
    struct result *r = arg;
    pthread_mutex_lock(&gate);
    while (!plugin_open) pthread_cond_wait(&opened, &gate);
    pthread_mutex_unlock(&gate);
    r->plugin = plug_get() == 9 && plug_last() == 99 && plug_add(5) == 5;
    plug_set(1);
    r->own = plug_get() == 1;
    return NULL;
}

int main(int argc, char **argv)
{
    (void)argc;
    char directory[512];
    strncpy(directory, argv[0], sizeof directory - 1);
    directory[sizeof directory - 1] = 0;
    char *slash = strrchr(directory, '/');
    if (slash) *slash = 0; else strcpy(directory, ".");

    printf("main thread sees initial values: %s\n", initial_values() ? "yes" : "no");
    printf("aligned to 64: %s\n", ((uintptr_t)&aligned & 63) == 0 ? "yes" : "no");
    printf("library variable and its own code agree: %s\n", &dep_value == dep_address() ? "yes" : "no");

    counter = 1;
    strcpy(name, "main");
    dep_set(5);
    pointer = &counter;

    struct result results[4] = { 0 };
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&threads[i], NULL, worker, &results[i]) == 0);
    for (int i = 0; i < 4; i++) CHECK(pthread_join(threads[i], NULL) == 0);
    int initial = 1, own = 1, distinct = 1;
    for (int i = 0; i < 4; i++) {
        initial &= results[i].initial;
        own &= results[i].own;
        distinct &= results[i].counter_at != &counter;
        for (int j = 0; j < i; j++) distinct &= results[i].counter_at != results[j].counter_at;
    }
    printf("new threads see initial values: %s\n", initial ? "yes" : "no");
    printf("each thread has its own copy: %s\n", own && distinct ? "yes" : "no");
    printf("main's values unchanged: %s\n",
           counter == 1 && strcmp(name, "main") == 0 && dep_value == 5 && *pointer == 1 ? "yes" : "no");

    struct result before = { 0 };
    pthread_t early_thread;
    CHECK(pthread_create(&early_thread, NULL, early, &before) == 0);
    char path[600];
    snprintf(path, sizeof path, "%s/" PLUGINS "/libtlsplug.so", directory);
    void *plugin = dlopen(path, RTLD_NOW);
    if (!plugin) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    plug_get = (int (*)(void))dlsym(plugin, "plug_get");
    plug_set = (void (*)(int))dlsym(plugin, "plug_set");
    plug_address = (int *(*)(void))dlsym(plugin, "plug_address");
    plug_add = (long (*)(long))dlsym(plugin, "plug_add");
    plug_last = (int (*)(void))dlsym(plugin, "plug_last");
    CHECK(plug_get && plug_set && plug_address && plug_add && plug_last);
    pthread_mutex_lock(&gate);
    plugin_open = 1;
    pthread_cond_broadcast(&opened);
    pthread_mutex_unlock(&gate);
    CHECK(pthread_join(early_thread, NULL) == 0);
    printf("plug-in: initial values: %s\n", plug_get() == 9 && plug_last() == 99 ? "yes" : "no");
    printf("plug-in: a thread started before dlopen sees them too: %s\n", before.plugin && before.own ? "yes" : "no");
    plug_set(3);
    printf("plug-in: value set: %d, sum %ld\n", plug_get(), plug_add(2));
    printf("dlsym of a thread-local variable is this thread's: %s\n",
           dlsym(plugin, "plug_value") == (void *)plug_address() ? "yes" : "no");

    fflush(stdout);
    pid_t child = fork();
    if (child == 0)
        _exit(counter == 1 && strcmp(name, "main") == 0 && dep_value == 5 && plug_get() == 3 ? 0 : 1);
    int status = 0;
    CHECK(child > 0 && waitpid(child, &status, 0) == child);
    printf("fork child has the parent's values: %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
    return check_failures;
}
