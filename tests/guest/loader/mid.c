/* The middle of the chain: calls into libleaf.so. */
#include "loader.h"

int leaf_bump(void);
int leaf_value(void);

int mid_value(void) { return leaf_value() + 10; }
int mid_bump_leaf(void) { return leaf_bump(); }
/* What leaf_bump resolves to as seen from here, to compare with the program's view. */
void *mid_leaf_bump_address(void) { return (void *)leaf_bump; }

__attribute__((constructor)) static void mid_init(void) { say("init mid"); }
__attribute__((destructor)) static void mid_fini(void) { say("fini mid"); }
