/* greeter: a program using a shared library of its own (libgreet.so, found through $ORIGIN). */
#include "greet.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    char line[256];
    for (int i = 1; i < argc; i++) {
        greet(argv[i], line, sizeof line);
        puts(line);
    }
    printf("%d greeting%s in %s\n", greet_count, greet_count == 1 ? "" : "s", greet_language());
    return 0;
}
