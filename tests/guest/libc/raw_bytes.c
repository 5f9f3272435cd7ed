/* raw_bytes: prints its argv[0], arguments and the variable MC_RAW as hex, one line each, so that a
 * test can see the exact bytes a program was given (bytes that are not UTF-8 included). */
#include <stdio.h>
#include <stdlib.h>

static void hex(const char *label, const char *s)
{
    printf("%s:", label);
    for (; s && *s; s++) printf(" %02x", (unsigned char)*s);
    putchar('\n');
}

int main(int argc, char **argv)
{
    hex("argv0", argv[0]);
    for (int i = 1; i < argc; i++) hex("arg", argv[i]);
    hex("MC_RAW", getenv("MC_RAW"));
    return 0;
}
