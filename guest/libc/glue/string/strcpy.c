/* strcpy.c - strcpy and stpcpy: the fast strlen, then the fast memcpy of the string and its
 * terminator (two passes over a string in cache cost less than newlib's byte loop for unaligned ones). */
#include <string.h>

char *stpcpy(char *restrict d, const char *restrict s)
{
    size_t n = strlen(s);
    memcpy(d, s, n + 1);
    return d + n;
}

char *strcpy(char *restrict d, const char *restrict s)
{
    memcpy(d, s, strlen(s) + 1);
    return d;
}
