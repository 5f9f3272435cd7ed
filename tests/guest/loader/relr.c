/* A PIE program linked with -z pack-relative-relocs, with its own pointer tables, using librelr.so's. */
#include "loader.h"
#include "relr.h"

static int targets[150];
static const int *const pointers[150] = {P50(targets, 0), P50(targets, 50), P50(targets, 100)};
static const struct relr_item items[70] = {
    S10(targets, 0), S10(targets, 10), S10(targets, 20), S10(targets, 30), S10(targets, 40), S10(targets, 50), S10(targets, 60),
};
extern const char *const relr_lib_strings[3];
int relr_lib_check(void);

int main(void)
{
    int result;
    RELR_CHECK(targets, pointers, items, result);
    say("program pointers right: %d of 220", result);
    say("library pointers right: %d of 220", relr_lib_check());
    say("library strings: %s %s %s", relr_lib_strings[0], relr_lib_strings[1], relr_lib_strings[2]);
    return 0;
}
