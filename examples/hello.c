/* hello: the classic, built with the SDK's C library (newlib for Microcosm). */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from Microcosm! (%s, %d argument%s)\n", argv[0], argc - 1, argc == 2 ? "" : "s");
    return 0;
}
