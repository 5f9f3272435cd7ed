/* A plug-in for dynload.c: loaded at run time, it needs libplugdep.so (DT_NEEDED, found through its
 * $ORIGIN run path), calls back into the program (host_add, exported with -rdynamic), keeps state
 * that its constructor set up, and has a finalizer that reports back through the program. */
#include <stdio.h>

int host_add(int a, int b);        /* defined by the program */
void host_note(const char *what);  /* likewise */
int dep_twice(int x);              /* libplugdep.so */

static int initialized;
int plugin_counter = 100;

__attribute__((constructor)) static void plugin_init(void) { initialized = 41; }
__attribute__((destructor)) static void plugin_fini(void) { host_note("plugin finalized"); }

int plugin_answer(void) { return host_add(initialized, 1); }
int plugin_twice_plus(int x) { return dep_twice(x) + plugin_counter; }
const char *plugin_name(void) { return "plugin"; }
