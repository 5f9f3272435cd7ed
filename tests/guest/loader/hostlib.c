/* Calls the host's C library directly (microcosm cc --host-lib libc.so.6), including qsort, which
 * calls back into guest code. */
#include "loader.h"
#include <stdlib.h>
#include <string.h>

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int numbers[] = {42, -7, 19, 3, 100, 0, 19};
    qsort(numbers, sizeof numbers / sizeof numbers[0], sizeof numbers[0], compare_ints);
    char text[64];
    int length = snprintf(text, sizeof text, "%d %d %d %d %d %d %d", numbers[0], numbers[1], numbers[2], numbers[3],
                          numbers[4], numbers[5], numbers[6]);
    printf("sorted: %s (%d characters)\n", text, length);
    printf("strlen(\"%s\") = %zu\n", argv[argc - 1], strlen(argv[argc - 1]));
    printf("strcmp: %d\n", strcmp("abc", "abd") < 0);
    fflush(stdout);
    return (int)strlen(text);
}
