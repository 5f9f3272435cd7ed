/* strlen.c - strlen and strnlen, 16 aligned bytes at a time (vector.h says why aligned loads may read
 * past the terminator). */
#include "string/vector.h"
#include <string.h>

size_t strlen(const char *s)
{
    const unsigned char *p = block_of(s);
    /* The first block's bytes before s do not count. */
    unsigned zeros = zero_bits(load_aligned(p)) >> place_in_block(s);
    if (zeros) return __builtin_ctz(zeros);
    for (;;) {
        p += 16;
        zeros = zero_bits(load_aligned(p));
        if (zeros) return (size_t)(p - (const unsigned char *)s) + __builtin_ctz(zeros);
    }
}

size_t strnlen(const char *s, size_t max)
{
    if (max == 0) return 0;
    const unsigned char *p = block_of(s);
    size_t found;
    unsigned zeros = zero_bits(load_aligned(p)) >> place_in_block(s);
    if (zeros) {
        found = __builtin_ctz(zeros);
    } else {
        /* Blocks wholly past max are not read: the terminator may be missing there. */
        size_t seen = 16 - place_in_block(s);
        for (;;) {
            if (seen >= max) return max;
            p += 16;
            zeros = zero_bits(load_aligned(p));
            if (zeros) break;
            seen += 16;
        }
        found = seen + __builtin_ctz(zeros);
    }
    return found < max ? found : max;
}
