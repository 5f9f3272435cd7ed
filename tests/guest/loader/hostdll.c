/* Calls a Windows DLL's functions directly: msvcrt.dll's qsort, which calls back into guest code, and strlen. They are
 * Win64 functions, so they are declared ms_abi and gcc makes the Win64 calls itself (and the comparison a Win64
 * function, as msvcrt calls it), as the Windows modules do (docs/hosts.md). The exit status says what it found:
 * strlen(argv[1]) when the numbers came back sorted, 100 + the first wrong place otherwise. */
#include <stddef.h>

#define WIN64 __attribute__((ms_abi))

WIN64 void qsort(void *base, size_t count, size_t size, int (WIN64 *compare)(const void *, const void *));
WIN64 size_t strlen(const char *text);

static int comparisons;

static WIN64 int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    comparisons++;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int numbers[] = {42, -7, 19, 3, 100, 0, 19};
    static const int sorted[] = {-7, 0, 3, 19, 19, 42, 100};
    qsort(numbers, sizeof numbers / sizeof numbers[0], sizeof numbers[0], compare_ints);
    for (int i = 0; i < 7; i++)
        if (numbers[i] != sorted[i]) return 100 + i;
    return comparisons > 0 ? (int)strlen(argv[argc - 1]) : 99;
}
