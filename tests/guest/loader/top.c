/* The top of the chain: calls into libmid.so. Besides a constructor and a destructor it has a
 * DT_INIT and a DT_FINI function (linked with -Wl,-init,top_dt_init -Wl,-fini,top_dt_fini): DT_INIT
 * runs before the DT_INIT_ARRAY entries, DT_FINI after the DT_FINI_ARRAY entries. */
#include "loader.h"

int mid_value(void);
int mid_bump_leaf(void);
void *mid_leaf_bump_address(void);

int top_value(void) { return mid_value() + 100; }
int top_bump_leaf(void) { return mid_bump_leaf(); }
void *top_leaf_bump_address(void) { return mid_leaf_bump_address(); }

void top_dt_init(void) { say("DT_INIT top"); }
void top_dt_fini(void) { say("DT_FINI top"); }

__attribute__((constructor)) static void top_init(void) { say("init top"); }
__attribute__((destructor)) static void top_fini(void) { say("fini top"); }
