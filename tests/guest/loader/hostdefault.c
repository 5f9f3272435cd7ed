/* Calls the host's default symbol scope (microcosm cc --host-lib "": a dependency on libhost_.so),
 * where the host's C library is. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("default scope: strlen(\"%s\") = %zu\n", argv[argc - 1], strlen(argv[argc - 1]));
    fflush(stdout);
    return 5;
}
