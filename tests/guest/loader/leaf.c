/* The bottom of the chain program -> libtop.so -> libmid.so -> libleaf.so. Its counter is the
 * proof that an object needed by several others is loaded once: every caller bumps the same one. */
#include "loader.h"

static int counter;

int leaf_bump(void) { return ++counter; }
int leaf_value(void) { return 1; }

__attribute__((constructor)) static void leaf_init(void) { say("init leaf"); }
__attribute__((destructor)) static void leaf_fini(void) { say("fini leaf"); }
