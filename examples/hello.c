/* hello: prints through the host's C library (until the guest C library lands) and returns 0. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from Microcosm! (%s, %d argument%s)\n", argv[0], argc - 1, argc == 2 ? "" : "s");
    return 0;
}
