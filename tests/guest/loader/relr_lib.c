/* librelr.so, linked with -z pack-relative-relocs: its pointer tables are relocated through DT_RELR. */
#include "relr.h"

static int lib_targets[150];
static const int *const lib_pointers[150] = {P50(lib_targets, 0), P50(lib_targets, 50), P50(lib_targets, 100)};
static const struct relr_item lib_items[70] = {
    S10(lib_targets, 0), S10(lib_targets, 10), S10(lib_targets, 20), S10(lib_targets, 30),
    S10(lib_targets, 40), S10(lib_targets, 50), S10(lib_targets, 60),
};
/* Exported, so that the program can check it against what it sees. */
const char *const relr_lib_strings[3] = {"alpha", "beta", "gamma"};

int relr_lib_check(void)
{
    int result;
    RELR_CHECK(lib_targets, lib_pointers, lib_items, result);
    return result;
}
