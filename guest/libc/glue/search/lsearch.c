/* lsearch.c - the linear searches of <search.h> (POSIX; newlib has only the hash and tree ones):
 * lfind finds KEY among *COUNT elements of WIDTH bytes at BASE; lsearch also appends it when absent. */
#include "libc_internal.h"
#include <search.h>
#include <string.h>

void *lfind(const void *key, const void *base, size_t *count, size_t width, __compar_fn_t compare)
{
    const char *element = base;
    for (size_t i = 0; i < *count; i++, element += width)
        if (compare(key, element) == 0) return (void *)element;
    return NULL;
}

void *lsearch(const void *key, void *base, size_t *count, size_t width, __compar_fn_t compare)
{
    void *found = lfind(key, base, count, width, compare);
    if (found) return found;
    char *end = (char *)base + *count * width;
    memcpy(end, key, width);
    ++*count;
    return end;
}
