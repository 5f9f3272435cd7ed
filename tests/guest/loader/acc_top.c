/* Acceptance scenario, top: the program's interface to the chain. */
#include <microcosm.h>
#include <stdio.h>

int acc_mid_depth(void);
int acc_mid_format(char *buffer, size_t size, const char *what, double value);
intptr_t acc_mid_store(intptr_t value);
intptr_t acc_mid_load(void);

int acc_top_depth(void) { return acc_mid_depth() + 1; }

void acc_top_report(const char *what, double value)
{
    char line[80];
    acc_mid_format(line, sizeof line, what, value);
    printf("%s\n", line);
}

intptr_t acc_top_roundtrip(intptr_t value)
{
    intptr_t status = acc_mid_store(value);
    return status == 0 ? acc_mid_load() : status;
}
