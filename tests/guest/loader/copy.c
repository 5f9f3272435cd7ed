/* A program that reads and writes libcopy.so's variables as its own (R_X86_64_COPY). Built non-PIE (-fno-pie -no-pie)
 * and as a PIE. */
#include "loader.h"

extern int copy_counter;
extern int copy_table[4];
extern const char *copy_message;
int lib_get_counter(void);
void lib_set_counter(int value);
int lib_table_sum(void);
int *lib_counter_address(void);
const char *lib_message(void);

int main(void)
{
    say("initial %d, table %d %d %d %d, message '%s'", copy_counter, copy_table[0], copy_table[1], copy_table[2],
        copy_table[3], copy_message);
    copy_counter = 100;
    say("program wrote 100, library reads %d", lib_get_counter());
    lib_set_counter(7);
    say("library wrote 7, program reads %d", copy_counter);
    copy_table[3] = 1000;
    say("library sums the table: %d", lib_table_sum());
    say("same address: %s", lib_counter_address() == &copy_counter ? "yes" : "no");
    copy_message = "changed by the program";
    say("library sees message '%s'", lib_message());
    return 0;
}
